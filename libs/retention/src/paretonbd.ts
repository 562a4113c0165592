/**
 * Pareto/NBD (Schmittlein, Morrison and Colombo 1987), the model BG/NBD
 * simplifies: purchases Poisson(lambda), lambda ~ gamma(r, alpha); lifetimes
 * exponential(mu), mu ~ gamma(s, beta). Likelihood as in Fader and Hardie,
 * "A Note on Deriving the Pareto/NBD Model and Related Expressions" (2005),
 * with Gauss's 2F1 from @stdlib, computed in log space. Fitted by maximum
 * likelihood over log-parameters with central-difference gradients (the
 * analytic ones would need derivatives of 2F1 in its parameters).
 */
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { DomainError, ErrorCode } from '@regulars/core';
import { bgnbdData, type BgNbdData } from './bgnbd';
import { minimize, type MinimizeOptions, fitFrom } from './optimize';
import type { CustomerSummary, FitDiagnostics } from './types';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export interface ParetoNbdFit extends FitDiagnostics {
  params: ParetoNbdParams;
  ll: number;
  customers: number;
}

/** ln(exp(u) - exp(v)) for u >= v. */
function logDiffExp(u: number, v: number): number {
  if (v === -Infinity) return u;
  return u + Math.log1p(-Math.exp(v - u));
}

/** Log-likelihood summed over customers (the data rows carry weights, see bgnbdData). */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: BgNbdData): number {
  const { r, alpha, s, beta } = params;
  const { x: X, tx: TX, T, w: W } = data;
  let xmax = 0;
  for (let i = 0; i < X.length; i++) if (X[i] > xmax) xmax = X[i];
  const lnRising = new Float64Array(xmax + 1);
  for (let i = 0; i < xmax; i++) lnRising[i + 1] = lnRising[i] + Math.log(r + i);
  const head = r * Math.log(alpha) + s * Math.log(beta);
  // The 2F1 argument must lie in [0, 1): expand around the larger of alpha and beta.
  const big = Math.max(alpha, beta);
  const diff = Math.abs(alpha - beta);
  // ln 2F1(...) - k ln(big + t) depends on (x, t) only; many customers share them
  // (all x = 0 customers have t_x = 0; T takes one value per first-purchase day).
  const cache = new Map<string, number>();
  const term = (x: number, t: number): number => {
    const key = `${x}:${t}`;
    let value = cache.get(key);
    if (value === undefined) {
      const k = r + s + x;
      const b2 = alpha >= beta ? s + 1 : r + x;
      value = Math.log(hyp2f1(k, b2, k + 1, diff / (big + t))) - k * Math.log(big + t);
      cache.set(key, value);
    }
    return value;
  };
  let ll = 0;
  for (let i = 0; i < X.length; i++) {
    const x = X[i];
    const k = r + s + x;
    const lA1 = -(r + x) * Math.log(alpha + T[i]) - s * Math.log(beta + T[i]);
    const u = term(x, TX[i]);
    const v = term(x, T[i]);
    const lA2 = Math.log(s / k) + (u > v ? logDiffExp(u, v) : -Infinity);
    const m = lA1 > lA2 ? lA1 : lA2;
    ll += W[i] * (lnRising[x] + head + m + Math.log(Math.exp(lA1 - m) + Math.exp(lA2 - m)));
  }
  return ll;
}

const toParams = (v: readonly number[]): ParetoNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  s: Math.exp(v[2]),
  beta: Math.exp(v[3]),
});

/** Maximum-likelihood Pareto/NBD fit. Check `converged` before using the parameters. */
export function fitParetoNbd(
  summaries: readonly Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>[],
  options: MinimizeOptions & { starts?: ParetoNbdParams[] } = {},
): ParetoNbdFit {
  const data = bgnbdData(summaries);
  const n = data.n;
  if (n === 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'no customers to fit');
  const f = (v: number[]): number => -paretoNbdLogLikelihood(toParams(v), data) / n;
  const h = 1e-5;
  const starts = options.starts ?? [
    { r: 1, alpha: 1, s: 1, beta: 1 },
    { r: 0.5, alpha: 10, s: 0.5, beta: 10 },
  ];
  const result = minimize(
    (v) => {
      const g = v.map((_, j) => {
        const up = v.slice();
        const down = v.slice();
        up[j] += h;
        down[j] -= h;
        return (f(up) - f(down)) / (2 * h);
      });
      return { f: f(v), g };
    },
    starts.map((p) => [Math.log(p.r), Math.log(p.alpha), Math.log(p.s), Math.log(p.beta)]),
    options,
  );
  return fitFrom(result, toParams(result.x), n);
}

/** P(alive | x, t_x, T) under Pareto/NBD (Fader and Hardie's note, eq. 18 and 19). */
export function paretoNbdPAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const k = r + s + x;
  const big = Math.max(alpha, beta);
  const diff = Math.abs(alpha - beta);
  const b2 = alpha >= beta ? s + 1 : r + x;
  const u = Math.log(hyp2f1(k, b2, k + 1, diff / (big + tx))) - k * Math.log(big + tx);
  const v = Math.log(hyp2f1(k, b2, k + 1, diff / (big + T))) - k * Math.log(big + T);
  if (!(u > v)) return 1;
  const lA0 = logDiffExp(u, v);
  const lA1 = (r + x) * Math.log(alpha + T) + s * Math.log(beta + T);
  return 1 / (1 + (s / k) * Math.exp(lA1 + lA0));
}
