/** Cohort retention by enrolment month. */
import { dayNumber, monthIndex, monthLabel } from './dates';
import type { Purchase } from './types';

export interface CohortRow {
  /** Enrolment month 'YYYY-MM'. */
  cohort: string;
  size: number;
  /** active[k]: cohort members with at least one purchase in month cohort + k (k = 0 .. months to asOf). */
  active: number[];
  /** active[k] / size. */
  rates: number[];
}

/**
 * Customers are grouped by the calendar month of their enrolment (the given
 * enrolment day, else their first purchase). For each later month up to and
 * including the month of `asOf` (which may be partial), the share of the cohort
 * that bought at least once in that month. Purchases before enrolment or after
 * `asOf` are ignored.
 */
export function cohortRetention(
  purchases: Iterable<Purchase>,
  asOf: string,
  enrolments?: ReadonlyMap<string, string>,
): CohortRow[] {
  const asOfDay = dayNumber(asOf);
  const asOfMonth = monthIndex(asOfDay);
  const enrolled = new Map<string, number>();
  for (const [id, day] of enrolments ?? []) {
    const d = dayNumber(day);
    if (d <= asOfDay) enrolled.set(id, d);
  }
  const months = new Map<string, Set<number>>();
  const firstPurchase = new Map<string, number>();
  const rows: { id: string; day: number }[] = [];
  for (const p of purchases) {
    const d = dayNumber(p.day);
    if (d > asOfDay) continue;
    rows.push({ id: p.customerId, day: d });
    const f = firstPurchase.get(p.customerId);
    if (f === undefined || d < f) firstPurchase.set(p.customerId, d);
  }
  const start = new Map<string, number>(firstPurchase);
  for (const [id, d] of enrolled) start.set(id, d);
  for (const { id, day } of rows) {
    const s = start.get(id) as number;
    if (day < s) continue;
    let set = months.get(id);
    if (!set) {
      set = new Set();
      months.set(id, set);
    }
    set.add(monthIndex(day));
  }
  const cohorts = new Map<number, string[]>();
  for (const [id, d] of start) {
    const m = monthIndex(d);
    const list = cohorts.get(m);
    if (list) list.push(id);
    else cohorts.set(m, [id]);
  }
  return [...cohorts.keys()]
    .sort((a, b) => a - b)
    .map((m) => {
      const members = cohorts.get(m) as string[];
      const active: number[] = [];
      for (let k = 0; m + k <= asOfMonth; k++) {
        active.push(members.filter((id) => months.get(id)?.has(m + k) ?? false).length);
      }
      return {
        cohort: monthLabel(m),
        size: members.length,
        active,
        rates: active.map((a) => a / members.length),
      };
    });
}
