import type { Knex } from 'knex';

export type StoredResponse = Readonly<{ status: number; body: unknown; headers: Record<string, string> }>;

export type Claim =
  | Readonly<{ outcome: 'claimed' }>
  | Readonly<{ outcome: 'completed'; requestHash: string; response: StoredResponse }>
  | Readonly<{ outcome: 'in_progress'; requestHash: string }>;

type Row = Readonly<{
  request_hash: string;
  status: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
}>;

/**
 * One row per (scope, key). Claiming inserts it first, so of two concurrent requests with one key exactly
 * one runs; an expired row is taken over as if absent.
 */
export const createIdempotencyStore = (knex: Knex, ttlSeconds: number) => {
  const expiresAt = () => new Date(Date.now() + ttlSeconds * 1000);

  const claim = async (scope: string, key: string, requestHash: string): Promise<Claim> => {
    const claimed = await knex.raw<{ rowCount: number }>(
      `insert into idempotency_keys (scope, key, request_hash, expires_at) values (?, ?, ?, ?)
       on conflict (scope, key) do update
         set request_hash = excluded.request_hash, status = null, response_body = null,
             response_headers = null, created_at = now(), expires_at = excluded.expires_at
         where idempotency_keys.expires_at < now()`,
      [scope, key, requestHash, expiresAt()],
    );
    if (claimed.rowCount === 1) return { outcome: 'claimed' };
    const row = (await knex('idempotency_keys').where({ scope, key }).first()) as Row | undefined;
    if (row === undefined) return claim(scope, key, requestHash);
    if (row.status === null) return { outcome: 'in_progress', requestHash: row.request_hash };
    const response = { status: row.status, body: row.response_body, headers: row.response_headers ?? {} };
    return { outcome: 'completed', requestHash: row.request_hash, response };
  };

  const complete = (scope: string, key: string, response: StoredResponse) =>
    knex('idempotency_keys')
      .where({ scope, key })
      .update({
        status: response.status,
        response_body: JSON.stringify(response.body ?? null),
        response_headers: JSON.stringify(response.headers),
      });

  /** A request that failed on our side (5xx) leaves no trace, so the client's retry runs again. */
  const release = (scope: string, key: string) =>
    knex('idempotency_keys').where({ scope, key }).whereNull('status').delete();

  const purgeExpired = () => knex('idempotency_keys').where('expires_at', '<', knex.fn.now()).delete();

  return { claim, complete, release, purgeExpired };
};

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
