/**
 * Synthetic recovery: purchase logs drawn from known parameters (test/synthetic.ts)
 * go through the same summaries and fits as real data, and the estimates must
 * fall within sampling error of the truth.
 *
 * Tolerance: |ln(estimate) - ln(true)| <= 3.5 standard errors, the standard
 * errors being those of the fit itself (inverse observed information). For a
 * correct estimator this fails by chance with probability about 5e-4 per
 * parameter; the seeds are fixed, so the test is deterministic. To keep the test
 * from passing vacuously with huge standard errors, each relative standard
 * error must also be below 15 % (20,000 customers give 1-6 %). The logs use
 * 168 log days per model week (see test/synthetic.ts: with real days, same-day
 * merges bias the rate by about as much as the sampling error), so the rounding
 * of times to log days and of spend to cents is negligible against the tolerance.
 */
import { dayNumber, isoDay } from './dates';
import { bgnbdStandardErrors, fitBgNbd } from './bgnbd';
import { fitGammaGamma, gammaGammaStandardErrors } from './gammagamma';
import { summarize } from './summary';
import { simulatePurchases } from '../test/synthetic';

const cases = [
  { seed: 17, bg: { r: 0.6, alpha: 6, a: 0.9, b: 3.5 }, gg: { p: 5, q: 4, gamma: 20 } },
  { seed: 4242, bg: { r: 1.2, alpha: 10, a: 0.4, b: 2 }, gg: { p: 3, q: 6, gamma: 50 } },
];

describe.each(cases)('recovery from synthetic logs (seed $seed)', ({ seed, bg, gg }) => {
  // 78 weeks observed, births spread over the first 26, 168 log days per week.
  const perWeek = 168;
  const start = dayNumber('2000-01-01');
  const end = start + 78 * perWeek;
  const purchases = simulatePurchases(bg, gg, {
    customers: 20_000,
    seed,
    startDay: start,
    birthWindowDays: 26 * perWeek,
    endDay: end,
    daysPerWeek: perWeek,
  });
  const summaries = summarize(purchases, { calibrationEnd: isoDay(end), timeUnitDays: perWeek });

  it('BG/NBD: r, alpha, a, b within 3.5 standard errors', () => {
    expect(summaries).toHaveLength(20_000);
    const fit = fitBgNbd(summaries);
    expect(fit.converged).toBe(true);
    const se = bgnbdStandardErrors(fit.params, summaries);
    expect(se).not.toBeNull();
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(se![k]).toBeLessThan(0.15);
      const z = Math.abs(Math.log(fit.params[k] / bg[k])) / se![k];
      expect({ k, z: z <= 3.5 }).toEqual({ k, z: true });
    }
  });

  it('Gamma-Gamma: p, q, gamma within 3.5 standard errors', () => {
    const fit = fitGammaGamma(summaries);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBeGreaterThan(3000);
    const se = gammaGammaStandardErrors(fit.params, summaries);
    expect(se).not.toBeNull();
    for (const k of ['p', 'q', 'gamma'] as const) {
      expect(se![k]).toBeLessThan(0.15);
      const z = Math.abs(Math.log(fit.params[k] / gg[k])) / se![k];
      expect({ k, z: z <= 3.5 }).toEqual({ k, z: true });
    }
  });
});
