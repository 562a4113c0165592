import type { CronMatcher } from 'graphile-worker';

/**
 * LEDGER_SETTLE_SECONDS on the job queue's cron, whose unit is the minute:
 * the settle run starts every ceil(seconds / 60) minutes, counted from
 * midnight UTC (so 60 = every minute, 300 = at :00, :05, ...; a period that
 * does not divide a day leaves a shorter last interval before midnight). 0 =
 * off. The cron adds each run once however many instances run a worker.
 */
export function settleEveryMinutes(seconds: number): number | null {
  if (seconds <= 0) return null;
  return Math.min(1440, Math.ceil(seconds / 60));
}

export function settleMatcher(everyMinutes: number): CronMatcher {
  return (d) => (d.hour * 60 + d.min) % everyMinutes === 0;
}
