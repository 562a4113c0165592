/** One purchase (or one line of a purchase) as the retention library reads it. */
export interface Purchase {
  customerId: string;
  /** Calendar day of the purchase, 'YYYY-MM-DD' (in the business's time zone: the caller decides). */
  day: string;
  /** Amount in any consistent unit (e.g. minor units or decimal currency). */
  amount: number;
  /** Product range, for the category trend detector; optional elsewhere. */
  category?: string;
}

/**
 * The per-customer statistics the BG/NBD and Gamma-Gamma models need
 * (Fader, Hardie and Lee's x, t_x, T, m), in the chosen time unit.
 */
export interface CustomerSummary {
  customerId: string;
  /** x: repeat purchase days in the calibration period (distinct purchase days minus one). */
  frequency: number;
  /** t_x: time from the first to the last purchase day. */
  recency: number;
  /** T: time from the first purchase day to the end of calibration (the customer's "age"). */
  T: number;
  /** m: mean spend of the repeat purchase days (the first day excluded); 0 when frequency = 0. */
  monetary: number;
  /** First and last purchase day (day numbers, days since 1970-01-01). */
  firstDay: number;
  lastDay: number;
  /** Total spend in calibration, the first day included. */
  totalSpend: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** What an optimiser run reports, so that a caller can refuse an unconverged fit. */
export interface FitDiagnostics {
  converged: boolean;
  /** Negative log-likelihood's gradient, largest absolute component, in log-parameter space. */
  gradientMax: number;
  iterations: number;
  restarts: number;
  /** The optimiser's last message (numeric.uncmin). */
  message: string;
}

export interface BgNbdFit extends FitDiagnostics {
  params: BgNbdParams;
  /** Log-likelihood at the estimate (sum over customers). */
  ll: number;
  customers: number;
}

export interface GammaGammaFit extends FitDiagnostics {
  params: GammaGammaParams;
  ll: number;
  /** Repeat customers used (frequency > 0 and monetary > 0). */
  customers: number;
}
