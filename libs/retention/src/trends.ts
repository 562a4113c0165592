/**
 * The monthly review's trend detectors. Each returns alerts carrying the
 * evidence that triggered them (numbers a person can check), and nothing when
 * the history does not show the trend. Thresholds are arguments with documented
 * defaults (README.md).
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { dayNumber, isoDay, median, monthIndex, monthLabel } from './dates';
import type { Purchase } from './types';

interface DayRow {
  customerId: string;
  day: number;
  amount: number;
  category?: string;
}

function rowsUpTo(purchases: Iterable<Purchase>, asOfDay: number): DayRow[] {
  const out: DayRow[] = [];
  for (const p of purchases) {
    const day = dayNumber(p.day);
    if (day <= asOfDay) out.push({ customerId: p.customerId, day, amount: p.amount, category: p.category });
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

// ---------------------------------------------------------------- average order value

export interface AovMonth {
  month: string;
  /** Orders: a customer's purchases of one day are one order. */
  orders: number;
  revenue: number;
  averageOrderValue: number;
}

export interface AovFallingEvidence {
  months: AovMonth[];
  /** (first month's AOV - last month's AOV) / first month's AOV. */
  drop: number;
}

export interface AovOptions {
  /** Orders each month must have (default 1 per customer, 20 business-wide). */
  minOrdersPerMonth?: number;
  /** Smallest relative drop from the first to the last month that fires (default 0.10). */
  minDrop?: number;
}

export interface AovAlert {
  kind: 'aov-falling';
  scope: 'business' | 'customer';
  customerId: string | null;
  evidence: AovFallingEvidence;
}

/**
 * The last three complete calendar months before `asOfDay`: the month of asOf
 * counts only when asOf is its last day.
 */
export function lastCompleteMonths(asOfDay: number, count = 3): number[] {
  const lastDayOfMonth = monthIndex(asOfDay + 1) !== monthIndex(asOfDay);
  const end = lastDayOfMonth ? monthIndex(asOfDay) : monthIndex(asOfDay) - 1;
  return Array.from({ length: count }, (_, i) => end - count + 1 + i);
}

function aovMonths(rows: readonly DayRow[], months: readonly number[]): AovMonth[] {
  const orders = new Map<number, Set<string>>();
  const revenue = new Map<number, number>();
  for (const r of rows) {
    const m = monthIndex(r.day);
    if (!months.includes(m)) continue;
    let set = orders.get(m);
    if (!set) {
      set = new Set();
      orders.set(m, set);
    }
    set.add(`${r.customerId}\u0000${r.day}`);
    revenue.set(m, (revenue.get(m) ?? 0) + r.amount);
  }
  return months.map((m) => {
    const n = orders.get(m)?.size ?? 0;
    const rev = revenue.get(m) ?? 0;
    return { month: monthLabel(m), orders: n, revenue: rev, averageOrderValue: n > 0 ? rev / n : 0 };
  });
}

/** @internal The AOV test on three months' figures (also used by histories.ts). */
export function aovFalling(
  months: AovMonth[],
  minOrders: number,
  minDrop: number,
): AovFallingEvidence | null {
  if (months.some((m) => m.orders < minOrders)) return null;
  for (let i = 1; i < months.length; i++) {
    if (!(months[i].averageOrderValue < months[i - 1].averageOrderValue)) return null;
  }
  const first = months[0].averageOrderValue;
  const drop = first > 0 ? (first - months[months.length - 1].averageOrderValue) / first : 0;
  return drop >= minDrop ? { months, drop } : null;
}

/**
 * Business-wide: fires when the average order value fell in each of the last
 * three complete months and by at least `minDrop` overall.
 */
export function detectAovFallingBusiness(
  purchases: Iterable<Purchase>,
  asOf: string,
  o: AovOptions = {},
): AovAlert | null {
  const asOfDay = dayNumber(asOf);
  const months = lastCompleteMonths(asOfDay);
  const ev = aovFalling(
    aovMonths(rowsUpTo(purchases, asOfDay), months),
    o.minOrdersPerMonth ?? 20,
    o.minDrop ?? 0.1,
  );
  return ev && { kind: 'aov-falling', scope: 'business', customerId: null, evidence: ev };
}

/** Per customer: the same test on each customer's own orders (default: at least one order each month). */
export function detectAovFallingCustomers(
  purchases: Iterable<Purchase>,
  asOf: string,
  o: AovOptions = {},
): AovAlert[] {
  const asOfDay = dayNumber(asOf);
  const months = lastCompleteMonths(asOfDay);
  const alerts: AovAlert[] = [];
  for (const [customerId, rows] of groupBy(rowsUpTo(purchases, asOfDay), (r) => r.customerId)) {
    const ev = aovFalling(aovMonths(rows, months), o.minOrdersPerMonth ?? 1, o.minDrop ?? 0.1);
    if (ev) alerts.push({ kind: 'aov-falling', scope: 'customer', customerId, evidence: ev });
  }
  return alerts;
}

// ---------------------------------------------------------------- a regular drying up

export interface DryingUpOptions {
  /** Distinct visit days that make a customer a regular (default 5). */
  minVisits?: number;
  /** A regular's median gap must be at most this many days (default 45: at least about monthly). */
  maxMedianGapDays?: number;
  /** Overdue when days since the last visit > k x the median gap (default 2). */
  k?: number;
  /** Slowing when the mean of the last `recentGaps` gaps > slowdown x the median of the earlier gaps (default 2). */
  slowdown?: number;
  /** Gaps that make the recent pace (default 3). */
  recentGaps?: number;
}

export interface DryingUpEvidence {
  reason: 'overdue' | 'slowing';
  visits: number;
  firstVisit: string;
  lastVisit: string;
  /** Median gap of the gaps the comparison is made against (all gaps for overdue; earlier gaps for slowing). */
  medianGapDays: number;
  daysSinceLast: number;
  /** For 'overdue': k x median gap. */
  overdueAfterDays: number | null;
  /** For 'slowing': the recent gaps and their mean. */
  recentGapDays: number[] | null;
  recentMeanGapDays: number | null;
}

export interface DryingUpAlert {
  kind: 'drying-up';
  scope: 'customer';
  customerId: string;
  evidence: DryingUpEvidence;
}

/**
 * A regular's orders drying up: the customer is a regular (enough visits,
 * visiting at least about monthly) and either is overdue (days since the last
 * visit > k x their median gap) or is slowing down (the mean of their last gaps
 * > slowdown x the median of their earlier gaps).
 */
export function detectDryingUp(
  purchases: Iterable<Purchase>,
  asOf: string,
  o: DryingUpOptions = {},
): DryingUpAlert[] {
  const asOfDay = dayNumber(asOf);
  const minVisits = o.minVisits ?? 5;
  const maxGap = o.maxMedianGapDays ?? 45;
  const k = o.k ?? 2;
  const slowdown = o.slowdown ?? 2;
  const nRecent = o.recentGaps ?? 3;
  if (minVisits < 3 || nRecent < 1 || !(k > 0) || !(slowdown > 1)) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      'drying-up needs minVisits >= 3, recentGaps >= 1, k > 0, slowdown > 1',
    );
  }
  const alerts: DryingUpAlert[] = [];
  for (const [customerId, rows] of groupBy(rowsUpTo(purchases, asOfDay), (r) => r.customerId)) {
    const visits = [...new Set(rows.map((r) => r.day))].sort((a, b) => a - b);
    if (visits.length < minVisits) continue;
    const gaps = visits.slice(1).map((d, i) => d - visits[i]);
    const medianGap = median(gaps);
    if (medianGap > maxGap) continue;
    const last = visits[visits.length - 1];
    const base = {
      visits: visits.length,
      firstVisit: isoDay(visits[0]),
      lastVisit: isoDay(last),
      daysSinceLast: asOfDay - last,
    };
    if (asOfDay - last > k * medianGap) {
      alerts.push({
        kind: 'drying-up',
        scope: 'customer',
        customerId,
        evidence: {
          ...base,
          reason: 'overdue',
          medianGapDays: medianGap,
          overdueAfterDays: k * medianGap,
          recentGapDays: null,
          recentMeanGapDays: null,
        },
      });
      continue;
    }
    const earlier = gaps.slice(0, gaps.length - nRecent);
    if (earlier.length < 2) continue;
    const recent = gaps.slice(gaps.length - nRecent);
    const recentMean = recent.reduce((s, g) => s + g, 0) / recent.length;
    const earlierMedian = median(earlier);
    if (recentMean > slowdown * earlierMedian) {
      alerts.push({
        kind: 'drying-up',
        scope: 'customer',
        customerId,
        evidence: {
          ...base,
          reason: 'slowing',
          medianGapDays: earlierMedian,
          overdueAfterDays: null,
          recentGapDays: recent,
          recentMeanGapDays: recentMean,
        },
      });
    }
  }
  return alerts;
}

// ---------------------------------------------------------------- a dropped product range

export interface CategoryDropOptions {
  /** Days of the recent window ending at asOf in which the category is absent (default 90). */
  recentDays?: number;
  /** Baseline before the recent window: `baselineBuckets` buckets of `bucketDays` days (default 6 x 30). */
  baselineBuckets?: number;
  bucketDays?: number;
  /** Buckets of the baseline with the category that make it "regular" (default 3). */
  minBaselineBuckets?: number;
  /** Visit days in the recent window that show the customer is still buying (default 2). */
  minRecentVisits?: number;
  /** Days since the category's last purchase must exceed k x its median gap (default 2). */
  k?: number;
}

export interface CategoryDropEvidence {
  category: string;
  /** Baseline window and the purchase days of the category per bucket (oldest first). */
  baselineFrom: string;
  baselineTo: string;
  bucketsWithCategory: number;
  categoryDaysPerBucket: number[];
  lastCategoryPurchase: string;
  daysSinceCategory: number;
  categoryMedianGapDays: number;
  /** The customer is still buying: visits and categories bought in the recent window. */
  recentFrom: string;
  recentVisits: number;
  recentCategories: string[];
}

export interface CategoryDropAlert {
  kind: 'category-dropped';
  scope: 'customer';
  customerId: string;
  evidence: CategoryDropEvidence;
}

/**
 * A customer who stopped buying one product range they used to buy regularly,
 * while still buying other things: the category was bought in at least
 * `minBaselineBuckets` of the baseline buckets, not at all in the recent window,
 * the days since its last purchase exceed k x its median gap, and the customer
 * made at least `minRecentVisits` visits in the recent window.
 */
export function detectCategoryDropped(
  purchases: Iterable<Purchase>,
  asOf: string,
  o: CategoryDropOptions = {},
): CategoryDropAlert[] {
  const asOfDay = dayNumber(asOf);
  const recentDays = o.recentDays ?? 90;
  const buckets = o.baselineBuckets ?? 6;
  const bucketDays = o.bucketDays ?? 30;
  const minBuckets = o.minBaselineBuckets ?? 3;
  const minRecentVisits = o.minRecentVisits ?? 2;
  const k = o.k ?? 2;
  const recentFrom = asOfDay - recentDays + 1;
  const baselineFrom = recentFrom - buckets * bucketDays;
  const alerts: CategoryDropAlert[] = [];
  for (const [customerId, rows] of groupBy(rowsUpTo(purchases, asOfDay), (r) => r.customerId)) {
    const recent = rows.filter((r) => r.day >= recentFrom);
    const recentVisits = new Set(recent.map((r) => r.day)).size;
    if (recentVisits < minRecentVisits) continue;
    const recentCategories = new Set(recent.flatMap((r) => (r.category ? [r.category] : [])));
    const byCategory = groupBy(
      rows.filter((r) => r.category !== undefined && r.category !== ''),
      (r) => r.category as string,
    );
    for (const [category, catRows] of byCategory) {
      if (recentCategories.has(category)) continue;
      const days = [...new Set(catRows.map((r) => r.day))].sort((a, b) => a - b);
      const perBucket = Array.from({ length: buckets }, (_, b) => {
        const from = baselineFrom + b * bucketDays;
        return days.filter((d) => d >= from && d < from + bucketDays).length;
      });
      const withCategory = perBucket.filter((n) => n > 0).length;
      if (withCategory < minBuckets || days.length < 2) continue;
      const gaps = days.slice(1).map((d, i) => d - days[i]);
      const medianGap = median(gaps);
      const last = days[days.length - 1];
      if (!(asOfDay - last > k * medianGap)) continue;
      alerts.push({
        kind: 'category-dropped',
        scope: 'customer',
        customerId,
        evidence: {
          category,
          baselineFrom: isoDay(baselineFrom),
          baselineTo: isoDay(recentFrom - 1),
          bucketsWithCategory: withCategory,
          categoryDaysPerBucket: perBucket,
          lastCategoryPurchase: isoDay(last),
          daysSinceCategory: asOfDay - last,
          categoryMedianGapDays: medianGap,
          recentFrom: isoDay(recentFrom),
          recentVisits,
          recentCategories: [...recentCategories].sort(),
        },
      });
    }
  }
  return alerts;
}
