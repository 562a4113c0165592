import { createHash } from 'node:crypto';
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

export const idempotencyConflict = () =>
  new DomainError(ErrorCode.IDEMPOTENCY_CONFLICT, 'This key was already used for a different request');

/**
 * Runs fn in one transaction on its own connection, safe against a connection the server drops
 * mid-transaction: the one implementation is pgTransaction (apps/api/src/database/pg-transaction.ts).
 */
export const inTransaction = pgTransaction;
