/**
 * Periods of an agreement in the business time zone. Period boundaries are
 * local midnights (the time-zone helpers of @regulars/rules turn them into
 * instants, DST included); nothing here reads the clock.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { localParts, zonedToInstant } from '@regulars/rules';
import { addMonths, localDateString, nextDay, toInstant } from '@regulars/rules/time';
import type { LocalDate, Period, PeriodRule } from './types';

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses "YYYY-MM-DD" (a real calendar date, years 1970..9999); null when malformed. */
export function parseLocalDate(s: unknown): Ymd | null {
  if (typeof s !== 'string') return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (d.year < 1970 || d.month < 1 || d.month > 12 || d.day < 1) return null;
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day ? d : null;
}

function ymd(s: LocalDate): Ymd {
  const d = parseLocalDate(s);
  if (!d) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `"${s}" is not a local date YYYY-MM-DD`, {
      errors: [{ path: 'date', message: 'must be a date YYYY-MM-DD' }],
    });
  }
  return d;
}

function prevDay(d: Ymd): Ymd {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) - 86_400_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function cmp(a: Ymd, b: Ymd): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The instant (ms) a local date starts in `timeZone` (its first instant at or after local midnight). */
export function startOfLocalDate(date: LocalDate, timeZone: string): number {
  return zonedToInstant(ymd(date), timeZone);
}

/** The local date of an instant in `timeZone`. */
export function localDateOf(at: string | Date, timeZone: string): LocalDate {
  return localDateString(localParts(toInstant(at, 'at'), timeZone));
}

function period(first: Ymd, nextStart: Ymd, timeZone: string): Period {
  const startDate = localDateString(first);
  return {
    key: startDate,
    startDate,
    endDate: localDateString(prevDay(nextStart)),
    start: new Date(zonedToInstant(first, timeZone)).toISOString(),
    end: new Date(zonedToInstant(nextStart, timeZone)).toISOString(),
  };
}

/**
 * The period containing the instant `at` (start inclusive, end exclusive),
 * by the local date of `at` in `timeZone`; null when no period covers it (before an
 * agreement year's start, outside every custom period).
 */
export function periodAt(rule: PeriodRule, at: string | Date, timeZone: string): Period | null {
  const d = localParts(toInstant(at, 'at'), timeZone);
  switch (rule.kind) {
    case 'calendar_year':
      return period({ year: d.year, month: 1, day: 1 }, { year: d.year + 1, month: 1, day: 1 }, timeZone);
    case 'agreement_year': {
      const start = ymd(rule.start);
      // Each period start is computed from the original start date, so a
      // 29 Feb start returns to 29 Feb in leap years.
      let n = d.year - start.year;
      if (cmp(d, addMonths(start, 12 * n)) < 0) n--;
      if (n < 0) return null;
      return period(addMonths(start, 12 * n), addMonths(start, 12 * (n + 1)), timeZone);
    }
    case 'custom': {
      for (const p of rule.periods) {
        const from = ymd(p.from);
        const to = ymd(p.to);
        if (cmp(d, from) >= 0 && cmp(d, to) <= 0) return period(from, nextDay(to), timeZone);
      }
      return null;
    }
  }
}

/** The period that follows `current` (null for the last custom period). */
export function nextPeriod(rule: PeriodRule, current: Period, timeZone: string): Period | null {
  return periodAt(rule, current.end, timeZone);
}
