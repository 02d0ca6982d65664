/** Stream names are `<category>-<id>`; the category never contains a hyphen, ids (UUIDs) may. */
export const streamName = (category: string, id: string): string => `${category}-${id}`;

export type ParsedStreamName = Readonly<{ category: string; id: string }>;

/** Splits at the first hyphen; undefined for names without one (e.g. `$all`). */
export const parseStreamName = (name: string): ParsedStreamName | undefined => {
  const hyphen = name.indexOf('-');
  if (hyphen <= 0 || hyphen === name.length - 1) return undefined;
  return { category: name.slice(0, hyphen), id: name.slice(hyphen + 1) };
};
