/** The eligible volume of a purchase or return: its lines in scope, measured on the agreement's basis. */
import { DomainError, ErrorCode } from '@regulars/core';
import { lineMatches } from '@regulars/rules';
import { toSafeNumber } from '@regulars/rules/arith';
import type { Basis, RebateLine, Scope } from './types';

/** Whether a line counts under the scope (a line matches a list when its sku OR its category is listed). */
export function inScope(scope: Scope, line: { sku: string | null; category: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'include':
      return lineMatches(scope, line);
    case 'exclude':
      return !lineMatches(scope, line);
  }
}

function lineIssues(lines: RebateLine[]): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (!Array.isArray(lines)) return [{ path: 'lines', message: 'must be an array' }];
  lines.forEach((l, i) => {
    for (const k of ['quantity', 'netAmount'] as const) {
      const v = l?.[k];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
        errors.push({ path: `lines[${i}].${k}`, message: 'must be a non-negative safe integer' });
      }
    }
  });
  return errors;
}

/**
 * Sum over the lines in scope of their net amount (basis net_amount, minor
 * units) or quantity (basis quantity). Always >= 0: the caller gives a
 * return its sign.
 */
export function eligibleVolume(lines: RebateLine[], scope: Scope, basis: Basis): number {
  const errors = lineIssues(lines);
  if (errors.length > 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'invalid rebate lines', { errors });
  }
  let sum = 0n;
  for (const l of lines) {
    if (inScope(scope, l)) sum += BigInt(basis === 'net_amount' ? l.netAmount : l.quantity);
  }
  return toSafeNumber(sum, 'eligible volume');
}
