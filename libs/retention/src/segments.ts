/** RFM quintile scores, revenue concentration (80/20) and lifetime-value segments. */
import { DomainError, ErrorCode } from '@regulars/core';
import { dayNumber } from './dates';
import type { Purchase } from './types';

export interface RfmInput {
  customerId: string;
  /** Days since the last purchase (lower is better). */
  daysSinceLast: number;
  /** Distinct purchase days. */
  purchaseDays: number;
  /** Total spend. */
  totalSpend: number;
}

export interface RfmScore {
  customerId: string;
  r: number;
  f: number;
  m: number;
  /** 'RFM' as three digits, e.g. '555' for the best customers. */
  code: string;
}

/**
 * Quintile score 1..5 of each value, higher values scoring higher:
 * 1 + floor(5 x (number of values strictly lower) / n). Equal values share a
 * score, so a quintile may hold more or fewer than a fifth of the customers.
 */
export function quintileScores(values: readonly number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  return values.map((v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return 1 + Math.floor((5 * lo) / n);
  });
}

export function rfmScores(customers: readonly RfmInput[]): RfmScore[] {
  const r = quintileScores(customers.map((c) => -c.daysSinceLast));
  const f = quintileScores(customers.map((c) => c.purchaseDays));
  const m = quintileScores(customers.map((c) => c.totalSpend));
  return customers.map((c, i) => ({
    customerId: c.customerId,
    r: r[i],
    f: f[i],
    m: m[i],
    code: `${r[i]}${f[i]}${m[i]}`,
  }));
}

/** RFM inputs from a purchase log as of a day (later purchases ignored; same-day purchases are one visit). */
export function rfmInputs(purchases: Iterable<Purchase>, asOf: string): RfmInput[] {
  const asOfDay = dayNumber(asOf);
  const acc = new Map<string, { last: number; days: Set<number>; spend: number }>();
  for (const p of purchases) {
    const d = dayNumber(p.day);
    if (d > asOfDay) continue;
    const a = acc.get(p.customerId);
    if (a) {
      a.last = Math.max(a.last, d);
      a.days.add(d);
      a.spend += p.amount;
    } else acc.set(p.customerId, { last: d, days: new Set([d]), spend: p.amount });
  }
  return [...acc].map(([customerId, a]) => ({
    customerId,
    daysSinceLast: asOfDay - a.last,
    purchaseDays: a.days.size,
    totalSpend: a.spend,
  }));
}

export interface Concentration {
  customers: number;
  /** ceil(topShare x customers) customers with the highest values. */
  topCustomers: number;
  topValue: number;
  totalValue: number;
  /** topValue / totalValue (the "80" of 80/20); 0 when the total is 0. */
  share: number;
}

/** Share of the total value (revenue, CLV) brought by the top `topShare` of customers (default 20 %). */
export function concentration(values: readonly number[], topShare = 0.2): Concentration {
  if (!(topShare > 0 && topShare <= 1))
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'topShare must be in (0, 1]');
  const sorted = [...values].sort((a, b) => b - a);
  const top = Math.ceil(topShare * sorted.length);
  let topValue = 0;
  let total = 0;
  sorted.forEach((v, i) => {
    total += v;
    if (i < top) topValue += v;
  });
  return {
    customers: sorted.length,
    topCustomers: top,
    topValue,
    totalValue: total,
    share: total > 0 ? topValue / total : 0,
  };
}

export interface SegmentRule {
  name: string;
  /** Share of the customers (ranked by value, highest first) in this segment. */
  share: number;
}

/** Default lifetime-value segments: top 20 %, next 30 %, bottom 50 %. */
export const DEFAULT_VALUE_SEGMENTS: readonly SegmentRule[] = [
  { name: 'top', share: 0.2 },
  { name: 'middle', share: 0.3 },
  { name: 'low', share: 0.5 },
];

export interface ValueSegment {
  name: string;
  customers: number;
  totalValue: number;
  /** Share of all value held by this segment. */
  valueShare: number;
  minValue: number | null;
  maxValue: number | null;
}

export interface ValueSegmentation {
  segments: ValueSegment[];
  /** Segment name per customer id. */
  byCustomer: Map<string, string>;
}

/**
 * Ranks customers by value (highest first; ties by customer id) and cuts the
 * ranking at the cumulative shares of `rules` (rounded to whole customers).
 */
export function valueSegments(
  customers: readonly { customerId: string; value: number }[],
  rules: readonly SegmentRule[] = DEFAULT_VALUE_SEGMENTS,
): ValueSegmentation {
  const totalShare = rules.reduce((s, r) => s + r.share, 0);
  if (rules.length === 0 || Math.abs(totalShare - 1) > 1e-9 || rules.some((r) => !(r.share > 0))) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'segment shares must be positive and add up to 1');
  }
  const ranked = [...customers].sort(
    (a, b) => b.value - a.value || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
  );
  const total = ranked.reduce((s, c) => s + c.value, 0);
  const byCustomer = new Map<string, string>();
  const segments: ValueSegment[] = [];
  let cumulative = 0;
  let start = 0;
  rules.forEach((rule, i) => {
    cumulative += rule.share;
    const end = i === rules.length - 1 ? ranked.length : Math.round(cumulative * ranked.length);
    const slice = ranked.slice(start, end);
    for (const c of slice) byCustomer.set(c.customerId, rule.name);
    const value = slice.reduce((s, c) => s + c.value, 0);
    segments.push({
      name: rule.name,
      customers: slice.length,
      totalValue: value,
      valueShare: total > 0 ? value / total : 0,
      minValue: slice.length ? slice[slice.length - 1].value : null,
      maxValue: slice.length ? slice[0].value : null,
    });
    start = end;
  });
  return { segments, byCustomer };
}
