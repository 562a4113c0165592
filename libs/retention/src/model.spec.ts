import { cdnowSamplePurchases } from '../test/cdnow';
import { bgnbdExpectedPurchases, bgnbdPAlive } from './bgnbd';
import { customerLifetimeValue } from './clv';
import { dayNumber, isoDay } from './dates';
import { gammaGammaExpectedSpend } from './gammagamma';
import { overdueCustomers, overdueStatus } from './heuristics';
import { fitRetentionModels, MODEL_MINIMUMS } from './model';
import { customerOutlook } from './outlook';
import { summarize } from './summary';
import type { CustomerSummary, Purchase } from './types';

const bg = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
const gg = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('overdue heuristic', () => {
  it('is overdue after k x the median gap, not before; needs 3 visits', () => {
    const days = [0, 7, 14, 21, 21];
    expect(overdueStatus('a', days, 35)).toMatchObject({
      status: 'on-track',
      visits: 4,
      medianGapDays: 7,
      overdueAfterDays: 14,
      daysSinceLast: 14,
    });
    expect(overdueStatus('a', days, 36)).toMatchObject({ status: 'overdue', daysSinceLast: 15 });
    expect(overdueStatus('a', days, 36, { k: 3 })).toMatchObject({
      status: 'on-track',
      overdueAfterDays: 21,
    });
    expect(overdueStatus('b', [0, 30], 200)).toMatchObject({
      status: 'not-enough-history',
      medianGapDays: null,
    });
  });

  it('reads a purchase log as of a day', () => {
    const start = dayNumber('2025-01-01');
    const log: Purchase[] = [0, 10, 20, 30].map((d) => ({
      customerId: 'a',
      day: isoDay(start + d),
      amount: 1,
    }));
    expect(overdueCustomers(log, isoDay(start + 51)).map((a) => a.status)).toEqual(['overdue']);
    // As of day 25 only three visits count (gaps 10, 10): on track.
    expect(overdueCustomers(log, isoDay(start + 25)).map((a) => [a.status, a.visits])).toEqual([
      ['on-track', 3],
    ]);
    expect(overdueCustomers(log, isoDay(start + 15)).map((a) => a.status)).toEqual(['not-enough-history']);
  });
});

describe('CLV', () => {
  const s = { frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 };

  it('without discounting equals expected purchases over the horizon x expected spend', () => {
    const spend = gammaGammaExpectedSpend(gg, 2, 22.35);
    const value = customerLifetimeValue(bg, gg, s, { periods: 12, periodLength: 4, discountRate: 0 });
    expect(value).toBeCloseTo(bgnbdExpectedPurchases(bg, 48, 2, 30.43, 38.86) * spend, 10);
  });

  it('discounts each period and applies the margin', () => {
    const spend = gammaGammaExpectedSpend(gg, 2, 22.35);
    const e1 = bgnbdExpectedPurchases(bg, 4, 2, 30.43, 38.86);
    const e2 = bgnbdExpectedPurchases(bg, 8, 2, 30.43, 38.86);
    const value = customerLifetimeValue(bg, gg, s, {
      periods: 2,
      periodLength: 4,
      discountRate: 0.1,
      margin: 0.3,
    });
    expect(value).toBeCloseTo(0.3 * spend * (e1 / 1.1 + (e2 - e1) / 1.21), 10);
    expect(() =>
      customerLifetimeValue(bg, gg, s, { periods: 1.5, periodLength: 4, discountRate: 0 }),
    ).toThrow();
  });
});

describe('honest model gate', () => {
  it('refuses below the minimum number of customers and repeat customers, with the reasons', () => {
    const few: CustomerSummary[] = Array.from({ length: 50 }, (_, i) => ({
      customerId: String(i),
      frequency: i % 3,
      recency: i % 3,
      T: 10,
      monetary: i % 3 ? 5 : 0,
      firstDay: 0,
      lastDay: 0,
      totalSpend: 5,
    }));
    const m = fitRetentionModels(few);
    expect(m.purchases.usable).toBe(false);
    expect(m.spend.usable).toBe(false);
    expect(m.purchases.fit).toBeNull();
    expect(m.purchases.reasons).toEqual([
      `50 customers, fewer than the ${MODEL_MINIMUMS.customers} needed`,
      `33 repeat customers, fewer than the ${MODEL_MINIMUMS.repeatCustomers} needed`,
    ]);
  });

  it('refuses a fit that runs to the boundary (no heterogeneity: every customer identical)', () => {
    const same: CustomerSummary[] = Array.from({ length: 400 }, (_, i) => ({
      customerId: String(i),
      frequency: 4,
      recency: 20,
      T: 30,
      monetary: 10 + (i % 7),
      firstDay: 0,
      lastDay: 0,
      totalSpend: 50,
    }));
    const m = fitRetentionModels(same);
    expect(m.purchases.usable).toBe(false);
    // Without heterogeneity the gamma mixing distribution collapses: r and alpha run off to infinity.
    expect(m.purchases.fit!.params.r).toBeGreaterThan(1e4);
    // ... and the fit stops on its way there instead of crawling on (the reason is the boundary).
    expect(m.purchases.fit!.message).toMatch(/^stopped: a parameter left the box \|log\| <= 13\.8/);
    expect(fitRetentionModels(same, undefined, { outside: undefined }).purchases.fit!.message).not.toMatch(
      /^stopped/,
    );
    expect(m.purchases.reasons).toEqual([
      expect.stringMatching(/^r = .* is at a boundary of the parameter space$/),
    ]);
    expect(m.spend.usable).toBe(false);
    expect(m.spend.reasons).toEqual([
      expect.stringMatching(/^q = .* is at a boundary of the parameter space$/),
    ]);
  });

  it('refuses a fit that did not converge, and says so', () => {
    const m = fitRetentionModels(
      summarize(cdnowSamplePurchases(), { calibrationEnd: '1997-09-30' }),
      MODEL_MINIMUMS,
      { maxIterations: 3, maxRestarts: 0 },
    );
    expect(m.purchases.fit!.converged).toBe(false);
    expect(m.purchases.usable).toBe(false);
    expect(m.purchases.reasons).toEqual([
      expect.stringMatching(/^the BG\/NBD fit did not converge \(.*; gradient .*\)$/),
    ]);
    expect(m.spend.reasons).toEqual([expect.stringMatching(/^the Gamma-Gamma fit did not converge/)]);
  });

  it('uses the models on CDNOW and gives model values per customer', () => {
    const out = customerOutlook(
      cdnowSamplePurchases().filter((p) => p.day <= '1997-09-30'),
      { asOf: '1997-09-30', horizon: 39 },
    );
    expect(out.method).toBe('models');
    expect(out.models.purchases.usable && out.models.spend.usable).toBe(true);
    const c1 = out.customers.find((c) => c.customerId === '1')!;
    // Customer 1: x = 2, t_x = 30.43, T = 38.86 (published P(alive) 0.727, E[Y(39)] 1.226, spend 24.65).
    expect(c1.pAlive).toBeCloseTo(0.727, 3);
    expect(c1.expectedPurchases).toBeCloseTo(1.226, 3);
    expect(c1.expectedSpend).toBeCloseTo(24.65, 2);
    expect(c1.clv).toBeGreaterThan(0);
    // Visits 1997-01-01, 01-18, 08-02: gaps 17 and 196 days, median 106.5; 59 days since the last.
    expect(c1.overdue).toMatchObject({
      status: 'on-track',
      visits: 3,
      medianGapDays: 106.5,
      daysSinceLast: 59,
    });
    expect(c1.pAlive).toBeCloseTo(bgnbdPAlive(out.models.purchases.fit!.params, 2, 30.43, 38.86), 3);
  });

  it('falls back to the heuristic on a small shop: no model numbers, overdue statuses', () => {
    const start = dayNumber('2025-01-01');
    const log: Purchase[] = [];
    for (let c = 0; c < 40; c++)
      for (let v = 0; v < 6; v++)
        log.push({ customerId: `c${c}`, day: isoDay(start + v * (7 + (c % 5)) + c), amount: 5 });
    const out = customerOutlook(log, { asOf: '2025-04-30' });
    expect(out.method).toBe('heuristic');
    expect(out.models.purchases.reasons[0]).toBe('40 customers, fewer than the 300 needed');
    expect(out.customers).toHaveLength(40);
    for (const c of out.customers) {
      expect([c.pAlive, c.expectedPurchases, c.expectedSpend, c.clv]).toEqual([null, null, null, null]);
      expect(['overdue', 'on-track']).toContain(c.overdue.status);
    }
    expect(out.customers.filter((c) => c.overdue.status === 'overdue').length).toBeGreaterThan(0);
  });
});
