import { randomUUID } from 'node:crypto';
import type {
  EventStore,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
  SubscribeOptions,
} from '../../../src/application/eventStore/eventStore';
import { WrongExpectedVersionError } from '../../../src/application/eventStore/errors';
import { comparePositions, type Position } from '../../../src/application/eventStore/position';

export type StoreUnderTest = Readonly<{ store: EventStore; teardown: () => Promise<void> }>;

/** Gives each describe block the store created once for the whole suite. */
export type StoreAccess = () => EventStore;

/**
 * Names unique to one run, so the suite also works on a shared EventStoreDB where `$all` holds other runs'
 * events: every stream starts with `prefix`, every event type with `typePrefix`.
 */
export const uniqueNames = () => {
  const run = randomUUID().replace(/-/g, '').slice(0, 12);
  return {
    prefix: `c${run}`,
    typePrefix: `C${run}`,
    stream: (name: string) => `c${run}${name}-${randomUUID().slice(0, 8)}`,
  };
};

export const newEvent = (type: string, data: Record<string, unknown> = {}, metadata = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata,
});

export const ids = (events: readonly { id: string }[]): string[] => events.map((event) => event.id);

export const expectWrongVersion = async (
  append: Promise<unknown>,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): Promise<void> => {
  const error: unknown = await append.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject({
    expected,
    actual,
    code: 'STREAM.WRONG_EXPECTED_VERSION',
    details: { expected: String(expected), actual: String(actual) },
  });
};

export const expectIncreasing = (positions: readonly Position[]): void => {
  for (let index = 1; index < positions.length; index += 1) {
    expect(comparePositions(positions[index - 1]!, positions[index]!)).toBe(-1);
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads until `done` holds (or a generous deadline passes, leaving the assertions to fail). A store may
 * show committed events to `$all` readers a little later, e.g. behind the Postgres store's xmin gate.
 */
export const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await pause(20);
    value = await read();
  }
  return value;
};

export type Collected = { events: RecordedEvent[]; batches: number[] };

/**
 * Subscribes and gathers events until `done` holds, then leaves the loop (ending the subscription); aborts
 * after a generous deadline so a missing event fails the assertions instead of hanging the suite.
 */
export const collect = async (
  store: EventStore,
  options: Omit<SubscribeOptions, 'signal'>,
  done: (events: readonly RecordedEvent[]) => boolean,
  onBatch: (events: readonly RecordedEvent[]) => Promise<void> = () => Promise.resolve(),
): Promise<Collected> => {
  const controller = new AbortController();
  const deadline = setTimeout(() => controller.abort(), 20_000);
  const collected: Collected = { events: [], batches: [] };
  try {
    for await (const batch of store.subscribeToAll({ ...options, signal: controller.signal })) {
      collected.events.push(...batch);
      collected.batches.push(batch.length);
      if (done(collected.events)) break;
      await onBatch(collected.events);
    }
  } finally {
    clearTimeout(deadline);
  }
  return collected;
};

export const ofRun = (prefix: string, events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.filter((event) => event.streamName.startsWith(prefix));
