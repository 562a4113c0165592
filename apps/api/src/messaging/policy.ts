/**
 * The sending policy as pure functions: consent, quiet hours in the business
 * time zone, and the weekly frequency cap. Nothing here reads the clock or
 * the database; the caller passes `now` (from the injectable Clock) and rows.
 */
import { localParts, zonedToInstant } from '@regulars/rules';

export const CHANNELS = ['email', 'sms', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PURPOSES = ['marketing', 'service'] as const;
export type Purpose = (typeof PURPOSES)[number];
/** Where a consent was given or withdrawn. */
export const CONSENT_SOURCES = ['counter', 'join', 'me', 'import', 'staff', 'unsubscribe'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** The latest consent record of one member, channel and purpose (null: never recorded). */
export interface ConsentState {
  given: boolean;
  at: Date;
}

/**
 * Marketing needs consent given on that channel: the newer of the latest
 * consent-log record and the member profile's marketing flag (kept by the
 * members module with its time) wins; a tie goes to the log. Service
 * messages go out unless the member withdrew them on that channel.
 */
export function consentAllows(
  purpose: Purpose,
  latest: ConsentState | null,
  profile: { given: boolean; at: Date | null },
): boolean {
  if (purpose === 'service') return latest === null || latest.given;
  if (latest === null) return profile.given;
  if (profile.at !== null && profile.at.getTime() > latest.at.getTime()) return profile.given;
  return latest.given;
}

/** Quiet hours as minutes since local midnight; start > end wraps over midnight (22:00-08:00). */
export interface QuietHours {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;

/**
 * When a message may go out: `now` itself outside quiet hours, otherwise the
 * end of the quiet period (the next local `end` time in the business time zone).
 */
export function releaseTime(now: Date, timeZone: string, quiet: QuietHours | null): Date {
  if (!quiet || quiet.start === quiet.end) return now;
  const p = localParts(now.getTime(), timeZone);
  const minute = p.hour * 60 + p.minute;
  const inside =
    quiet.start < quiet.end
      ? minute >= quiet.start && minute < quiet.end
      : minute >= quiet.start || minute < quiet.end;
  if (!inside) return now;
  // The end is today when it is still ahead (08:00 seen at 06:00, or 17:00 seen at 13:00), else tomorrow.
  let day = { year: p.year, month: p.month, day: p.day };
  if (minute >= quiet.end) {
    const t = new Date(Date.UTC(p.year, p.month - 1, p.day) + DAY_MS);
    day = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
  }
  return new Date(
    zonedToInstant({ ...day, hour: Math.floor(quiet.end / 60), minute: quiet.end % 60 }, timeZone),
  );
}

export const WEEK_MS = 7 * DAY_MS;

/**
 * The weekly frequency cap: a marketing message is allowed when fewer than
 * `cap` marketing messages to the member fall in the 7 days up to `at`
 * (a rolling week, so no calendar boundary lets a burst through).
 */
export function frequencyCapAllows(previous: readonly Date[], at: Date, cap: number): boolean {
  const from = at.getTime() - WEEK_MS;
  const inWindow = previous.filter((d) => d.getTime() > from && d.getTime() <= at.getTime()).length;
  return inWindow < cap;
}

/** Retry back-off: 30 s, 1 min, 2 min, ... doubling, capped at 6 h. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 6 * 3600_000);
}

/** "HH:MM" -> minutes since midnight, or null when malformed. */
export function parseClockTime(s: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
