import { ValidationError } from '../../domain/shared/errors';

/** Keyset pagination, newest first: the cursor is the (timestamp, id) of the last row of the page. */
export type CursorKey = Readonly<{ at: Date; id: string }>;

export type Page<T> = Readonly<{ items: T[]; nextCursor: string | null }>;

export const encodeCursor = (key: CursorKey): string =>
  Buffer.from(JSON.stringify([key.at.toISOString(), key.id])).toString('base64url');

const invalidCursor = (): ValidationError =>
  new ValidationError('QUERY.INVALID_CURSOR', 'The cursor is malformed.', [
    { field: 'cursor', message: 'must be a cursor returned by this API' },
  ]);

export const decodeCursor = (cursor: string): CursorKey => {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) throw invalidCursor();
    const [at, id] = decoded as unknown[];
    const date = typeof at === 'string' ? new Date(at) : new Date(NaN);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || id.length > 100) throw invalidCursor();
    return { at: date, id };
  } catch {
    throw invalidCursor();
  }
};

export const MAX_PAGE_SIZE = 100;

export type PageRequest = Readonly<{ limit?: number; cursor?: string }>;

export const pageLimit = (request: PageRequest): number =>
  Math.min(Math.max(Math.trunc(request.limit ?? 20), 1), MAX_PAGE_SIZE);

/** Rows were fetched with `limit + 1`: the extra one only says another page exists. */
export const toPage = <Row, Item>(
  rows: readonly Row[],
  limit: number,
  keyOf: (row: Row) => CursorKey,
  toItem: (row: Row) => Item,
): Page<Item> => {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
};
