/** The part of a pino logger the event store uses; pino's Logger fits it. */
export type EventStoreLogger = Readonly<{
  warn: (details: object, message: string) => void;
  debug: (details: object, message: string) => void;
}>;

export const silentLogger: EventStoreLogger = { warn: () => undefined, debug: () => undefined };
