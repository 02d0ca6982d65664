import { createHash } from 'node:crypto';
import type { EventMetadata } from '../eventStore/eventStore';

export const GENESIS_HASH = '';

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
};

/**
 * metadata.hash = sha256(prevHash + canonical JSON of type, data and the rest of the metadata), chained per
 * stream: altering any stored event breaks its own hash and every later link.
 */
export const computeEventHash = (
  prevHash: string,
  event: Readonly<{ type: string; data: unknown; metadata: EventMetadata }>,
): string => {
  const { hash: _hash, ...metadata } = event.metadata;
  const payload = canonicalJson({ type: event.type, data: event.data, metadata });
  return createHash('sha256').update(prevHash).update(payload).digest('hex');
};
