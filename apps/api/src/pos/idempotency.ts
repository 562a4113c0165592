import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DomainError, ErrorCode } from '@regulars/core';

/** Stable JSON (sorted keys) so that equal requests hash equally. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

export const hashRequest = (value: unknown): string =>
  createHash('sha256').update(canonical(value)).digest('hex');

/**
 * Claims an idempotency key by inserting the operation's row. Returns the new
 * row's id, or the stored response of an earlier identical request. A
 * concurrent duplicate blocks on the unique index until the first transaction
 * ends, then replays its response (or, if the first rolled back, claims the key
 * itself): a rejected request does not consume its key.
 */
export async function claimKey(
  client: PoolClient,
  insertSql: string,
  params: unknown[],
  lookupSql: string,
  lookupParams: unknown[],
  requestHash: string,
): Promise<{ id: string } | { replay: unknown }> {
  const inserted = await client.query<{ id: string }>(insertSql, params);
  if (inserted.rows.length) return { id: inserted.rows[0].id };
  const existing = await client.query<{ request_hash: string; response: unknown }>(lookupSql, lookupParams);
  const row = existing.rows[0];
  if (!row) throw new DomainError(ErrorCode.CONFLICT, 'Concurrent request with the same key; retry');
  if (row.request_hash !== requestHash) throw idempotencyConflict();
  return { replay: row.response };
}

export const idempotencyConflict = () =>
  new DomainError(ErrorCode.IDEMPOTENCY_CONFLICT, 'This key was already used for a different request');

/**
 * Runs fn in one transaction on its own connection.
 *
 * While the client is checked out, the pool no longer listens for its 'error'
 * event; a connection dropped between two statements (server restart,
 * pg_terminate_backend, fail-over) would then be an unhandled 'error' event
 * that ends the process. The listener held here keeps the error: the next
 * statement fails (pg: "not queryable"), the transaction rolls back on the
 * server by itself, and the broken client is destroyed instead of going back
 * to the pool.
 */
export async function inTransaction<T>(
  pool: { connect(): Promise<PoolClient> },
  fn: (c: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost = err;
  };
  client.on('error', onError);
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    if (lost) failure = lost;
    else await client.query('ROLLBACK').catch((rollbackError: Error) => (failure = rollbackError));
    throw e;
  } finally {
    client.removeListener('error', onError);
    client.release(lost ?? failure);
  }
}
