/**
 * Scheduled settlement runs: which run of a period is due at an instant, by
 * the agreement's schedule, in the business time zone. Pure: the caller
 * records each run key once (that is what makes a run happen exactly once).
 */
import { addMonths } from '@regulars/rules/time';
import { localDateOf, parseLocalDate } from './period';
import type { LocalDate, Period, SettlementSchedule } from './types';

const MONTHS: Record<SettlementSchedule, number | null> = {
  manual: null,
  final: null,
  half_yearly: 6,
  quarterly: 3,
  monthly: 1,
};

const iso = (d: { year: number; month: number; day: number }): LocalDate =>
  `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/**
 * The local dates on which the interim runs of a period fall: the first day of
 * each 6th / 3rd / 1st month counted from the period's first day, strictly
 * inside the period (a calendar year quarterly: 1 Apr, 1 Jul, 1 Oct). Each
 * counts from the period's start, so a 31 Jan start gives 30 Apr, 31 Jul, 31 Oct.
 */
export function interimDates(period: Period, schedule: SettlementSchedule): LocalDate[] {
  const every = MONTHS[schedule];
  if (every === null) return [];
  const start = parseLocalDate(period.startDate)!;
  const out: LocalDate[] = [];
  for (let n = every; ; n += every) {
    const d = iso(addMonths(start, n));
    if (d > period.endDate) return out;
    out.push(d);
  }
}

export interface ScheduledRun {
  /** Stable per period: `interim:<date>` or `final`; the caller records it once. */
  key: string;
  stage: 'interim' | 'final';
  /** The local date it became due. */
  dueDate: LocalDate;
}

/**
 * The scheduled run of the period due at `now`: the final once the period has
 * ended (from the day after its last day); before that the interim of the
 * latest interim date reached; null for a manual schedule, or before the first
 * interim date. Only the latest is returned: a run missed while the service was
 * down is made up by the next one (an interim settles everything accrued to date).
 */
export function scheduledRunAt(
  period: Period,
  schedule: SettlementSchedule,
  now: Date,
  timeZone: string,
): ScheduledRun | null {
  if (schedule === 'manual') return null;
  if (now.getTime() >= Date.parse(period.end)) {
    return { key: 'final', stage: 'final', dueDate: localDateOf(period.end, timeZone) };
  }
  const today = localDateOf(now, timeZone);
  const reached = interimDates(period, schedule).filter((d) => d <= today);
  const last = reached[reached.length - 1];
  return last ? { key: `interim:${last}`, stage: 'interim', dueDate: last } : null;
}
