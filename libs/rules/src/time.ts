/**
 * Business-local calendar arithmetic with Intl.DateTimeFormat only. Nothing
 * here reads the clock: every instant is passed in.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import type { IsoWeekday } from './types';

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number; // 0..23
  minute: number;
  second: number;
  weekday: IsoWeekday;
}

const WEEKDAYS: Record<string, IsoWeekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const DAY_MS = 86_400_000;

// A memo of formatters per zone: constructing one is slow, and it holds no state.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Parses an instant; throws a validation DomainError when it is not a valid date. */
export function toInstant(value: string | Date, what = 'instant'): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${what} is not a valid date`, {
      value: String(value),
    });
  }
  return ms;
}

/**
 * Wall-clock parts of an instant in a time zone.
 *
 * The zone's UTC offset is remembered per hour: from 1973 on (when the last
 * offsets with seconds, such as Monrovia's -0:44:30, had gone) an offset
 * changes at most once within an hour, so an hour whose first and last
 * second have the same offset has it throughout, and the parts follow from
 * UTC arithmetic. An hour with a change in it, and every instant before
 * 1973, ask Intl each time. The tier view and the rules ask for the same
 * hours again and again (now, period ends, expiry dates), and one Intl
 * formatToParts costs several microseconds (docs/BENCHMARKS.md, run J).
 */
export function localParts(ms: number, timeZone: string): LocalParts {
  if (!(ms >= CACHED_FROM && ms < CACHED_UNTIL)) return intlLocalParts(ms, timeZone);
  const hour = Math.floor(ms / HOUR_MS);
  let zone = hourOffsets.get(timeZone);
  if (!zone) {
    formatter(timeZone); // an unknown zone throws here, as Intl does below
    hourOffsets.set(timeZone, (zone = new Map()));
  }
  let offset = zone.get(hour);
  if (offset === undefined) {
    const first = offsetAt(hour * HOUR_MS, timeZone);
    offset = first === offsetAt(hour * HOUR_MS + HOUR_MS - 1000, timeZone) ? first : NaN;
    if (zone.size >= 50_000) zone.clear();
    zone.set(hour, offset);
  }
  if (Number.isNaN(offset)) return intlLocalParts(ms, timeZone);
  const wall = new Date(ms + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: (((wall.getUTCDay() + 6) % 7) + 1) as IsoWeekday,
  };
}

const HOUR_MS = 3_600_000;
const CACHED_FROM = Date.UTC(1973, 0, 1);
const CACHED_UNTIL = Date.UTC(9999, 0, 1);
/** Per zone: hour number -> the offset (ms) throughout that hour, NaN when it changes within it. */
const hourOffsets = new Map<string, Map<number, number>>();

/** The zone's offset at an instant (whole seconds), from Intl. */
function offsetAt(ms: number, timeZone: string): number {
  return wallAsUtc(intlLocalParts(ms, timeZone)) - Math.floor(ms / 1000) * 1000;
}

/** localParts straight from Intl, for every instant (exported for the equality test). */
export function intlLocalParts(ms: number, timeZone: string): LocalParts {
  const out: Partial<Record<string, string>> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  const hour = Number(out.hour);
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: hour === 24 ? 0 : hour,
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS[out.weekday ?? ''],
  };
}

function wallAsUtc(p: Pick<LocalParts, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>): number {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/**
 * The first instant whose wall-clock time in `timeZone` is at or after the
 * given local date-time. For an ordinary time that is the instant itself; for
 * a repeated hour (autumn) the earlier one; for a skipped time (spring gap)
 * the first instant after the gap.
 */
export function zonedToInstant(
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
  timeZone: string,
): number {
  // Memoised: every purchase of a day asks for the same few instants (expiry
  // dates, promotion windows), and each answer costs six Intl look-ups.
  const key = `${timeZone}|${local.year}|${local.month}|${local.day}|${local.hour ?? 0}|${local.minute ?? 0}`;
  const hit = zonedCache.get(key);
  if (hit !== undefined) return hit;
  const v = resolveZoned(local, timeZone);
  if (zonedCache.size >= 4096) zonedCache.clear();
  zonedCache.set(key, v);
  return v;
}

const zonedCache = new Map<string, number>();

function resolveZoned(
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
  timeZone: string,
): number {
  const target = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, 0);
  const offsets = new Set<number>();
  for (const probe of [target - DAY_MS, target, target + DAY_MS]) {
    offsets.add(wallAsUtc(localParts(probe, timeZone)) - Math.floor(probe / 1000) * 1000);
  }
  let best: number | undefined;
  for (const off of offsets) {
    const candidate = target - off;
    if (wallAsUtc(localParts(candidate, timeZone)) >= target && (best === undefined || candidate < best)) {
      best = candidate;
    }
  }
  // Unreachable for real zones (the largest offset always lands at or after the target).
  if (best === undefined) throw new RangeError(`cannot resolve local time in ${timeZone}`);
  return best;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds calendar months to a date, clamping the day to the end of the target month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(
  d: { year: number; month: number; day: number },
  months: number,
): { year: number; month: number; day: number } {
  const idx = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/** The next calendar day (proleptic Gregorian). */
export function nextDay(d: { year: number; month: number; day: number }): {
  year: number;
  month: number;
  day: number;
} {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/**
 * Points expiry: earned at `earnedMs`, they lapse at the end of the local day
 * that is `afterMonths` calendar months after the local earning date (day
 * clamped to the month's end). Returned as the exclusive instant: the start
 * of the following local day.
 */
export function expiryInstant(earnedMs: number, afterMonths: number, timeZone: string): number {
  const lp = localParts(earnedMs, timeZone);
  const last = addMonths(lp, afterMonths);
  return zonedToInstant(nextDay(last), timeZone);
}

/** Pending period: exact 24-hour periods after the purchase (not calendar days; unaffected by DST). */
export function availableInstant(earnedMs: number, pendingDays: number): number {
  return earnedMs + pendingDays * DAY_MS;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function localDateString(p: { year: number; month: number; day: number }): string {
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** "HH:MM" -> minutes since midnight; "24:00" -> 1440; null when malformed. */
export function parseHhMm(s: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v > 1440 ? null : v;
}
