import type { Purchase } from './types';
import {
  detectAovFallingBusiness,
  detectAovFallingCustomers,
  detectCategoryDropped,
  detectDryingUp,
  lastCompleteMonths,
} from './trends';
import { dayNumber, isoDay, monthLabel } from './dates';

const buy = (customerId: string, day: string, amount: number, category?: string): Purchase => ({
  customerId,
  day,
  amount,
  category,
});

/** Visits every `gap` days from `from`, `count` times. */
function every(
  customerId: string,
  from: string,
  gap: number,
  count: number,
  amount = 10,
  category?: string,
): Purchase[] {
  const start = dayNumber(from);
  return Array.from({ length: count }, (_, i) => buy(customerId, isoDay(start + i * gap), amount, category));
}

/** `orders` orders of one amount by distinct customers, spread over a month. */
function monthOfOrders(month: string, orders: number, amount: number): Purchase[] {
  return Array.from({ length: orders }, (_, i) =>
    buy(`m${i}`, `${month}-${String((i % 28) + 1).padStart(2, '0')}`, amount),
  );
}

describe('lastCompleteMonths', () => {
  it('counts the month of asOf only on its last day', () => {
    expect(lastCompleteMonths(dayNumber('2025-06-30')).map(monthLabel)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
    ]);
    expect(lastCompleteMonths(dayNumber('2025-07-15')).map(monthLabel)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
    ]);
    expect(lastCompleteMonths(dayNumber('2025-01-10')).map(monthLabel)).toEqual([
      '2024-10',
      '2024-11',
      '2024-12',
    ]);
  });
});

describe('average order value falling (business-wide)', () => {
  it('fires when AOV fell each month by 20 % overall, with the monthly figures as evidence', () => {
    const log = [
      ...monthOfOrders('2025-03', 30, 30),
      ...monthOfOrders('2025-04', 30, 20),
      ...monthOfOrders('2025-05', 30, 18),
      ...monthOfOrders('2025-06', 30, 16),
    ];
    const alert = detectAovFallingBusiness(log, '2025-07-15');
    expect(alert).not.toBeNull();
    expect(alert!.scope).toBe('business');
    expect(alert!.evidence.months).toEqual([
      { month: '2025-04', orders: 30, revenue: 600, averageOrderValue: 20 },
      { month: '2025-05', orders: 30, revenue: 540, averageOrderValue: 18 },
      { month: '2025-06', orders: 30, revenue: 480, averageOrderValue: 16 },
    ]);
    expect(alert!.evidence.drop).toBeCloseTo(0.2, 12);
  });

  it('stays quiet when AOV rose back, fell by less than 10 %, or a month has too few orders', () => {
    const rise = [
      ...monthOfOrders('2025-04', 30, 20),
      ...monthOfOrders('2025-05', 30, 18),
      ...monthOfOrders('2025-06', 30, 19),
    ];
    const small = [
      ...monthOfOrders('2025-04', 30, 20),
      ...monthOfOrders('2025-05', 30, 19.5),
      ...monthOfOrders('2025-06', 30, 19),
    ];
    const thin = [
      ...monthOfOrders('2025-04', 30, 20),
      ...monthOfOrders('2025-05', 10, 18),
      ...monthOfOrders('2025-06', 30, 16),
    ];
    expect(detectAovFallingBusiness(rise, '2025-06-30')).toBeNull();
    expect(detectAovFallingBusiness(small, '2025-06-30')).toBeNull();
    expect(detectAovFallingBusiness(thin, '2025-06-30')).toBeNull();
    // The same thin history fires once the threshold is lowered: the quiet result came from the rule.
    expect(detectAovFallingBusiness(thin, '2025-06-30', { minOrdersPerMonth: 10 })).not.toBeNull();
  });
});

describe('average order value falling (per customer)', () => {
  it('fires for the customer whose AOV fell each month, and merges same-day purchases into one order', () => {
    const log = [
      // a: April 30 + 30 (two days), May one order of 15 + 10 on one day, June 20 and 20 → AOV 30, 25, 20
      buy('a', '2025-04-03', 30),
      buy('a', '2025-04-17', 30),
      buy('a', '2025-05-08', 15),
      buy('a', '2025-05-08', 10),
      buy('a', '2025-06-05', 20),
      buy('a', '2025-06-19', 20),
      // b: 30, 25, 28 — fell then rose
      buy('b', '2025-04-03', 30),
      buy('b', '2025-05-03', 25),
      buy('b', '2025-06-03', 28),
      // c: nothing in May
      buy('c', '2025-04-03', 30),
      buy('c', '2025-06-03', 10),
    ];
    const alerts = detectAovFallingCustomers(log, '2025-06-30');
    expect(alerts.map((a) => a.customerId)).toEqual(['a']);
    expect(alerts[0].evidence.months.map((m) => [m.month, m.orders, m.averageOrderValue])).toEqual([
      ['2025-04', 2, 30],
      ['2025-05', 1, 25],
      ['2025-06', 2, 20],
    ]);
    expect(alerts[0].evidence.drop).toBeCloseTo(1 / 3, 12);
  });
});

describe("a regular's orders drying up", () => {
  const asOf = '2025-06-30';

  it('fires for an overdue weekly regular, with median gap and threshold as evidence', () => {
    const log = every('weekly-gone', '2025-01-01', 7, 20); // last visit 2025-05-14
    const alerts = detectDryingUp(log, asOf);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].customerId).toBe('weekly-gone');
    expect(alerts[0].evidence).toEqual({
      reason: 'overdue',
      visits: 20,
      firstVisit: '2025-01-01',
      lastVisit: '2025-05-14',
      medianGapDays: 7,
      daysSinceLast: 47,
      overdueAfterDays: 14,
      recentGapDays: null,
      recentMeanGapDays: null,
    });
  });

  it('fires for a regular whose gaps tripled, before they are overdue', () => {
    const weekly = every('slowing', '2025-03-01', 7, 10); // last weekly visit 2025-05-03
    const log = [
      ...weekly,
      buy('slowing', '2025-05-23', 10),
      buy('slowing', '2025-06-14', 10),
      buy('slowing', '2025-06-25', 10),
    ];
    const alerts = detectDryingUp(log, asOf);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].evidence.reason).toBe('slowing');
    expect(alerts[0].evidence.recentGapDays).toEqual([20, 22, 11]);
    expect(alerts[0].evidence.recentMeanGapDays).toBeCloseTo(53 / 3, 12);
    expect(alerts[0].evidence.medianGapDays).toBe(7);
    expect(alerts[0].evidence.daysSinceLast).toBe(5);
  });

  it('stays quiet for a steady regular, an occasional visitor, and a customer with too few visits', () => {
    const steady = [...every('steady', '2025-01-04', 7, 25), buy('steady', '2025-06-28', 10)];
    const jittery = [
      ...every('jitter', '2025-03-01', 7, 10),
      buy('jitter', '2025-05-11', 10),
      buy('jitter', '2025-05-20', 10),
      buy('jitter', '2025-05-27', 10),
      buy('jitter', '2025-06-26', 10),
    ];
    const occasional = every('occasional', '2024-01-10', 60, 6); // median gap 60 > 45: not a regular
    const few = every('few', '2025-01-01', 7, 4);
    const alerts = detectDryingUp([...steady, ...occasional, ...few], asOf);
    expect(alerts).toEqual([]);
    // jitter: gaps 9, 7, 30 → mean 15.3 > 2 x 7: slowing; with slowdown 3 it stays quiet.
    expect(detectDryingUp(jittery, asOf).map((a) => a.evidence.reason)).toEqual(['slowing']);
    expect(detectDryingUp(jittery, asOf, { slowdown: 3 })).toEqual([]);
  });
});

describe('a product range dropped', () => {
  const asOf = '2025-06-30';
  const weeklyBoth = (id: string, pastryUntil: string): Purchase[] => {
    const out: Purchase[] = [];
    for (let d = dayNumber('2024-10-05'); d <= dayNumber('2025-06-28'); d += 7) {
      out.push(buy(id, isoDay(d), 4, 'coffee'));
      if (d <= dayNumber(pastryUntil)) out.push(buy(id, isoDay(d), 3, 'pastry'));
    }
    return out;
  };

  it('fires for a customer who still buys coffee but stopped pastries, with the evidence', () => {
    const alerts = detectCategoryDropped(weeklyBoth('a', '2025-03-15'), asOf);
    expect(alerts).toHaveLength(1);
    const e = alerts[0].evidence;
    expect(alerts[0].customerId).toBe('a');
    expect(e.category).toBe('pastry');
    expect(e.lastCategoryPurchase).toBe('2025-03-15');
    expect(e.daysSinceCategory).toBe(107);
    expect(e.categoryMedianGapDays).toBe(7);
    expect(e.baselineFrom).toBe('2024-10-04');
    expect(e.baselineTo).toBe('2025-04-01');
    expect(e.recentFrom).toBe('2025-04-02');
    expect(e.bucketsWithCategory).toBe(6);
    expect(e.categoryDaysPerBucket.reduce((s, n) => s + n, 0)).toBe(24);
    expect(e.recentVisits).toBe(13);
    expect(e.recentCategories).toEqual(['coffee']);
  });

  it('stays quiet when the range is still bought, when the customer stopped everything, for a rare range and a slow cadence', () => {
    const still = weeklyBoth('still', '2025-06-28');
    const gone = weeklyBoth('gone', '2025-03-15').filter((p) => p.day <= '2025-03-20');
    const rare = [
      ...every('rare', '2024-10-05', 7, 39, 4, 'coffee'),
      buy('rare', '2024-12-20', 20, 'cake'),
      buy('rare', '2024-12-24', 20, 'cake'),
    ];
    // Beans every 60 days (3 of 6 buckets); last on 2025-03-20: 102 days ago, not more than 2 x 60.
    const slow = [
      ...every('slow', '2024-10-05', 7, 39, 4, 'coffee'),
      ...every('slow', '2024-10-21', 60, 3, 12, 'beans'),
      buy('slow', '2025-03-20', 12, 'beans'),
    ];
    expect(detectCategoryDropped([...still, ...gone, ...rare, ...slow], asOf)).toEqual([]);
    // With k = 1.5 the slow cadence is overdue (102 > 90) and fires: the rule, not the data shape, kept it quiet.
    expect(detectCategoryDropped(slow, asOf, { k: 1.5 }).map((a) => a.evidence.category)).toEqual(['beans']);
  });
});
