import { localDateOf, nextPeriod, periodAt } from './index';
import { BERLIN } from '../test/fixtures';

describe('periodAt: periods in the business time zone', () => {
  it('calendar year by the local date: 23:30 UTC on 31 Dec is already next year in Berlin', () => {
    expect(periodAt({ kind: 'calendar_year' }, '2026-12-31T23:30:00Z', BERLIN)).toEqual({
      key: '2027-01-01',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      start: '2026-12-31T23:00:00.000Z',
      end: '2027-12-31T23:00:00.000Z',
    });
    expect(periodAt({ kind: 'calendar_year' }, '2026-12-31T22:59:59.999Z', BERLIN)?.key).toBe('2026-01-01');
    expect(periodAt({ kind: 'calendar_year' }, '2026-12-31T23:30:00Z', 'UTC')?.key).toBe('2026-01-01');
  });

  it('agreement year: boundaries follow daylight saving time of each date', () => {
    const rule = { kind: 'agreement_year' as const, start: '2026-04-01' };
    // 00:30 on 1 April 2026 in Berlin (CEST, +2)
    expect(periodAt(rule, '2026-03-31T22:30:00Z', BERLIN)).toEqual({
      key: '2026-04-01',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      start: '2026-03-31T22:00:00.000Z',
      end: '2027-03-31T22:00:00.000Z',
    });
    expect(periodAt(rule, '2026-03-31T21:59:59Z', BERLIN)).toBeNull(); // before the start
    expect(periodAt(rule, '2029-01-10T12:00:00Z', BERLIN)?.key).toBe('2028-04-01');
  });

  it('agreement year from 29 Feb: 28 Feb in common years, back to 29 Feb in leap years', () => {
    const rule = { kind: 'agreement_year' as const, start: '2024-02-29' };
    expect(periodAt(rule, '2025-02-27T12:00:00Z', 'UTC')).toMatchObject({
      key: '2024-02-29',
      endDate: '2025-02-27',
    });
    expect(periodAt(rule, '2025-02-28T00:00:00Z', 'UTC')).toMatchObject({
      key: '2025-02-28',
      endDate: '2026-02-27',
    });
    expect(periodAt(rule, '2027-12-01T00:00:00Z', 'UTC')).toMatchObject({
      key: '2027-02-28',
      endDate: '2028-02-28',
    });
    expect(periodAt(rule, '2028-02-29T00:00:00Z', 'UTC')).toMatchObject({
      key: '2028-02-29',
      endDate: '2029-02-27',
    });
  });

  it('custom periods: inclusive local dates; gaps belong to no period', () => {
    const rule = {
      kind: 'custom' as const,
      periods: [
        { from: '2026-01-01', to: '2026-03-31' },
        { from: '2026-05-01', to: '2026-12-31' },
      ],
    };
    // 23:59 on 31 March in Berlin is in the first period
    expect(periodAt(rule, '2026-03-31T21:59:00Z', BERLIN)).toEqual({
      key: '2026-01-01',
      startDate: '2026-01-01',
      endDate: '2026-03-31',
      start: '2025-12-31T23:00:00.000Z',
      end: '2026-03-31T22:00:00.000Z',
    });
    expect(periodAt(rule, '2026-03-31T22:00:00Z', BERLIN)).toBeNull();
    expect(periodAt(rule, '2026-05-01T00:00:00Z', BERLIN)?.key).toBe('2026-05-01');
    expect(periodAt(rule, '2027-01-01T12:00:00Z', BERLIN)).toBeNull();
  });

  it('nextPeriod and localDateOf', () => {
    const p = periodAt({ kind: 'calendar_year' }, '2026-06-01T00:00:00Z', BERLIN)!;
    expect(nextPeriod({ kind: 'calendar_year' }, p, BERLIN)?.key).toBe('2027-01-01');
    const rule = { kind: 'custom' as const, periods: [{ from: '2026-01-01', to: '2026-12-31' }] };
    expect(nextPeriod(rule, periodAt(rule, '2026-06-01T00:00:00Z', BERLIN)!, BERLIN)).toBeNull();
    expect(localDateOf('2026-06-30T22:30:00Z', BERLIN)).toBe('2026-07-01');
  });

  it('rejects an invalid instant', () => {
    expect(() => periodAt({ kind: 'calendar_year' }, 'yesterday', BERLIN)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
