/**
 * Honest model fitting: the probabilistic models are used only when there is
 * enough data and the fit is a proper maximum; otherwise the caller gets the
 * reasons and falls back to the per-customer overdue heuristic (heuristics.ts).
 */
import { bgnbdStandardErrors, fitBgNbd } from './bgnbd';
import { fitGammaGamma, gammaGammaStandardErrors } from './gammagamma';
import { OUTSIDE_STOP, type MinimizeOptions } from './optimize';
import type { BgNbdFit, CustomerSummary, GammaGammaFit } from './types';

/**
 * Below these the models are not fitted (see README: at CDNOW-like parameters
 * and 39 weeks, 1 in 10 simulated samples of 300 customers already ends at the
 * a, b -> infinity boundary, and the dropout parameter a has a relative
 * standard error above 50 %).
 */
export const MODEL_MINIMUMS = {
  /** Customers with at least one purchase in calibration. */
  customers: 300,
  /** Of which with at least one repeat purchase (they identify dropout and spend). */
  repeatCustomers: 100,
} as const;

/** Parameters beyond these (on the log scale: 1e-4 .. 1e4) mean the fit ran to a boundary of the parameter space. */
const PARAM_MIN = 1e-4;
const PARAM_MAX = 1e4;

export interface ModelAssessment {
  usable: boolean;
  /** Why not (empty when usable). */
  reasons: string[];
}

export interface RetentionModels {
  customers: number;
  repeatCustomers: number;
  /** Purchases model: usable or the reasons it is not. */
  purchases: ModelAssessment & { fit: BgNbdFit | null };
  /** Spend model: usable or the reasons it is not. */
  spend: ModelAssessment & { fit: GammaGammaFit | null };
}

function atBoundary(params: object): string | null {
  for (const [k, v] of Object.entries(params) as [string, number][]) {
    if (!(v >= PARAM_MIN && v <= PARAM_MAX))
      return `${k} = ${v.toPrecision(3)} is at a boundary of the parameter space`;
  }
  return null;
}

export function fitRetentionModels(
  summaries: readonly CustomerSummary[],
  minimums: { customers: number; repeatCustomers: number } = MODEL_MINIMUMS,
  fitOptions: MinimizeOptions = {},
): RetentionModels {
  const customers = summaries.length;
  const repeatCustomers = summaries.filter((s) => s.frequency > 0).length;
  const dataReasons: string[] = [];
  if (customers < minimums.customers)
    dataReasons.push(`${customers} customers, fewer than the ${minimums.customers} needed`);
  if (repeatCustomers < minimums.repeatCustomers) {
    dataReasons.push(
      `${repeatCustomers} repeat customers, fewer than the ${minimums.repeatCustomers} needed`,
    );
  }
  if (dataReasons.length > 0) {
    return {
      customers,
      repeatCustomers,
      purchases: { usable: false, reasons: dataReasons, fit: null },
      spend: { usable: false, reasons: dataReasons, fit: null },
    };
  }

  // A fit that runs far past the usable box (100 x beyond it) stops there: it would be judged at a
  // boundary anyway, and crawling on towards infinity took most of the time on degenerate data.
  const options: MinimizeOptions = { outside: Math.log(PARAM_MAX * 100), ...fitOptions };
  const bg = fitBgNbd(summaries, options);
  const bgReasons: string[] = [];
  // Stopped on the way to a boundary: the boundary is the reason (below), not the convergence.
  if (!bg.converged && !bg.message.startsWith(OUTSIDE_STOP))
    bgReasons.push(
      `the BG/NBD fit did not converge (${bg.message}; gradient ${bg.gradientMax.toExponential(2)})`,
    );
  const bgBoundary = atBoundary(bg.params);
  if (bgBoundary) bgReasons.push(bgBoundary);
  if (bgReasons.length === 0 && bgnbdStandardErrors(bg.params, summaries) === null) {
    bgReasons.push('the BG/NBD likelihood has no proper maximum (Hessian not positive definite)');
  }

  const gg = fitGammaGamma(summaries, options);
  const ggReasons: string[] = [];
  if (!gg.converged && !gg.message.startsWith(OUTSIDE_STOP))
    ggReasons.push(
      `the Gamma-Gamma fit did not converge (${gg.message}; gradient ${gg.gradientMax.toExponential(2)})`,
    );
  const ggBoundary = atBoundary(gg.params);
  if (ggBoundary) ggReasons.push(ggBoundary);
  if (gg.params.q <= 1)
    ggReasons.push(`q = ${gg.params.q.toPrecision(3)} <= 1: the mean spend is infinite under the model`);
  if (ggReasons.length === 0 && gammaGammaStandardErrors(gg.params, summaries) === null) {
    ggReasons.push('the Gamma-Gamma likelihood has no proper maximum (Hessian not positive definite)');
  }
  return {
    customers,
    repeatCustomers,
    purchases: { usable: bgReasons.length === 0, reasons: bgReasons, fit: bg },
    spend: { usable: ggReasons.length === 0, reasons: ggReasons, fit: gg },
  };
}
