/** Helpers around stored data: which rule set version applies, and stamp balances. */
import { DomainError, ErrorCode } from '@regulars/core';
import { toInstant } from './time';

export interface RuleSetVersion<R> {
  /** Caller's version number; the higher wins when two versions start at the same instant. */
  version: number;
  /** Instant from which this version is in force (inclusive). */
  effectiveFrom: string | Date;
  ruleSet: R;
}

/**
 * The version in force at `at`: the one with the latest effectiveFrom <= at
 * (the highest version number on a tie). A late-arriving purchase is thus
 * evaluated under the rules of its own time. Null when none was in force yet.
 */
export function ruleSetInForce<R>(
  versions: RuleSetVersion<R>[],
  at: string | Date,
): RuleSetVersion<R> | null {
  const t = toInstant(at, 'at');
  let best: RuleSetVersion<R> | null = null;
  let bestFrom = -Infinity;
  for (const v of versions) {
    const from = toInstant(v.effectiveFrom, 'effectiveFrom');
    if (from > t) continue;
    if (best === null || from > bestFrom || (from === bestFrom && v.version > best.version)) {
      best = v;
      bestFrom = from;
    }
  }
  return best;
}

/**
 * Recommended storage of stamps: one balance per (member, card) of stamps not
 * yet spent on a reward (credits from evaluations, a debit of cardSize per
 * card redeemed, debits from returns). This splits it into full cards ready to
 * redeem and the progress on the open card (pass `progress` as
 * MemberState.stampProgress).
 */
export function stampHolding(
  balance: number,
  cardSize: number,
): { completedCards: number; progress: number } {
  if (!Number.isSafeInteger(balance) || balance < 0 || !Number.isSafeInteger(cardSize) || cardSize < 1) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'stamp balance must be >= 0 and card size >= 1', {
      balance,
      cardSize,
    });
  }
  return { completedCards: Math.floor(balance / cardSize), progress: balance % cardSize };
}
