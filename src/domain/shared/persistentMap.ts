/**
 * An immutable string-keyed map with structural sharing (a hash trie, 32-way). `evolve` must not mutate
 * the previous state, and copying a plain Map on every event would make folding a long wallet or catalog
 * stream quadratic; here a `set` copies only the few nodes on one path.
 */
type Entry<V> = readonly [key: string, value: V];
type Leaf<V> = Readonly<{ kind: 'leaf'; hash: number; entries: readonly Entry<V>[] }>;
type Branch<V> = Readonly<{ kind: 'branch'; children: readonly (TrieNode<V> | undefined)[] }>;
type TrieNode<V> = Leaf<V> | Branch<V>;

export type PersistentMap<V> = Readonly<{ root: TrieNode<V> | undefined; size: number }>;

const BITS = 5;
const MASK = (1 << BITS) - 1;

/** FNV-1a, 32 bits: cheap and well spread for ids and skus. */
const hashOf = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
};

const slot = (hash: number, shift: number): number => (hash >>> shift) & MASK;

export const emptyMap = <V>(): PersistentMap<V> => ({ root: undefined, size: 0 });

export const mapGet = <V>(map: PersistentMap<V>, key: string): V | undefined => {
  const hash = hashOf(key);
  let node = map.root;
  for (let shift = 0; node?.kind === 'branch'; shift += BITS) node = node.children[slot(hash, shift)];
  if (node?.hash !== hash) return undefined;
  return node.entries.find(([entryKey]) => entryKey === key)?.[1];
};

export const mapHas = <V>(map: PersistentMap<V>, key: string): boolean => mapGet(map, key) !== undefined;

const leafWith = <V>(leaf: Leaf<V>, key: string, value: V): Leaf<V> => ({
  ...leaf,
  entries: [...leaf.entries.filter(([entryKey]) => entryKey !== key), [key, value]],
});

/** Two leaves whose hashes differ: branch until their slots part (at most 7 levels for 32 bits). */
const split = <V>(first: Leaf<V>, second: Leaf<V>, shift: number): Branch<V> => {
  const children: (TrieNode<V> | undefined)[] = new Array<undefined>(1 << BITS).fill(undefined);
  const [a, b] = [slot(first.hash, shift), slot(second.hash, shift)];
  if (a === b) children[a] = split(first, second, shift + BITS);
  else [children[a], children[b]] = [first, second];
  return { kind: 'branch', children };
};

const insert = <V>(
  node: TrieNode<V> | undefined,
  hash: number,
  key: string,
  value: V,
  shift: number,
): TrieNode<V> => {
  if (node === undefined) return { kind: 'leaf', hash, entries: [[key, value]] };
  if (node.kind === 'leaf') {
    if (node.hash === hash) return leafWith(node, key, value);
    return split(node, { kind: 'leaf', hash, entries: [[key, value]] }, shift);
  }
  const children = [...node.children];
  const index = slot(hash, shift);
  children[index] = insert(node.children[index], hash, key, value, shift + BITS);
  return { kind: 'branch', children };
};

export const mapSet = <V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> => ({
  root: insert(map.root, hashOf(key), key, value, 0),
  size: mapHas(map, key) ? map.size : map.size + 1,
});

const collect = <V>(node: TrieNode<V> | undefined, into: Entry<V>[]): Entry<V>[] => {
  if (node?.kind === 'leaf') into.push(...node.entries);
  else if (node !== undefined) for (const child of node.children) collect(child, into);
  return into;
};

/** Every entry, in no particular order (hash order). */
export const mapEntries = <V>(map: PersistentMap<V>): readonly Entry<V>[] => collect(map.root, []);
