import { hash } from 'node:crypto';
import type { EventMetadata } from '../eventStore/eventStore';

/**
 * The same bytes as hashChain.ts's canonicalJson, written for the verification loop: one string builder
 * per value instead of entry arrays, sorts and joins (tested equal to it on random values).
 */
const canonical = (value: unknown, skipKey?: string): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      out += index === 0 ? canonical(value[index]) : `,${canonical(value[index])}`;
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || key === skipKey) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonical(item)}`;
  }
  return `${out}}`;
};

/** What the hash covers after prevHash: canonical JSON of type, data and metadata without hash. */
export const canonicalPayload = (
  event: Readonly<{ type: string; data: unknown; metadata: EventMetadata }>,
): string => {
  const data = event.data === undefined ? '' : `"data":${canonical(event.data)},`;
  return `{${data}"metadata":${canonical(event.metadata, 'hash')},"type":${JSON.stringify(event.type)}}`;
};

/** computeEventHash, faster: sha256(prevHash + canonical JSON of type, data and metadata without hash). */
export const fastEventHash = (
  prevHash: string,
  event: Readonly<{ type: string; data: unknown; metadata: EventMetadata }>,
): string => hash('sha256', prevHash + canonicalPayload(event), 'hex');
