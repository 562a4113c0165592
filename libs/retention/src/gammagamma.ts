/**
 * Gamma-Gamma spend model (Fader and Hardie 2013, "The Gamma-Gamma Model of
 * Monetary Value"): each transaction value is gamma(p, nu) distributed, nu is
 * gamma(q, gamma) distributed across customers. Fitted on repeat customers
 * (x > 0) by maximum likelihood over log-parameters.
 */
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { DomainError, ErrorCode } from '@regulars/core';
import { logParameterStandardErrors, minimize, type MinimizeOptions, fitFrom } from './optimize';
import type { CustomerSummary, GammaGammaFit, GammaGammaParams } from './types';

export interface SpendData {
  x: Int32Array;
  m: Float64Array;
  /** ln m and ln x, computed once rather than at every likelihood evaluation. */
  lnM: Float64Array;
  lnX: Float64Array;
}

/** Repeat customers with a positive mean spend (the others carry no information on spend). */
export function spendData(summaries: readonly Pick<CustomerSummary, 'frequency' | 'monetary'>[]): SpendData {
  const keep = summaries.filter((s) => s.frequency > 0 && s.monetary > 0);
  const x = new Int32Array(keep.length);
  const m = new Float64Array(keep.length);
  const lnM = new Float64Array(keep.length);
  const lnX = new Float64Array(keep.length);
  keep.forEach((s, i) => {
    if (!Number.isInteger(s.frequency) || !Number.isFinite(s.monetary)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `bad spend summary: ${s.frequency}, ${s.monetary}`);
    }
    x[i] = s.frequency;
    m[i] = s.monetary;
    lnM[i] = Math.log(s.monetary);
    lnX[i] = Math.log(s.frequency);
  });
  return { x, m, lnM, lnX };
}

/** Log-likelihood (summed) and its gradient with respect to (ln p, ln q, ln gamma). */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  data: SpendData,
): { ll: number; grad: number[] } {
  const { p, q, gamma } = params;
  const lnGamma = Math.log(gamma);
  const lgQ = gammaln(q);
  const psQ = digamma(q);
  // gammaln/digamma of p x + q and p x depend on x only: cache per distinct x.
  const cache = new Map<number, [number, number, number, number]>();
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const m = data.m[i];
    let c = cache.get(x);
    if (c === undefined) {
      c = [gammaln(p * x + q), gammaln(p * x), digamma(p * x + q), digamma(p * x)];
      cache.set(x, c);
    }
    const px = p * x;
    const lnM = data.lnM[i];
    const lnX = data.lnX[i];
    const lnXMG = Math.log(x * m + gamma);
    ll += c[0] - c[1] - lgQ + q * lnGamma + (px - 1) * lnM + px * lnX - (px + q) * lnXMG;
    gp += x * (c[2] - c[3] + lnM + lnX - lnXMG);
    gq += c[2] - psQ + lnGamma - lnXMG;
    gg += q / gamma - (px + q) / (x * m + gamma);
  }
  return { ll, grad: [gp * p, gq * q, gg * gamma] };
}

export interface GammaGammaFitOptions extends MinimizeOptions {
  starts?: GammaGammaParams[];
}

const toParams = (v: readonly number[]): GammaGammaParams => ({
  p: Math.exp(v[0]),
  q: Math.exp(v[1]),
  gamma: Math.exp(v[2]),
});

/** Maximum-likelihood Gamma-Gamma fit on the repeat customers among `summaries`. */
export function fitGammaGamma(
  summaries: readonly Pick<CustomerSummary, 'frequency' | 'monetary'>[],
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  const data = spendData(summaries);
  const n = data.x.length;
  if (n === 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'no repeat customers with spend to fit');
  let meanM = 0;
  for (let i = 0; i < n; i++) meanM += data.m[i] / n;
  const starts = options.starts ?? [
    { p: 1, q: 1, gamma: 1 },
    { p: 5, q: 3, gamma: Math.max(1, (meanM * 2) / 5) },
  ];
  const result = minimize(
    (v) => {
      const { ll, grad } = gammaGammaLogLikelihood(toParams(v), data);
      return { f: -ll / n, g: grad.map((g) => -g / n) };
    },
    starts.map((s) => [Math.log(s.p), Math.log(s.q), Math.log(s.gamma)]),
    options,
  );
  return fitFrom(result, toParams(result.x), n);
}

/** Standard errors of ln p, ln q, ln gamma at `params` (≈ relative errors); null without a proper maximum. */
export function gammaGammaStandardErrors(
  params: GammaGammaParams,
  summaries: readonly Pick<CustomerSummary, 'frequency' | 'monetary'>[],
): GammaGammaParams | null {
  const data = spendData(summaries);
  const se = logParameterStandardErrors(
    (v) => gammaGammaLogLikelihood(toParams(v), data).grad.map((g) => -g),
    [Math.log(params.p), Math.log(params.q), Math.log(params.gamma)],
  );
  return se && { p: se[0], q: se[1], gamma: se[2] };
}

/** Mean spend per transaction across the population: p gamma / (q - 1) (infinite when q <= 1). */
export function gammaGammaPopulationMean(params: GammaGammaParams): number {
  return params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : Infinity;
}

/** E[M | x, m]: expected spend per transaction of a customer with x repeat purchases of mean m. */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, m: number): number {
  const { p, q } = params;
  if (x === 0) return gammaGammaPopulationMean(params);
  const w = (p * x) / (p * x + q - 1);
  return (1 - w) * gammaGammaPopulationMean(params) + w * m;
}
