import type { PersistentMap } from '../../domain/shared/persistentMap';

type TrieNode = NonNullable<PersistentMap<unknown>['root']>;

const isPersistentMap = (value: object): value is PersistentMap<unknown> => {
  const keys = Object.keys(value);
  return keys.length === 2 && 'root' in value && typeof (value as { size?: unknown }).size === 'number';
};

const collectEntries = (node: TrieNode | undefined, into: (readonly [string, unknown])[]): void => {
  if (node === undefined) return;
  if (node.kind === 'leaf') into.push(...node.entries);
  else for (const child of node.children) collectEntries(child, into);
};

/**
 * A domain state as plain JSON: the persistent maps deciders keep become objects keyed like the map (in key
 * order), so an auditor reads `{ products: { sku-1: {...} } }` rather than a hash trie.
 */
export const toPlainState = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlainState);
  if (isPersistentMap(value)) {
    const entries: (readonly [string, unknown])[] = [];
    collectEntries(value.root, entries);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, toPlainState(item)]));
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainState(item)]));
};
