import fc from 'fast-check';
import { intlLocalParts, localParts } from './time';

// Zones with every kind of offset change: DST north and south, half and quarter hours, a
// 30-minute DST (Lord Howe), a skipped day (Apia, 2011), Ramadan suspensions (Casablanca),
// abolished DST (Istanbul, Tehran), and UTC.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Tehran',
  'Africa/Casablanca',
  'Pacific/Apia',
  'Europe/Istanbul',
  'America/St_Johns',
  'Pacific/Kiritimati',
  'America/Sao_Paulo',
  'UTC',
];

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FROM = Date.UTC(1973, 0, 1);
const UNTIL = Date.UTC(2045, 0, 1);

const offset = (ms: number, zone: string) => {
  const p = intlLocalParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
};

describe('localParts (offsets remembered per hour)', () => {
  it('equals Intl at random instants from 1900 to 2200 in every zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        (zone, ms) => {
          expect(localParts(ms, zone)).toEqual(intlLocalParts(ms, zone));
          // twice: the second answer comes from the remembered offset
          expect(localParts(ms, zone)).toEqual(intlLocalParts(ms, zone));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('equals Intl at every minute of six hours around offset changes from 1973 to 2045, and at the change', () => {
    let changes = 0;
    for (const zone of ZONES) {
      // The weeks in which the offset changes (one Intl look-up per week), then the instant of
      // the change by bisection to the second, for a sample of them.
      const instants: number[] = [];
      let before = offset(FROM, zone);
      for (let t = FROM + 7 * DAY; t < UNTIL; t += 7 * DAY) {
        const now = offset(t, zone);
        if (now !== before) {
          let lo = t - 7 * DAY;
          let hi = t;
          while (hi - lo > 1000) {
            const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
            if (offset(mid, zone) === offset(lo, zone)) lo = mid;
            else hi = mid;
          }
          instants.push(hi);
        }
        before = now;
      }
      changes += instants.length;
      const step = Math.max(1, Math.floor(instants.length / 10));
      for (let i = 0; i < instants.length; i += step) {
        const at = instants[i];
        // Warm the cache in another order than it is checked in (late hours first).
        for (let t = at + 3 * HOUR; t >= at - 3 * HOUR; t -= 37 * 60_000) localParts(t, zone);
        for (let t = at - 3 * HOUR; t < at + 3 * HOUR; t += 60_000)
          expect(localParts(t, zone)).toEqual(intlLocalParts(t, zone));
        for (const t of [at - 1000, at - 1, at, at + 1, at + 1000])
          expect(localParts(t, zone)).toEqual(intlLocalParts(t, zone));
      }
    }
    expect(changes).toBeGreaterThan(1000); // the scan found the changes it is meant to test
  });

  it('refuses an unknown zone and an invalid instant as Intl does', () => {
    expect(() => localParts(Date.UTC(2026, 0, 1), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localParts(NaN, 'Europe/Berlin')).toThrow(RangeError);
  });
});
