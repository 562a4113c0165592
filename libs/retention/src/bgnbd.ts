/**
 * BG/NBD (Fader, Hardie and Lee 2005, "Counting Your Customers the Easy Way"):
 * purchases follow a Poisson process with a gamma(r, alpha) distributed rate;
 * after each purchase the customer drops out with a beta(a, b) distributed
 * probability. Fitted by maximum likelihood over log-parameters.
 *
 * x is an integer, so lnG(r + x) - lnG(r) = sum_{i<x} ln(r + i) (and the same
 * for b, a + b): we build these rising-factorial tables once per evaluation for
 * x = 0..max x. This is exact where gammaln differences cancel catastrophically
 * (lnG(b + x) - lnG(b) for b ~ 1e16 is 0 in floating point, which let an
 * optimiser "find" likelihoods above the true maximum), and it is fast: per
 * customer only two or three logarithms remain.
 */
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { DomainError, ErrorCode } from '@regulars/core';
import { logParameterStandardErrors, minimize, type MinimizeOptions, fitFrom } from './optimize';
import type { BgNbdFit, BgNbdParams, CustomerSummary } from './types';

/**
 * The three numbers per customer the model reads, with the customers without
 * repeat purchases merged by T (`w` counts the customers of a row): every
 * x = 0 customer of one first day is the same row, often half of a customer base.
 */
export interface BgNbdData {
  x: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** Customers (sum of w). */
  n: number;
}

export function bgnbdData(
  summaries: readonly Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>[],
): BgNbdData {
  const zeroByT = new Map<number, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  for (const s of summaries) {
    if (!Number.isInteger(s.frequency) || s.frequency < 0 || s.frequency > 1e7) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `frequency must be a non-negative integer: ${s.frequency}`,
      );
    }
    if (!(s.recency >= 0) || !(s.T >= s.recency) || !Number.isFinite(s.T)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `need 0 <= recency <= T: ${s.recency}, ${s.T}`);
    }
    if (s.frequency === 0) {
      const i = zeroByT.get(s.T);
      if (i !== undefined) {
        w[i]++;
        continue;
      }
      zeroByT.set(s.T, x.length);
    }
    x.push(s.frequency);
    tx.push(s.recency);
    T.push(s.T);
    w.push(1);
  }
  return {
    x: Int32Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    w: Float64Array.from(w),
    n: summaries.length,
  };
}

/** ln(y)(y+1)...(y+k-1) and sum 1/(y+i) for k = 0..kmax (lnG(y+k) - lnG(y) and psi(y+k) - psi(y)). */
function rising(y: number, kmax: number, ln: Float64Array, inv: Float64Array): void {
  ln[0] = 0;
  inv[0] = 0;
  for (let i = 0; i < kmax; i++) {
    ln[i + 1] = ln[i] + Math.log(y + i);
    inv[i + 1] = inv[i] + 1 / (y + i);
  }
}

/**
 * Log-likelihood (summed over customers) and its gradient with respect to
 * (ln r, ln alpha, ln a, ln b).
 */
export function bgnbdLogLikelihood(params: BgNbdParams, data: BgNbdData): { ll: number; grad: number[] } {
  const { r, alpha, a, b } = params;
  const { x: X, tx: TX, T, w: W } = data;
  let xmax = 0;
  for (let i = 0; i < X.length; i++) if (X[i] > xmax) xmax = X[i];
  const lnR = new Float64Array(xmax + 1);
  const psR = new Float64Array(xmax + 1);
  const lnB = new Float64Array(xmax + 1);
  const psB = new Float64Array(xmax + 1);
  const lnAB = new Float64Array(xmax + 1);
  const psAB = new Float64Array(xmax + 1);
  rising(r, xmax, lnR, psR);
  rising(b, xmax, lnB, psB);
  rising(a + b, xmax, lnAB, psAB);
  // ln(a / (b + x - 1)) and 1 / (b + x - 1) per x (x >= 1).
  const lnAOverB = new Float64Array(xmax + 1);
  const invB = new Float64Array(xmax + 1);
  for (let x = 1; x <= xmax; x++) {
    invB[x] = 1 / (b + x - 1);
    lnAOverB[x] = Math.log(a) - Math.log(b + x - 1);
  }
  const lnAlpha = Math.log(alpha);
  let ll = 0;
  let gr = 0;
  let gal = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < X.length; i++) {
    const x = X[i];
    const wi = W[i];
    const rx = r + x;
    const lT = Math.log(alpha + T[i]);
    let l = lnR[x] + r * lnAlpha + lnB[x] - lnAB[x];
    let dr = psR[x] + lnAlpha;
    let dal = r / alpha;
    let da = -psAB[x];
    let db = psB[x] - psAB[x];
    const lA3 = -rx * lT;
    if (x > 0) {
      const lt = Math.log(alpha + TX[i]);
      const lA4 = lnAOverB[x] - rx * lt;
      // ln(A3 + A4) = max + ln(1 + e), e = exp(min - max) <= 1; w4 = A4 / (A3 + A4).
      const e = Math.exp(-Math.abs(lA3 - lA4));
      const w4 = lA4 > lA3 ? 1 / (1 + e) : e / (1 + e);
      const w3 = 1 - w4;
      l += (lA3 > lA4 ? lA3 : lA4) + Math.log1p(e);
      dr -= lT * w3 + lt * w4;
      dal -= rx * (w3 / (alpha + T[i]) + w4 / (alpha + TX[i]));
      da += w4 / a;
      db -= w4 * invB[x];
    } else {
      l += lA3;
      dr -= lT;
      dal -= rx / (alpha + T[i]);
    }
    ll += wi * l;
    gr += wi * dr;
    gal += wi * dal;
    ga += wi * da;
    gb += wi * db;
  }
  return { ll, grad: [gr * r, gal * alpha, ga * a, gb * b] };
}

export interface BgNbdFitOptions extends MinimizeOptions {
  /** Start points (r, alpha, a, b); default: all ones and a data-scaled point. */
  starts?: BgNbdParams[];
}

const toParams = (v: readonly number[]): BgNbdParams => ({
  r: Math.exp(v[0]),
  alpha: Math.exp(v[1]),
  a: Math.exp(v[2]),
  b: Math.exp(v[3]),
});

/** Maximum-likelihood BG/NBD fit. Check `converged` before using the parameters. */
export function fitBgNbd(
  summaries: readonly Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>[],
  options: BgNbdFitOptions = {},
): BgNbdFit {
  const data = bgnbdData(summaries);
  const n = data.n;
  if (n === 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'no customers to fit');
  let meanT = 0;
  for (let i = 0; i < data.x.length; i++) meanT += (data.w[i] * data.T[i]) / n;
  const starts = options.starts ?? [
    { r: 1, alpha: 1, a: 1, b: 1 },
    { r: 0.5, alpha: Math.max(1, meanT / 4), a: 1, b: 3 },
  ];
  const result = minimize(
    (v) => {
      const { ll, grad } = bgnbdLogLikelihood(toParams(v), data);
      return { f: -ll / n, g: grad.map((g) => -g / n) };
    },
    starts.map((s) => [Math.log(s.r), Math.log(s.alpha), Math.log(s.a), Math.log(s.b)]),
    options,
  );
  return fitFrom(result, toParams(result.x), n);
}

/**
 * Standard errors of ln r, ln alpha, ln a, ln b at `params` (≈ relative errors of
 * r, alpha, a, b); null when the likelihood has no proper maximum there.
 */
export function bgnbdStandardErrors(
  params: BgNbdParams,
  summaries: readonly Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>[],
): BgNbdParams | null {
  const data = bgnbdData(summaries);
  const se = logParameterStandardErrors(
    (v) => bgnbdLogLikelihood(toParams(v), data).grad.map((g) => -g),
    [Math.log(params.r), Math.log(params.alpha), Math.log(params.a), Math.log(params.b)],
  );
  return se && { r: se[0], alpha: se[1], a: se[2], b: se[3] };
}

/** Probability that a customer with history (x, t_x, T) is still alive at T. */
export function bgnbdPAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const ratio = Math.exp((p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx)));
  return 1 / (1 + (p.a / (p.b + x - 1)) * ratio);
}

/** Expected repeat purchases in (T, T + t] of a customer with history (x, t_x, T). */
export function bgnbdExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const lead = (a + b + x - 1) / (a - 1);
  const power = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const f = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const num = lead * (1 - power * f);
  const denom =
    x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 1;
  return num / denom;
}

/** Expected repeat purchases by time t of a customer who made a first purchase at 0. */
export function bgnbdExpectedPurchasesNew(p: BgNbdParams, t: number): number {
  return bgnbdExpectedPurchases(p, t, 0, 0, 0);
}
