/**
 * Maximum likelihood by numeric.uncmin (BFGS with a backtracking line search,
 * numeric 1.2.6) over log-parameters, with analytic gradients.
 *
 * numeric's BFGS update has no curvature safeguard, so its inverse-Hessian
 * estimate can go bad and the line search then stalls far from the optimum
 * (seen on CDNOW from the all-ones start). We therefore judge convergence
 * ourselves by the gradient, restart from the stalled point with a fresh
 * identity Hessian while the gradient is not small, and try the next start
 * point when one does not converge (all of them with `allStarts`), keeping the best.
 */
import numeric from 'numeric';
import type { FitDiagnostics } from './types';

export interface ValueAndGradient {
  f: number;
  g: number[];
}

export interface MinimizeOptions {
  /** Largest allowed |gradient| component at the answer (objective per customer). Default 1e-6. */
  gradTol?: number;
  /** uncmin's step tolerance. Default 1e-10. */
  stepTol?: number;
  /** uncmin's iteration cap per run. Default 1000. */
  maxIterations?: number;
  /** Fresh-Hessian restarts per start point. Default 8. */
  maxRestarts?: number;
  /** Run every start point even after one converged (default: stop at the first that converges). */
  allStarts?: boolean;
  /**
   * Stop a start point as soon as a coordinate leaves [-outside, outside] (log-parameters:
   * the fit is running to a boundary of the parameter space, where it would only crawl on).
   * The result is then not converged, its message says why, and x is that point. Default: none.
   */
  outside?: number;
}

export interface MinimizeResult {
  x: number[];
  f: number;
  converged: boolean;
  gradientMax: number;
  iterations: number;
  restarts: number;
  message: string;
}

/** The start of the message of a minimisation stopped by `outside`. */
export const OUTSIDE_STOP = 'stopped: a parameter left the box';

const maxAbs = (g: readonly number[]): number => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Minimises `fg` (value and gradient; +Infinity where undefined) from each start
 * point; returns the best point found and whether its gradient met `gradTol`.
 */
export function minimize(
  fg: (x: number[]) => ValueAndGradient,
  starts: readonly number[][],
  options: MinimizeOptions = {},
): MinimizeResult {
  const gradTol = options.gradTol ?? 1e-6;
  const stepTol = options.stepTol ?? 1e-10;
  const maxIt = options.maxIterations ?? 1000;
  const maxRestarts = options.maxRestarts ?? 8;
  const outside = options.outside;
  const escaped = (x: readonly number[]) => outside !== undefined && x.some((v) => !(Math.abs(v) <= outside));
  const OUTSIDE = `${OUTSIDE_STOP} |log| <= ${outside?.toFixed(1)} (running to a boundary)`;

  // uncmin asks for f and the gradient separately; compute both once per point.
  let lastX: number[] | null = null;
  let last: ValueAndGradient = { f: Infinity, g: [] };
  const at = (x: number[]): ValueAndGradient => {
    if (lastX === null || lastX.length !== x.length || lastX.some((v, i) => v !== x[i])) {
      lastX = x.slice();
      last = fg(x);
      if (!Number.isFinite(last.f) || last.g.some((v) => !Number.isFinite(v))) {
        last = { f: Infinity, g: x.map(() => NaN) };
      }
    }
    return last;
  };
  const f = (x: number[]): number => at(x).f;
  const grad = (x: number[]): number[] => at(x).g;

  let best: MinimizeResult | null = null;
  for (const start of starts) {
    if (!Number.isFinite(f(start.slice()))) continue;
    let x = start.slice();
    let iterations = 0;
    let restarts = 0;
    let message = '';
    let fx = f(x);
    let gmax = maxAbs(grad(x));
    for (;;) {
      const res = numeric.uncmin(f, x, stepTol, grad, maxIt, (_it: number, xi: number[]) => escaped(xi));
      iterations += res.iterations;
      message = res.message;
      if (Number.isFinite(res.f) && res.f <= fx) {
        x = res.solution.slice();
        fx = res.f;
        gmax = maxAbs(grad(x));
      }
      if (escaped(x)) {
        message = OUTSIDE;
        break;
      }
      if (gmax <= gradTol || restarts >= maxRestarts) break;
      restarts++;
    }
    const candidate: MinimizeResult = {
      x,
      f: fx,
      converged: gmax <= gradTol,
      gradientMax: gmax,
      iterations,
      restarts,
      message,
    };
    if (best === null || candidate.f < best.f) best = candidate;
    if (candidate.converged && !options.allStarts) break;
  }
  if (best === null) {
    return {
      x: starts[0].slice(),
      f: Infinity,
      converged: false,
      gradientMax: Infinity,
      iterations: 0,
      restarts: 0,
      message: 'the likelihood is not finite at any start point',
    };
  }
  return best;
}

/**
 * Standard errors of the log-parameters at a maximum-likelihood estimate: the
 * inverse of the observed information (the Hessian of the negative
 * log-likelihood, by central differences of its analytic gradient). For a
 * log-parameter the standard error is about the parameter's relative error.
 * Null when the Hessian is not positive definite (no proper maximum).
 */
export function logParameterStandardErrors(
  negLogLikGradient: (v: number[]) => number[],
  v: readonly number[],
  h = 1e-5,
): number[] | null {
  const n = v.length;
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const up = v.slice();
    const down = v.slice();
    up[j] += h;
    down[j] -= h;
    const gu = negLogLikGradient(up);
    const gd = negLogLikGradient(down);
    for (let i = 0; i < n; i++) H[i][j] = (gu[i] - gd[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = (H[i][j] + H[j][i]) / 2;
      H[i][j] = s;
      H[j][i] = s;
    }
  }
  let cov: number[][];
  try {
    cov = numeric.inv(H);
  } catch {
    return null;
  }
  const se = cov.map((row, i) => row[i]);
  if (se.some((d) => !(d > 0) || !Number.isFinite(d))) return null;
  return se.map(Math.sqrt);
}

/**
 * A maximum-likelihood fit from the minimiser's answer: the objective is the
 * negative log-likelihood per customer, so ll = -f * n.
 */
export function fitFrom<P>(
  result: MinimizeResult,
  params: P,
  n: number,
): FitDiagnostics & { params: P; ll: number; customers: number } {
  return {
    params,
    ll: -result.f * n,
    customers: n,
    converged: result.converged,
    gradientMax: result.gradientMax,
    iterations: result.iterations,
    restarts: result.restarts,
    message: result.message,
  };
}
