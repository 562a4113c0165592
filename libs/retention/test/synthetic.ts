/**
 * Draws purchase logs from known BG/NBD and Gamma-Gamma parameters with seeded
 * generators (@stdlib/random-base-*, Mersenne Twister), for recovery tests.
 *
 * Per customer: first purchase on a birth day drawn uniformly from the first
 * `birthWindowDays` days; purchase rate lambda ~ gamma(r, rate alpha) per week;
 * dropout probability p ~ beta(a, b); repeat purchases arrive after exponential
 * (lambda) waits; after each repeat purchase the customer leaves with
 * probability p (never after the first purchase, as in the model: x = 0 means
 * alive). Spend: nu ~ gamma(q, rate gamma); each purchase's value ~ gamma(p, rate nu),
 * rounded to cents. Times are rounded down to whole log days, as a till would.
 *
 * `daysPerWeek` maps model time to log days. With 7, a day is a real day and
 * two purchases of one day merge into one (the summaries' rule), which biases
 * the purchase rate down by about 0.5 day x E[lambda^2] / E[lambda] (about 2 %
 * of purchases for the parameters of recovery.spec.ts, as large as the sampling
 * error of 20,000 customers). Recovery tests use 168 (a log "day" is an hour of
 * model time) so that this discretisation error is negligible and what is
 * measured is the estimator; the dates then simply span more calendar years.
 */
import betaRandom from '@stdlib/random-base-beta';
import gammaRandom from '@stdlib/random-base-gamma';
import randu from '@stdlib/random-base-randu';
import { isoDay } from '../src/dates';
import type { BgNbdParams, GammaGammaParams, Purchase } from '../src/types';

export interface SimulationOptions {
  customers: number;
  seed: number;
  /** Day number of the first possible birth day. */
  startDay: number;
  birthWindowDays: number;
  /** Last observed day (inclusive), as a day number. */
  endDay: number;
  /** Log days per model week (default 7). */
  daysPerWeek?: number;
}

export function simulatePurchases(bg: BgNbdParams, gg: GammaGammaParams, o: SimulationOptions): Purchase[] {
  const gamma = gammaRandom.factory({ seed: o.seed });
  const beta = betaRandom.factory({ seed: o.seed + 1 });
  const uniform = randu.factory({ seed: o.seed + 2 });
  const perWeek = o.daysPerWeek ?? 7;
  const out: Purchase[] = [];
  for (let c = 0; c < o.customers; c++) {
    const customerId = `c${c}`;
    const birth = o.startDay + Math.floor(uniform() * o.birthWindowDays);
    const lambda = gamma(bg.r, bg.alpha);
    const p = beta(bg.a, bg.b);
    const nu = gamma(gg.q, gg.gamma);
    const spend = (): number => Math.max(0.01, Math.round(gamma(gg.p, nu) * 100) / 100);
    out.push({ customerId, day: isoDay(birth), amount: spend() });
    let weeks = 0;
    for (;;) {
      weeks += gamma(1, lambda);
      // Observed up to T = (endDay - birth) / perWeek weeks, the T the summaries compute.
      if (weeks * perWeek > o.endDay - birth) break;
      const day = birth + Math.floor(weeks * perWeek);
      out.push({ customerId, day: isoDay(day), amount: spend() });
      if (uniform() < p) break;
    }
  }
  return out;
}
