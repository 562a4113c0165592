/**
 * Per-customer outlook: model values when the models are usable, always the
 * overdue heuristic, and the reasons when a model value is missing. Never a
 * number from a model that was refused.
 */
import { bgnbdExpectedPurchases, bgnbdPAlive } from './bgnbd';
import { customerLifetimeValue, type ClvOptions } from './clv';
import { dayNumber } from './dates';
import { gammaGammaExpectedSpend } from './gammagamma';
import { overdueCustomers, type OverdueAssessment, type OverdueOptions } from './heuristics';
import { fitRetentionModels, MODEL_MINIMUMS, type RetentionModels } from './model';
import { summarize } from './summary';
import type { Purchase } from './types';

export interface OutlookOptions {
  /** Calibration end and "today" of the heuristic ('YYYY-MM-DD'). */
  asOf: string;
  /** Model time unit in days (default 7: weeks). */
  timeUnitDays?: number;
  /** Horizon of expected purchases, in model time units (default 52 weeks). */
  horizon?: number;
  clv?: ClvOptions;
  overdue?: OverdueOptions;
  minimums?: { customers: number; repeatCustomers: number };
}

export interface CustomerOutlook {
  customerId: string;
  overdue: OverdueAssessment;
  /** Null when the purchases model is not usable (see models.purchases.reasons). */
  pAlive: number | null;
  expectedPurchases: number | null;
  /** Null when the spend model is not usable. */
  expectedSpend: number | null;
  /** Null unless both models are usable. */
  clv: number | null;
}

export interface Outlook {
  method: 'models' | 'heuristic';
  models: RetentionModels;
  customers: CustomerOutlook[];
}

const DEFAULT_CLV: ClvOptions = { periods: 12, periodLength: 365.25 / 12 / 7, discountRate: 0.01 };

export function customerOutlook(purchases: readonly Purchase[], o: OutlookOptions): Outlook {
  const unit = o.timeUnitDays ?? 7;
  dayNumber(o.asOf);
  const summaries = summarize(purchases, { calibrationEnd: o.asOf, timeUnitDays: unit });
  const models = fitRetentionModels(summaries, o.minimums ?? MODEL_MINIMUMS);
  const overdue = new Map(overdueCustomers(purchases, o.asOf, o.overdue).map((a) => [a.customerId, a]));
  const bg = models.purchases.usable ? models.purchases.fit!.params : null;
  const gg = models.spend.usable ? models.spend.fit!.params : null;
  const horizon = o.horizon ?? 52;
  const customers = summaries.map((s): CustomerOutlook => ({
    customerId: s.customerId,
    overdue: overdue.get(s.customerId)!,
    pAlive: bg ? bgnbdPAlive(bg, s.frequency, s.recency, s.T) : null,
    expectedPurchases: bg ? bgnbdExpectedPurchases(bg, horizon, s.frequency, s.recency, s.T) : null,
    expectedSpend: gg ? gammaGammaExpectedSpend(gg, s.frequency, s.monetary) : null,
    clv: bg && gg ? customerLifetimeValue(bg, gg, s, o.clv ?? DEFAULT_CLV) : null,
  }));
  return { method: bg ? 'models' : 'heuristic', models, customers };
}
