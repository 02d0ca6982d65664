import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type AllStreamResolvedEvent,
  type AppendResult as EsdbAppendResult,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  fromEsdbCurrentRevision,
  fromEsdbExpectedRevision,
  toAppendResult,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEventData,
  toRecordedEvent,
} from '../../../../src/infrastructure/eventstore/esdb/mapping';

const created = new Date('2026-01-02T03:04:05.678Z');

/** A JSON event of `$all` as the client's convertGrpcEvent builds it. */
const allEvent = (
  overrides: Partial<NonNullable<AllStreamResolvedEvent['event']>> = {},
): AllStreamResolvedEvent => ({
  event: {
    streamId: 'order-7',
    id: '0b0e7f53-2d5c-4f4b-9d07-3c1a8d6f0a11',
    isJson: true,
    revision: 4n,
    type: 'OrderPlaced',
    created,
    data: { orderId: '7', totalMinor: 1250 },
    metadata: { correlationId: 'c-1', schemaVersion: 1 },
    position: { commit: 9_007_199_254_740_993n, prepare: 9_007_199_254_740_993n },
    ...overrides,
  } as NonNullable<AllStreamResolvedEvent['event']>,
  commitPosition: 9_007_199_254_740_993n,
});

describe('expected revision mapping', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [0n, 0n],
    [41n, 41n],
  ] as const)('maps %p to the client value %p and back', (port, client) => {
    expect(toEsdbExpectedRevision(port)).toBe(client);
    expect(fromEsdbExpectedRevision(client)).toBe(port);
  });

  it('reads the server legacy numeric codes found in error metadata', () => {
    expect(fromEsdbExpectedRevision(-1n)).toBe('no_stream');
    expect(fromEsdbExpectedRevision(-2n)).toBe('any');
    expect(fromEsdbExpectedRevision(-4n)).toBe('stream_exists');
  });

  it('maps the current revision, with -1 meaning no stream', () => {
    expect(fromEsdbCurrentRevision(NO_STREAM)).toBe('no_stream');
    expect(fromEsdbCurrentRevision(-1n)).toBe('no_stream');
    expect(fromEsdbCurrentRevision(12n)).toBe(12n);
  });
});

describe('toEsdbEvent', () => {
  it('builds a JSON event with our id, type, data and metadata', () => {
    const event = toEsdbEvent({
      id: '5f1d0c3e-8a8e-4f7b-a3a4-1f0e2d3c4b5a',
      type: 'WalletToppedUp',
      data: { amountMinor: 500 },
      metadata: { correlationId: 'c-9', userId: 'u-1' },
    });
    expect(event).toEqual({
      id: '5f1d0c3e-8a8e-4f7b-a3a4-1f0e2d3c4b5a',
      contentType: 'application/json',
      type: 'WalletToppedUp',
      data: { amountMinor: 500 },
      metadata: { correlationId: 'c-9', userId: 'u-1' },
    });
  });

  it('sends empty metadata when there is none', () => {
    expect(toEsdbEvent({ id: '5f1d0c3e-8a8e-4f7b-a3a4-1f0e2d3c4b5a', type: 'T', data: {} }).metadata).toEqual(
      {},
    );
  });
});

describe('toAppendResult', () => {
  it('keeps revision and position as bigint beyond 2^53', () => {
    const result: EsdbAppendResult = {
      success: true,
      nextExpectedRevision: 9_007_199_254_740_993n,
      position: { commit: 18_014_398_509_481_985n, prepare: 18_014_398_509_481_984n },
    };
    expect(toAppendResult(result)).toEqual({
      nextExpectedRevision: 9_007_199_254_740_993n,
      position: { commit: 18_014_398_509_481_985n, prepare: 18_014_398_509_481_984n },
    });
  });

  it('has no result of its own when the server sent no position (an idempotent re-append)', () => {
    expect(toAppendResult({ success: true, nextExpectedRevision: 3n, position: undefined })).toBeUndefined();
  });
});

describe('toRecordedEvent', () => {
  it('maps a JSON event of $all to the envelope', () => {
    expect(toRecordedEvent(allEvent())).toEqual({
      id: '0b0e7f53-2d5c-4f4b-9d07-3c1a8d6f0a11',
      type: 'OrderPlaced',
      streamName: 'order-7',
      revision: 4n,
      position: { commit: 9_007_199_254_740_993n, prepare: 9_007_199_254_740_993n },
      recordedAt: created,
      data: { orderId: '7', totalMinor: 1250 },
      metadata: { correlationId: 'c-1', schemaVersion: 1 },
    });
  });

  it('skips system events and events of system streams', () => {
    expect(toRecordedEvent(allEvent({ type: '$metadata', streamId: '$$order-7' }))).toBeUndefined();
    expect(toRecordedEvent(allEvent({ type: '$statsCollected' }))).toBeUndefined();
    expect(toRecordedEvent(allEvent({ streamId: '$scavenges' }))).toBeUndefined();
  });

  it('skips a stream event read without a position (servers before 22.6)', () => {
    const resolved = { event: { ...allEvent().event, position: undefined } } as ResolvedEvent;
    expect(toRecordedEvent(resolved)).toBeUndefined();
  });

  it('skips a resolved event without an event (an unresolved link)', () => {
    expect(toRecordedEvent({ commitPosition: 5n })).toBeUndefined();
  });

  it('decodes binary data and metadata written as JSON bytes', () => {
    const recorded = toRecordedEvent(
      allEvent({
        isJson: false,
        data: Uint8Array.from(Buffer.from('{"a":1}')),
        metadata: Uint8Array.from(Buffer.from('{"userId":"u"}')),
      }),
    );
    expect(recorded?.data).toEqual({ a: 1 });
    expect(recorded?.metadata).toEqual({ userId: 'u' });
  });

  it('gives empty metadata when the event has none', () => {
    expect(toRecordedEvent(allEvent({ metadata: undefined }))?.metadata).toEqual({});
  });
});

describe('toEventData', () => {
  it('keeps an object and wraps anything else', () => {
    expect(toEventData({ a: 1 })).toEqual({ a: 1 });
    expect(toEventData([1, 2])).toEqual({ value: [1, 2] });
    expect(toEventData('text')).toEqual({ value: 'text' });
    expect(toEventData(Uint8Array.from([0xff, 0x00]))).toEqual({ value: '/wA=' });
  });
});
