import type { Position } from './eventStore/position';

/** Time and identity come from outside, so deciders stay pure and tests stay deterministic. */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date() };

/** Where a subscriber (processor, publisher) resumes after a restart. */
export interface CheckpointStore {
  load(name: string): Promise<Position | undefined>;
  save(name: string, position: Position): Promise<void>;
}

/** The slice of a structured logger the application needs (pino satisfies it). */
export interface AppLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}
