import {
  bgnbdExpectedPurchases,
  customerLifetimeValue,
  dayNumber,
  fitRetentionModels,
  gammaGammaExpectedSpend,
  summarize,
} from '@regulars/retention';
import { simulatePurchases } from '../../../../libs/retention/test/synthetic';
import { discountedMonths, lostCustomers, MONTH_DAYS } from './lost';

describe('lost customers: the model branch', () => {
  // 1,500 customers drawn from CDNOW-like parameters over two years: enough for both models.
  const purchases = simulatePurchases(
    { r: 0.5, alpha: 4, a: 0.8, b: 2.5 },
    { p: 6, q: 4, gamma: 15 },
    {
      customers: 1500,
      seed: 17,
      startDay: dayNumber('2024-01-01'),
      birthWindowDays: 180,
      endDay: dayNumber('2025-12-31'),
    },
  );
  const asOf = '2025-12-31';
  const report = lostCustomers(purchases, asOf);

  it('uses the models when the library finds both usable, and shows the arithmetic', () => {
    expect(report.method).toBe('model');
    expect(report.modelReasons).toEqual([]);
    expect(report.customers.length).toBeGreaterThan(50);
    const models = fitRetentionModels(summarize(purchases, { calibrationEnd: asOf, timeUnitDays: 7 }));
    const bg = models.purchases.fit!.params;
    const gg = models.spend.fit!.params;
    for (const c of report.customers.slice(0, 20)) {
      const own = purchases.filter((p) => p.customerId === c.customerId);
      const [s] = summarize(own, { calibrationEnd: c.lastDay, timeUnitDays: 7 });
      // As seen on the last visit: T equals t_x.
      expect(s.T).toBe(s.recency);
      const clv = customerLifetimeValue(bg, gg, s, {
        periods: 12,
        periodLength: MONTH_DAYS / 7,
        discountRate: 0.01,
      });
      expect(c.futureMethod).toBe('model');
      expect(c.futureValue).toBeCloseTo(clv, 9);
      const n = bgnbdExpectedPurchases(bg, (12 * MONTH_DAYS) / 7, s.frequency, s.recency, s.T);
      const m = gammaGammaExpectedSpend(gg, s.frequency, s.monetary);
      expect(c.arithmetic).toBe(
        `BG/NBD: ${n.toFixed(3)} expected purchases in the 12 months after ${c.lastDay} × Gamma-Gamma: ${m.toFixed(2)} expected per purchase = ${(n * m).toFixed(2)}; discounted month by month at 1 % = ${clv.toFixed(2)}`,
      );
      // Discounting only lowers the value.
      expect(clv).toBeLessThan(n * m);
    }
    const sum = report.months.reduce((s, m) => s + m.futureValue, 0);
    expect(sum).toBeCloseTo(report.totals.futureValue, 6);
  });

  it('falls back, with the reasons, below the minimums', () => {
    const small = lostCustomers(
      purchases.filter((p) => Number(p.customerId.replace(/\D/g, '')) % 10 === 0),
      asOf,
    );
    expect(small.method).toBe('fallback');
    expect(small.modelReasons.join(' ')).toMatch(/fewer than the 300 needed/);
    const c = small.customers[0];
    expect(c.futureValue).toBeCloseTo(c.monthlyValue * discountedMonths(12, 0.01), 9);
  });
});
