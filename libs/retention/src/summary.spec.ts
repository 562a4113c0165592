import { summarize, SummaryBuilder } from './summary';
import { dayNumber, isoDay, median, tryDayNumber } from './dates';

describe('dates', () => {
  it('parses strict ISO days and rejects the rest', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(isoDay(dayNumber('2024-02-29'))).toBe('2024-02-29');
    for (const bad of [
      '2025-02-30',
      '2025-13-01',
      '2025-1-01',
      '20250101',
      '2025/01/01',
      '',
      '2025-01-01T00:00',
    ]) {
      expect(tryDayNumber(bad)).toBeNull();
    }
    expect(() => dayNumber('2025-02-30')).toThrow('not a date');
  });

  it('median of odd and even lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('customer summaries', () => {
  const log = [
    { customerId: 'a', day: '2025-01-01', amount: 10 },
    { customerId: 'a', day: '2025-01-01', amount: 5 }, // same day: one purchase of 15
    { customerId: 'a', day: '2025-01-15', amount: 20 },
    { customerId: 'a', day: '2025-01-29', amount: 30 },
    { customerId: 'a', day: '2025-03-01', amount: 99 }, // after the calibration end: ignored
    { customerId: 'b', day: '2025-01-22', amount: 7 },
    { customerId: 'b', day: '2025-01-22', amount: 8 },
  ];

  it('merges same-day purchases, ignores later ones and measures in weeks', () => {
    const s = summarize(log, { calibrationEnd: '2025-02-12' });
    expect(s).toEqual([
      {
        customerId: 'a',
        frequency: 2,
        recency: 4,
        T: 6,
        monetary: 25,
        firstDay: dayNumber('2025-01-01'),
        lastDay: dayNumber('2025-01-29'),
        totalSpend: 65,
      },
      {
        customerId: 'b',
        frequency: 0,
        recency: 0,
        T: 3,
        monetary: 0,
        firstDay: dayNumber('2025-01-22'),
        lastDay: dayNumber('2025-01-22'),
        totalSpend: 15,
      },
    ]);
  });

  it('takes the time unit as an argument, and purchases in any order', () => {
    const s = summarize([...log].reverse(), { calibrationEnd: '2025-02-12', timeUnitDays: 1 });
    const a = s.find((c) => c.customerId === 'a')!;
    expect([a.frequency, a.recency, a.T, a.monetary]).toEqual([2, 28, 42, 25]);
  });

  it('counts the purchases it ignored and rejects bad input', () => {
    const b = new SummaryBuilder({ calibrationEnd: '2025-02-12' });
    b.add('a', dayNumber('2025-03-01'), 1);
    expect(b.ignored).toBe(1);
    expect(b.build()).toEqual([]);
    expect(() => b.add('a', dayNumber('2025-01-01'), NaN)).toThrow('finite');
    expect(() => new SummaryBuilder({ calibrationEnd: '2025-02-12', timeUnitDays: 0 })).toThrow('positive');
    expect(() =>
      summarize([{ customerId: 'a', day: '2025-02-30', amount: 1 }], { calibrationEnd: '2025-02-12' }),
    ).toThrow('not a date');
  });
});
