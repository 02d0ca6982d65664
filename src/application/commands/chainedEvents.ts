import type { Message } from '../../domain/shared/decider';
import { computeEventHash } from '../audit/hashChain';
import type { EventMetadata, EventToAppend } from '../eventStore/eventStore';

export const SCHEMA_VERSION = 1;

/** Who asked and why: copied into every appended event's metadata. */
export type CommandContext = Readonly<{ correlationId: string; causationId?: string; userId?: string }>;

/**
 * The decided events as the store receives them: metadata from the context, each event's hash chained to
 * the previous one's (`prevHash` of the first is the stream's last hash), and their ids.
 */
export const chainedEvents = (
  events: readonly Message[],
  lastHash: string,
  context: CommandContext,
  idOf: (index: number) => string,
): EventToAppend[] => {
  let prevHash = lastHash;
  return events.map((event, index): EventToAppend => {
    const base: EventMetadata = { ...context, schemaVersion: SCHEMA_VERSION, prevHash };
    const hash = computeEventHash(prevHash, { type: event.type, data: event.data, metadata: base });
    prevHash = hash;
    return {
      id: idOf(index),
      type: event.type,
      data: event.data as EventToAppend['data'],
      metadata: { ...base, hash },
    };
  });
};
