import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DomainError, ErrorCode } from '@regulars/core';
import { pgTransaction } from '../database/pg-transaction';

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
 * Runs fn in one transaction on its own connection, safe against a connection the server drops
 * mid-transaction: the one implementation is pgTransaction (apps/api/src/database/pg-transaction.ts).
 */
export const inTransaction = pgTransaction;
