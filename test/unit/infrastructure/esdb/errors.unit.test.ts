import {
  DeadlineExceededError,
  NotLeaderError,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  convertToCommandError,
} from '@eventstore/db-client';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../../../src/application/eventStore/errors';
import { mapEsdbError, withEsdbErrors } from '../../../../src/infrastructure/eventstore/esdb/errors';

/** A gRPC failure as @grpc/grpc-js hands it to the client. */
const serviceError = (code: status, details: string, entries: Record<string, string> = {}): ServiceError => {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
};

describe('wrong expected version', () => {
  it('maps the error the client builds from an append response', () => {
    const error = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 'order-1',
      expected: 3n,
      current: 5n,
    });
    const mapped = mapEsdbError(error);
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamName: 'order-1', expected: 3n, actual: 5n, kind: 'conflict' });
  });

  it('maps "no stream" as the actual revision', () => {
    const error = new EsdbWrongExpectedVersionError(undefined, {
      streamName: 'order-1',
      expected: STREAM_EXISTS,
      current: 'no_stream',
    });
    expect(mapEsdbError(error)).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it('maps the error built from gRPC metadata, legacy codes included', () => {
    const raw = serviceError(status.FAILED_PRECONDITION, 'Wrong expected version', {
      exception: 'wrong-expected-version',
      'stream-name': 'wallet-9',
      'expected-version': '-1',
      'actual-version': '2',
    });
    const converted = convertToCommandError(raw);
    expect(converted).toBeInstanceOf(EsdbWrongExpectedVersionError);
    expect(mapEsdbError(converted)).toMatchObject({
      streamName: 'wallet-9',
      expected: 'no_stream',
      actual: 2n,
    });
  });

  it("prefers the caller's expected revision and stream name when given", () => {
    const error = new EsdbWrongExpectedVersionError(undefined, {
      streamName: '',
      expected: -2n,
      current: 0n,
    });
    expect(mapEsdbError(error, { streamName: 'user-1', expectedRevision: 'any' })).toMatchObject({
      streamName: 'user-1',
      expected: 'any',
      actual: 0n,
    });
  });
});

describe('stream not found', () => {
  it('maps the error a stream read produces (stream name as bytes)', () => {
    const error = new EsdbStreamNotFoundError(undefined, Uint8Array.from(Buffer.from('order-404')));
    const mapped = mapEsdbError(error);
    expect(mapped).toBeInstanceOf(StreamNotFoundError);
    expect(mapped).toMatchObject({ streamName: 'order-404', kind: 'not_found' });
  });

  it('maps a deleted stream to not found', () => {
    expect(mapEsdbError(StreamDeletedError.fromStreamName('order-5'))).toMatchObject({
      streamName: 'order-5',
      code: 'STREAM.NOT_FOUND',
    });
  });
});

describe('unavailable', () => {
  it('maps a raw gRPC UNAVAILABLE (code 14) that escaped the client', () => {
    const raw = serviceError(status.UNAVAILABLE, 'No connection established');
    expect(raw.code).toBe(14);
    const mapped = mapEsdbError(raw);
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped).toMatchObject({ kind: 'unavailable', code: 'EVENT_STORE.UNAVAILABLE', cause: raw });
  });

  it.each([
    ['UNAVAILABLE', serviceError(status.UNAVAILABLE, 'connect ECONNREFUSED'), UnavailableError],
    ['DEADLINE_EXCEEDED', serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), DeadlineExceededError],
    [
      'not leader',
      serviceError(status.NOT_FOUND, 'Leader info available', {
        exception: 'not-leader',
        'leader-endpoint-host': '10.0.0.2',
        'leader-endpoint-port': '2113',
      }),
      NotLeaderError,
    ],
  ])('maps the client error converted from %s', (_name, raw, expectedClass) => {
    const converted = convertToCommandError(raw);
    expect(converted).toBeInstanceOf(expectedClass);
    expect(mapEsdbError(converted)).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('leaves unrelated errors alone', () => {
    const bug = new TypeError('x is undefined');
    expect(mapEsdbError(bug)).toBe(bug);
    const denied = convertToCommandError(serviceError(status.UNAUTHENTICATED, 'Access denied'));
    expect(mapEsdbError(denied)).toBe(denied);
  });
});

describe('withEsdbErrors', () => {
  it('rethrows the mapped error and passes results through', async () => {
    await expect(withEsdbErrors({}, () => Promise.resolve(7))).resolves.toBe(7);
    await expect(
      withEsdbErrors({}, () => Promise.reject(serviceError(status.UNAVAILABLE, 'down'))),
    ).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
