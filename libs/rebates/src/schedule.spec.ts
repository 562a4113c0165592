import { periodAt } from './period';
import { interimDates, scheduledRunAt } from './schedule';
import type { SettlementSchedule } from './types';

const TZ = 'Europe/Berlin';
const year2027 = periodAt({ kind: 'calendar_year' }, '2027-06-01T00:00:00Z', TZ)!;

describe('scheduled settlement runs', () => {
  it('interim dates: quarterly, half-yearly, monthly inside the period; none for manual and final', () => {
    expect(interimDates(year2027, 'quarterly')).toEqual(['2027-04-01', '2027-07-01', '2027-10-01']);
    expect(interimDates(year2027, 'half_yearly')).toEqual(['2027-07-01']);
    expect(interimDates(year2027, 'monthly')).toHaveLength(11);
    expect(interimDates(year2027, 'final')).toEqual([]);
    expect(interimDates(year2027, 'manual')).toEqual([]);
    // An agreement year from 31 Jan: each date counts from the start (no drift to the 28th).
    const p = periodAt({ kind: 'agreement_year', start: '2027-01-31' }, '2027-02-15T00:00:00Z', TZ)!;
    expect(interimDates(p, 'quarterly')).toEqual(['2027-04-30', '2027-07-31', '2027-10-31']);
    // A short custom period gets only the dates inside it.
    const c = periodAt(
      { kind: 'custom', periods: [{ from: '2027-01-01', to: '2027-05-15' }] },
      '2027-02-01T00:00:00Z',
      TZ,
    )!;
    expect(interimDates(c, 'quarterly')).toEqual(['2027-04-01']);
  });

  it('the run due at an instant follows local midnights in the business time zone', () => {
    const at = (iso: string, s: SettlementSchedule = 'quarterly') =>
      scheduledRunAt(year2027, s, new Date(iso), TZ);
    expect(at('2027-03-31T21:59:59Z')).toBeNull(); // 23:59:59 in Berlin (CEST)
    expect(at('2027-03-31T22:00:00Z')).toEqual({
      key: 'interim:2027-04-01',
      stage: 'interim',
      dueDate: '2027-04-01',
    });
    expect(at('2027-09-30T23:00:00Z')?.key).toBe('interim:2027-10-01');
    expect(at('2027-12-31T22:59:59Z')?.key).toBe('interim:2027-10-01'); // 23:59:59 on 31 Dec (CET)
    expect(at('2027-12-31T23:00:00Z')).toEqual({ key: 'final', stage: 'final', dueDate: '2028-01-01' });
    expect(at('2028-06-01T00:00:00Z')?.key).toBe('final');
    expect(at('2027-12-31T23:00:00Z', 'final')?.key).toBe('final');
    expect(at('2027-11-01T00:00:00Z', 'final')).toBeNull();
    expect(at('2028-06-01T00:00:00Z', 'manual')).toBeNull();
  });

  it('walking through a year hour by hour: keys only move forward, each interim date appears once, then final', () => {
    const seen: string[] = [];
    for (let t = Date.parse('2026-12-31T00:00:00Z'); t < Date.parse('2028-01-03T00:00:00Z'); t += 3_600_000) {
      const r = scheduledRunAt(year2027, 'monthly', new Date(t), TZ);
      if (r && seen[seen.length - 1] !== r.key) seen.push(r.key);
    }
    expect(seen).toEqual([...interimDates(year2027, 'monthly').map((d) => `interim:${d}`), 'final']);
  });
});
