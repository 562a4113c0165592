import { signal } from '@preact/signals';
import type { Schemas } from './api';

/** The signed-in staff member's business (name and currency for every money display). */
export const business = signal<Schemas['BusinessView'] | null>(null);

/** The currency of the business; money is never shown without it. */
export const currency = () => business.value?.currency ?? 'EUR';

/** The time zone of the business (dates the owner picks are its local dates). */
export const timeZone = () => business.value?.timeZone ?? 'UTC';

/**
 * The first instant of a local date ("YYYY-MM-DD") in a time zone, as an ISO
 * string: the owner's "from 1 April" means midnight where the shop is, not
 * where the browser is.
 */
export function zonedMidnight(date: string, tz: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  const offsetAt = (t: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(t))
        .map((x) => [x.type, x.value]),
    ) as Record<string, string>;
    const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    return asUtc - t;
  };
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t).toISOString();
}
