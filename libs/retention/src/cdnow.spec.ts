/**
 * Validation against published results on the CDNOW sample (2,357 customers,
 * calibration to 1997-09-30, weeks). Sources in libs/retention/README.md.
 */
import { cdnowPublishedSummaries, cdnowSamplePurchases } from '../test/cdnow';
import {
  bgnbdExpectedPurchases,
  bgnbdExpectedPurchasesNew,
  bgnbdLogLikelihood,
  bgnbdData,
  bgnbdPAlive,
  fitBgNbd,
} from './bgnbd';
import { fitGammaGamma, gammaGammaExpectedSpend, gammaGammaPopulationMean } from './gammagamma';
import { summarize } from './summary';

/** |actual - expected| < half a unit of the `decimals`-th decimal: equal when both are rounded. */
function expectClose(actual: number, expected: number, decimals: number): void {
  expect(Math.abs(actual - expected)).toBeLessThan(0.5 * 10 ** -decimals);
}

/** Rounds half up at 2 decimals as the published file does (29.735 → 29.74; toFixed would give 29.73). */
const round2 = (v: number): string => (Math.round(v * 100 * (1 + 1e-12)) / 100).toFixed(2);

const summaries = summarize(cdnowSamplePurchases(), { calibrationEnd: '1997-09-30', timeUnitDays: 7 });
const byId = new Map(summaries.map((s) => [s.customerId, s]));

describe('customer summaries from CDNOW_sample.txt', () => {
  it('equal the published summary file for all 2,357 customers (rounded to 2 decimals as the file is)', () => {
    const published = cdnowPublishedSummaries();
    expect(published).toHaveLength(2357);
    expect(summaries).toHaveLength(2357);
    const mismatches: string[] = [];
    for (const row of published) {
      const s = byId.get(row.id);
      if (!s) {
        mismatches.push(`${row.id}: missing`);
        continue;
      }
      const mine = [String(s.frequency), round2(s.recency), round2(s.T), round2(s.monetary)];
      if (mine.join(',') !== row.raw.slice(1).join(','))
        mismatches.push(`${row.id}: ${mine} vs ${row.raw.slice(1)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('BG/NBD on CDNOW (Fader, Hardie and Lee 2005)', () => {
  const fit = fitBgNbd(summaries);

  it('converges to the published r, alpha, a, b and log-likelihood (3 decimals)', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    expectClose(fit.params.r, 0.2425945, 3);
    expectClose(fit.params.alpha, 4.4136019, 3);
    expectClose(fit.params.a, 0.7929199, 3);
    expectClose(fit.params.b, 2.4258881, 3);
    expectClose(fit.ll, -9582.429, 3);
  });

  it('the log-likelihood at the published parameters is the published value, and not higher than at the fit', () => {
    const atPublished = bgnbdLogLikelihood(
      { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 },
      bgnbdData(summaries),
    ).ll;
    expectClose(atPublished, -9582.429, 3);
    expect(atPublished).toBeLessThanOrEqual(fit.ll + 1e-9);
  });

  it('conditional expectations listed by the lifetimes test suite', () => {
    const p = fit.params;
    expectClose(bgnbdExpectedPurchases(p, 39, 2, 30.43, 38.86), 1.226, 3);
    expectClose(bgnbdPAlive(p, 2, 30.43, 38.86), 0.727, 3);
    const curve: [number, number][] = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ];
    // Published with 4 decimals (Hardie's spreadsheet); lifetimes checks them to 3. Ours agree to 4 decimals
    // except at t = 78 (1.85796; mpmath's 2F1 gives the same 1.857956 at the published parameters).
    for (const [t, expected] of curve) expectClose(bgnbdExpectedPurchasesNew(p, t), expected, 3);
    expectClose(bgnbdExpectedPurchasesNew(p, 78), 1.857956, 5);
    expect(bgnbdPAlive(p, 0, 0, 38.86)).toBe(1);
    expect(bgnbdPAlive(p, 0, 0, 5)).toBe(1);
  });
});

describe('Gamma-Gamma on CDNOW (Fader and Hardie 2013)', () => {
  const fit = fitGammaGamma(summaries);

  it('fits the 946 repeat customers to the published p, q, gamma and log-likelihood', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    expectClose(fit.params.p, 6.25, 2);
    expectClose(fit.params.q, 3.74, 2);
    expectClose(fit.params.gamma, 15.44, 2);
    expectClose(fit.ll, -4055.92, 2);
  });

  it('population mean spend and the conditional expected spend of customers 1..10', () => {
    expectClose(gammaGammaPopulationMean(fit.params), 35.17, 2);
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    expected.forEach((value, i) => {
      const s = byId.get(String(i + 1));
      expect(s).toBeDefined();
      expectClose(gammaGammaExpectedSpend(fit.params, s!.frequency, s!.monetary), value, 2);
    });
  });
});
