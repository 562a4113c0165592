import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@regulars/core';
import { REVERSAL_POLICIES, type AccountRef, type ReversalPolicy } from './types';

/** Pure input checks and the request fingerprint used for idempotency. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 'points', 'stamps:<cardId>', 'rebate:EUR' */
const UNIT = /^[a-z][a-z0-9_]{0,31}(:[A-Za-z0-9_.-]{1,64})?$/;
const ID = /^[1-9][0-9]{0,18}$/;

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new DomainError(ErrorCode.VALIDATION_FAILED, message, details);
}

export function checkBusinessId(businessId: string): void {
  if (typeof businessId !== 'string' || !UUID.test(businessId))
    invalid('businessId must be a uuid', { businessId });
}

export function checkUnit(unit: string): void {
  if (typeof unit !== 'string' || !UNIT.test(unit)) invalid(`invalid unit "${String(unit)}"`, { unit });
}

export function checkAccount(account: AccountRef, allowSystem = false): void {
  if (!account || typeof account !== 'object') invalid('account is required');
  checkUnit(account.unit);
  const types = allowSystem ? ['member', 'customer', 'system'] : ['member', 'customer'];
  if (!types.includes(account.ownerType))
    invalid(`ownerType must be one of ${types.join(', ')}`, { ownerType: account.ownerType });
  if (typeof account.ownerId !== 'string' || account.ownerId.length === 0 || account.ownerId.length > 200) {
    invalid('ownerId must be a non-empty string of at most 200 characters');
  }
}

/** Amounts are positive JS safe integers (stored as bigint). */
export function checkAmount(amount: unknown, name = 'amount'): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    invalid(`${name} must be a positive safe integer`, { [name]: amount });
  }
}

export function checkDate(value: unknown, name: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) invalid(`${name} must be a valid Date`);
}

export function checkOptionalDate(value: unknown, name: string): void {
  if (value !== undefined && value !== null) checkDate(value, name);
}

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) {
    invalid('idempotencyKey must be a non-empty string of at most 200 characters');
  }
}

export function checkId(id: unknown, name: string): asserts id is string {
  if (typeof id !== 'string' || !ID.test(id))
    invalid(`${name} must be a ledger id (decimal string)`, { [name]: id });
}

export function checkPolicy(policy: unknown): asserts policy is ReversalPolicy {
  if (!REVERSAL_POLICIES.includes(policy as ReversalPolicy)) {
    invalid(`policy must be one of ${REVERSAL_POLICIES.join(', ')}`, { policy });
  }
}

/** JSON with object keys sorted at every level; Dates as ISO strings; undefined dropped. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * Fingerprint of a request for idempotency: the operation and every field
 * that changes its effect or its record, but not the effective time `at`
 * (a retry a second later is the same request) and not the idempotency key.
 */
export function requestHash(op: string, fields: Record<string, unknown>): string {
  return createHash('sha256')
    .update(canonicalJson({ op, ...fields }))
    .digest('hex');
}

export function toSafeNumber(value: unknown, name: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw new DomainError(ErrorCode.INTERNAL, `${name} is not a safe integer: ${String(value)}`);
  return n;
}
