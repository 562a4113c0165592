import { cdnowSamplePurchases } from '../test/cdnow';
import { cohortRetention } from './cohorts';
import { concentration, quintileScores, rfmInputs, rfmScores, valueSegments } from './segments';
import type { Purchase } from './types';

describe('RFM quintiles', () => {
  it('scores 1..5 by rank, ties sharing a score', () => {
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintileScores([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(quintileScores([5, 5, 5, 5])).toEqual([1, 1, 1, 1]);
    expect(quintileScores([1, 2, 2, 2, 3])).toEqual([1, 2, 2, 2, 5]);
  });

  it('the most recent, most frequent, biggest spender scores 555 and recency counts backwards', () => {
    const log: Purchase[] = [];
    // Customer i (0..9): last visit i days before asOf, i + 1 visits, spend 10 x (i + 1) per visit... reversed for recency.
    for (let i = 0; i < 10; i++) {
      for (let v = 0; v <= i; v++)
        log.push({ customerId: `c${i}`, day: `2025-06-${String(30 - i - v).padStart(2, '0')}`, amount: 10 });
    }
    const byId = new Map(rfmScores(rfmInputs(log, '2025-06-30')).map((s) => [s.customerId, s]));
    expect(byId.get('c0')).toEqual({ customerId: 'c0', r: 5, f: 1, m: 1, code: '511' });
    expect(byId.get('c9')).toEqual({ customerId: 'c9', r: 1, f: 5, m: 5, code: '155' });
    expect(byId.get('c4')!.code).toBe('333');
  });
});

describe('80/20 concentration', () => {
  it('on CDNOW the top 20 % of customers bring about 68 % of revenue, not 80 %', () => {
    const spend = new Map<string, number>();
    for (const p of cdnowSamplePurchases())
      spend.set(p.customerId, (spend.get(p.customerId) ?? 0) + p.amount);
    const c = concentration([...spend.values()]);
    expect(c.customers).toBe(2357);
    expect(c.topCustomers).toBe(472);
    // 67.46 % on the 1/10 sample (the full CDNOW master file gives 67.8 %).
    expect(c.share).toBeCloseTo(0.6746, 4);
  });

  it('small cases', () => {
    expect(concentration([100, 0, 0, 0, 0])).toMatchObject({ topCustomers: 1, share: 1 });
    expect(concentration([1, 1, 1, 1, 1])).toMatchObject({ topCustomers: 1, share: 0.2 });
    expect(concentration([])).toMatchObject({ customers: 0, share: 0 });
    expect(() => concentration([1], 0)).toThrow();
  });
});

describe('lifetime-value segments', () => {
  it('cuts the ranking at 20 / 30 / 50 % with value shares and ranges', () => {
    const customers = Array.from({ length: 10 }, (_, i) => ({ customerId: `c${i}`, value: 10 - i })); // 10..1, total 55
    const s = valueSegments(customers);
    expect(s.segments).toEqual([
      { name: 'top', customers: 2, totalValue: 19, valueShare: 19 / 55, minValue: 9, maxValue: 10 },
      { name: 'middle', customers: 3, totalValue: 21, valueShare: 21 / 55, minValue: 6, maxValue: 8 },
      { name: 'low', customers: 5, totalValue: 15, valueShare: 15 / 55, minValue: 1, maxValue: 5 },
    ]);
    expect(s.byCustomer.get('c0')).toBe('top');
    expect(s.byCustomer.get('c9')).toBe('low');
    expect(() => valueSegments(customers, [{ name: 'all', share: 0.9 }])).toThrow();
  });
});

describe('cohort retention by enrolment month', () => {
  const p = (customerId: string, day: string): Purchase => ({ customerId, day, amount: 1 });
  const log = [
    p('a', '2025-01-05'),
    p('a', '2025-02-05'),
    p('a', '2025-03-05'),
    p('b', '2025-01-10'),
    p('b', '2025-03-10'),
    p('c', '2025-01-20'),
    p('d', '2025-02-02'),
    p('d', '2025-03-03'),
    p('e', '2025-02-14'),
    p('a', '2025-04-02'), // after asOf: ignored
  ];

  it('counts each cohort member active in each later month', () => {
    expect(cohortRetention(log, '2025-03-31')).toEqual([
      { cohort: '2025-01', size: 3, active: [3, 1, 2], rates: [1, 1 / 3, 2 / 3] },
      { cohort: '2025-02', size: 2, active: [2, 1], rates: [1, 0.5] },
    ]);
  });

  it('uses enrolment days when given (a member who enrolled in January but first bought in February)', () => {
    const rows = cohortRetention(log, '2025-03-31', new Map([['e', '2025-01-30']]));
    expect(rows[0]).toEqual({ cohort: '2025-01', size: 4, active: [3, 2, 2], rates: [3 / 4, 2 / 4, 2 / 4] });
    expect(rows[1]).toEqual({ cohort: '2025-02', size: 1, active: [1, 1], rates: [1, 1] });
  });
});
