/**
 * Periods and windows in the business time zone. All boundaries are local
 * midnights (the first instant of a local date, see zonedToInstant in
 * @regulars/rules). Nothing here reads the clock.
 */
import { addMonths, localDateString, localParts, zonedToInstant } from '@regulars/rules/time';
import type { TierWindow } from './types';

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

export function localDate(ms: number, timeZone: string): LocalDate {
  const p = localParts(ms, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** The first instant of a local date. */
export function dayStart(d: LocalDate, timeZone: string): number {
  return zonedToInstant(d, timeZone);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function dateKey(d: LocalDate): number {
  return d.year * 10_000 + d.month * 100 + d.day;
}

export { localDateString };

/** Index of the period (of the window's grid) that contains a local date. */
export function periodIndex(w: TierWindow, d: LocalDate, since: LocalDate): number {
  switch (w.kind) {
    case 'calendar_year':
      return d.year;
    case 'rolling_months':
      return Math.floor((d.year * 12 + d.month - 1) / w.months);
    case 'anniversary': {
      let k = d.year - since.year;
      while (dateKey(addMonths(since, 12 * k)) > dateKey(d)) k--;
      while (dateKey(addMonths(since, 12 * (k + 1))) <= dateKey(d)) k++;
      return k;
    }
  }
}

/** First local date of period `idx`. Anniversaries are always counted from the join date (Feb 29 -> Feb 28 in other years). */
export function periodStartDate(w: TierWindow, idx: number, since: LocalDate): LocalDate {
  switch (w.kind) {
    case 'calendar_year':
      return { year: idx, month: 1, day: 1 };
    case 'rolling_months': {
      const m = idx * w.months;
      return { year: Math.floor(m / 12), month: (m % 12) + 1, day: 1 };
    }
    case 'anniversary':
      return addMonths(since, 12 * idx);
  }
}

/** Helper bound to one program window, zone and member. */
export class Calendar {
  constructor(
    readonly window: TierWindow,
    readonly timeZone: string,
    readonly since: LocalDate,
  ) {}

  index(ms: number): number {
    return periodIndex(this.window, localDate(ms, this.timeZone), this.since);
  }

  /** Local start date of the period containing `ms` (its key). */
  periodKey(ms: number): string {
    return localDateString(periodStartDate(this.window, this.index(ms), this.since));
  }

  periodStart(ms: number): number {
    return dayStart(periodStartDate(this.window, this.index(ms), this.since), this.timeZone);
  }

  /** Exclusive end of period (index(ms) + shift). */
  periodEnd(ms: number, shift = 0): number {
    return dayStart(periodStartDate(this.window, this.index(ms) + 1 + shift, this.since), this.timeZone);
  }

  /** Start of the progress window that is current at `ms`. */
  windowStart(ms: number): number {
    if (this.window.kind !== 'rolling_months') return this.periodStart(ms);
    const first = addDays(addMonths(localDate(ms, this.timeZone), -this.window.months), 1);
    return dayStart(first, this.timeZone);
  }

  /** Review instant: `graceDays` local days after the (midnight) instant `until`. */
  reviewAt(until: number, graceDays: number): number {
    if (graceDays === 0) return until;
    return dayStart(addDays(localDate(until, this.timeZone), graceDays), this.timeZone);
  }

  /**
   * The window measured at a review at `reviewAt` of a status held until `until`:
   * period windows: from the start of the held period to the review (grace days included);
   * rolling: the rolling window ending with the last day before the review.
   */
  reviewWindow(until: number, reviewAt: number): { from: number; to: number } {
    if (this.window.kind === 'rolling_months') return { from: this.windowStart(reviewAt - 1), to: reviewAt };
    return { from: this.periodStart(until - 1), to: reviewAt };
  }
}
