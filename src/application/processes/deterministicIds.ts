import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from a seed: the same triggering event and step always yield the same
 * event ids, so a replayed command is recognised by the store as already appended.
 */
export const deterministicUuid = (seed: string): string => {
  const bytes = createHash('sha1').update(seed).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const eventIdsFor = (triggerEventId: string, step: string) => (index: number) =>
  deterministicUuid(`${triggerEventId}:${step}:${index}`);
