import { birthdayMonthDays, isDailySlot, localDateOf } from './scheduled-triggers';

describe('scheduled trigger calendar', () => {
  it('celebrates 29 February on 28 February in common years only', () => {
    expect(birthdayMonthDays('2027-02-28')).toEqual(['02-28', '02-29']);
    expect(birthdayMonthDays('2028-02-28')).toEqual(['02-28']);
    expect(birthdayMonthDays('2028-02-29')).toEqual(['02-29']);
    expect(birthdayMonthDays('2100-02-28')).toEqual(['02-28', '02-29']); // 2100 is not a leap year
    expect(birthdayMonthDays('2000-02-28')).toEqual(['02-28']); // 2000 is
    expect(birthdayMonthDays('2026-03-05')).toEqual(['03-05']);
  });

  it('local dates at the day boundary of a zone', () => {
    expect(localDateOf(Date.parse('2026-03-04T22:59:59Z'), 'Europe/Berlin')).toBe('2026-03-04');
    expect(localDateOf(Date.parse('2026-03-04T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-05');
    expect(localDateOf(Date.parse('2026-03-05T04:59:59Z'), 'America/New_York')).toBe('2026-03-04');
  });

  it('the daily slot is the quarter hour from 10:00 local time, in every zone (DST included)', () => {
    expect(isDailySlot(Date.parse('2026-01-15T09:00:00Z'), 'Europe/Berlin')).toBe(true); // 10:00 CET
    expect(isDailySlot(Date.parse('2026-07-15T08:14:59Z'), 'Europe/Berlin')).toBe(true); // 10:14 CEST
    expect(isDailySlot(Date.parse('2026-07-15T08:15:00Z'), 'Europe/Berlin')).toBe(false);
    expect(isDailySlot(Date.parse('2026-07-15T09:00:00Z'), 'Europe/Berlin')).toBe(false);
    expect(isDailySlot(Date.parse('2026-01-15T04:15:00Z'), 'Asia/Kathmandu')).toBe(true); // +05:45
    // Exactly one of the 96 quarter-hourly cron runs of a day is the slot, in any zone.
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Adelaide', 'America/St_Johns'])
      for (const day of ['2026-01-15', '2026-07-15']) {
        const start = Date.parse(`${day}T00:00:00Z`);
        let n = 0;
        for (let i = 0; i < 96; i++) if (isDailySlot(start + i * 900_000, zone)) n++;
        expect({ zone, day, n }).toEqual({ zone, day, n: 1 });
      }
  });
});
