/**
 * The per-customer fallback when the models cannot be used: a regular is
 * overdue when the days since the last visit exceed k times their own median
 * gap between visits.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { dayNumber, isoDay, median } from './dates';
import type { Purchase } from './types';

export const OVERDUE_DEFAULTS = {
  /** Overdue when days since the last visit > k x the customer's median gap. */
  k: 2,
  /** Distinct visit days needed for a median gap (3 visits = 2 gaps). */
  minVisits: 3,
} as const;

export type OverdueStatus = 'overdue' | 'on-track' | 'not-enough-history';

export interface OverdueAssessment {
  customerId: string;
  status: OverdueStatus;
  visits: number;
  lastVisit: string;
  daysSinceLast: number;
  /** Median days between consecutive visit days; null with fewer than minVisits visits. */
  medianGapDays: number | null;
  /** k x median gap: the days since the last visit beyond which the customer is overdue. */
  overdueAfterDays: number | null;
}

export interface OverdueOptions {
  k?: number;
  minVisits?: number;
}

/** Overdue status of one customer from their visit days (day numbers; duplicates are one visit). */
export function overdueStatus(
  customerId: string,
  days: readonly number[],
  asOfDay: number,
  o: OverdueOptions = {},
): OverdueAssessment {
  const k = o.k ?? OVERDUE_DEFAULTS.k;
  const minVisits = o.minVisits ?? OVERDUE_DEFAULTS.minVisits;
  if (!(k > 0) || !Number.isInteger(minVisits) || minVisits < 2) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'overdue needs k > 0 and minVisits >= 2');
  }
  const visits = [...new Set(days.filter((d) => d <= asOfDay))].sort((a, b) => a - b);
  if (visits.length === 0)
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `customer ${customerId} has no visit on or before the as-of day`,
    );
  const last = visits[visits.length - 1];
  const base = { customerId, visits: visits.length, lastVisit: isoDay(last), daysSinceLast: asOfDay - last };
  if (visits.length < minVisits)
    return { ...base, status: 'not-enough-history', medianGapDays: null, overdueAfterDays: null };
  const gaps = visits.slice(1).map((d, i) => d - visits[i]);
  const medianGapDays = median(gaps);
  const overdueAfterDays = k * medianGapDays;
  return {
    ...base,
    status: base.daysSinceLast > overdueAfterDays ? 'overdue' : 'on-track',
    medianGapDays,
    overdueAfterDays,
  };
}

/** Overdue status of every customer in a purchase log, as of a day ('YYYY-MM-DD'); later purchases are ignored. */
export function overdueCustomers(
  purchases: Iterable<Purchase>,
  asOf: string,
  o: OverdueOptions = {},
): OverdueAssessment[] {
  const asOfDay = dayNumber(asOf);
  const byCustomer = new Map<string, number[]>();
  for (const p of purchases) {
    const d = dayNumber(p.day);
    if (d > asOfDay) continue;
    const list = byCustomer.get(p.customerId);
    if (list) list.push(d);
    else byCustomer.set(p.customerId, [d]);
  }
  return [...byCustomer].map(([id, days]) => overdueStatus(id, days, asOfDay, o));
}
