/**
 * Maximum likelihood by numeric.uncmin (BFGS with a backtracking line search,
 * numeric 1.2.6) over log-parameters, with analytic gradients.
 *
 * numeric's BFGS update has no curvature safeguard, so its inverse-Hessian
 * estimate can go bad and the line search then stalls far from the optimum
 * (seen on CDNOW from the all-ones start). We therefore judge convergence
 * ourselves by the gradient, restart from the stalled point with a fresh
 * identity Hessian while the gradient is not small, and run every start point,
 * keeping the best.
 */
import numeric from 'numeric';

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
      const res = numeric.uncmin(f, x, stepTol, grad, maxIt);
      iterations += res.iterations;
      message = res.message;
      if (Number.isFinite(res.f) && res.f <= fx) {
        x = res.solution.slice();
        fx = res.f;
        gmax = maxAbs(grad(x));
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
