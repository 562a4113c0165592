/**
 * The lost-customers report as a pure function over the purchase log: who
 * stopped coming in the last 12 months, by month, and what it cost. The model
 * values come from @regulars/retention (summaries, BG/NBD, Gamma-Gamma, CLV);
 * this file only applies the report's definitions.
 */
import {
  bgnbdExpectedPurchases,
  customerLifetimeValue,
  dayNumber,
  fitRetentionModels,
  gammaGammaExpectedSpend,
  isoDay,
  monthIndex,
  monthLabel,
  summarize,
  type Purchase,
  type RetentionModels,
} from '@regulars/retention';

export const LOST_DEFAULTS = {
  /** A customer is lost after more than this many days without a purchase. */
  lapseDays: 90,
  /** Future value horizon: 12 monthly periods. */
  periods: 12,
  /** Discount rate per month. */
  discountRate: 0.01,
} as const;

/** Average month in days (365.25 / 12). */
export const MONTH_DAYS = 365.25 / 12;

export interface LostCustomer {
  customerId: string;
  firstDay: string;
  lastDay: string;
  /** First day they count as lost: lastDay + lapseDays + 1. */
  lostOn: string;
  /** Month of lostOn (YYYY-MM). */
  month: string;
  /** Distinct purchase days. */
  visits: number;
  /** Minor units, all their purchases. */
  totalSpend: number;
  /** Months from the first to the last purchase day (at least 1). */
  activeMonths: number;
  /** totalSpend / activeMonths, minor units (unrounded). */
  monthlyValue: number;
  /** Expected value of the next 12 months as seen at their last visit, discounted; minor units (unrounded). */
  futureValue: number;
  futureMethod: 'model' | 'fallback';
  /** The arithmetic behind futureValue, in minor units. */
  arithmetic: string;
}

export interface LostMonth {
  month: string;
  lost: number;
  /** Sum of the lost customers' monthly values (what the business no longer takes in each month). */
  monthlyValue: number;
  futureValue: number;
}

export interface LostReport {
  asOf: string;
  lapseDays: number;
  months: LostMonth[];
  customers: LostCustomer[];
  totals: { lost: number; monthlyValue: number; futureValue: number };
  method: 'model' | 'fallback';
  /** Why the models were not used (empty when they were). */
  modelReasons: string[];
}

/** Σ 1/(1+d)^i for i = 1..periods: the fallback's discounted number of months. */
export function discountedMonths(periods: number, d: number): number {
  let s = 0;
  for (let i = 1; i <= periods; i++) s += 1 / (1 + d) ** i;
  return s;
}

export function lostCustomers(
  orders: readonly Purchase[],
  asOf: string,
  o: { lapseDays?: number; minimums?: { customers: number; repeatCustomers: number } } = {},
): LostReport {
  const lapse = o.lapseDays ?? LOST_DEFAULTS.lapseDays;
  const asOfDay = dayNumber(asOf);
  const lastMonth = monthIndex(asOfDay);
  const byCustomer = new Map<string, Purchase[]>();
  for (const p of orders) {
    const list = byCustomer.get(p.customerId);
    if (list) list.push(p);
    else byCustomer.set(p.customerId, [p]);
  }
  // The models are fitted on every customer as of asOf (weeks), and judged usable or not by the library.
  const models: RetentionModels = fitRetentionModels(
    summarize(orders, { calibrationEnd: asOf, timeUnitDays: 7 }),
    ...(o.minimums ? [o.minimums] : []),
  );
  const bg = models.purchases.usable ? models.purchases.fit!.params : null;
  const gg = models.spend.usable ? models.spend.fit!.params : null;
  const periodLength = MONTH_DAYS / 7;
  const factor = discountedMonths(LOST_DEFAULTS.periods, LOST_DEFAULTS.discountRate);

  const customers: LostCustomer[] = [];
  for (const [customerId, list] of byCustomer) {
    let first = Infinity;
    let last = -Infinity;
    let total = 0;
    const days = new Set<number>();
    for (const p of list) {
      const d = dayNumber(p.day);
      first = Math.min(first, d);
      last = Math.max(last, d);
      total += p.amount;
      days.add(d);
    }
    const lostOn = last + lapse + 1;
    if (lostOn > asOfDay || monthIndex(lostOn) <= lastMonth - 12) continue;
    const activeMonths = Math.max(1, (last - first + 1) / MONTH_DAYS);
    const monthlyValue = total / activeMonths;
    let futureValue: number;
    let arithmetic: string;
    let futureMethod: 'model' | 'fallback';
    if (bg && gg) {
      // As seen at their last visit: their own summary with the calibration end on that day.
      const [s] = summarize(list, { calibrationEnd: isoDay(last), timeUnitDays: 7 });
      const clvOpts = {
        periods: LOST_DEFAULTS.periods,
        periodLength,
        discountRate: LOST_DEFAULTS.discountRate,
      };
      const purchases = bgnbdExpectedPurchases(
        bg,
        LOST_DEFAULTS.periods * periodLength,
        s.frequency,
        s.recency,
        s.T,
      );
      const spend = gammaGammaExpectedSpend(gg, s.frequency, s.monetary);
      futureValue = customerLifetimeValue(bg, gg, s, clvOpts);
      futureMethod = 'model';
      arithmetic =
        `BG/NBD: ${purchases.toFixed(3)} expected purchases in the 12 months after ${isoDay(last)}` +
        ` × Gamma-Gamma: ${spend.toFixed(2)} expected per purchase = ${(purchases * spend).toFixed(2)};` +
        ` discounted month by month at ${LOST_DEFAULTS.discountRate * 100} % = ${futureValue.toFixed(2)}`;
    } else {
      futureValue = monthlyValue * factor;
      futureMethod = 'fallback';
      arithmetic =
        `${total} spent over ${activeMonths.toFixed(3)} months = ${monthlyValue.toFixed(2)} a month` +
        ` × ${factor.toFixed(4)} (12 months discounted at ${LOST_DEFAULTS.discountRate * 100} % a month) = ${futureValue.toFixed(2)}`;
    }
    customers.push({
      customerId,
      firstDay: isoDay(first),
      lastDay: isoDay(last),
      lostOn: isoDay(lostOn),
      month: monthLabel(monthIndex(lostOn)),
      visits: days.size,
      totalSpend: total,
      activeMonths,
      monthlyValue,
      futureValue,
      futureMethod,
      arithmetic,
    });
  }
  customers.sort((a, b) => b.futureValue - a.futureValue || (a.customerId < b.customerId ? -1 : 1));
  const months: LostMonth[] = [];
  for (let m = lastMonth - 11; m <= lastMonth; m++) {
    const label = monthLabel(m);
    const these = customers.filter((c) => c.month === label);
    months.push({
      month: label,
      lost: these.length,
      monthlyValue: these.reduce((s, c) => s + c.monthlyValue, 0),
      futureValue: these.reduce((s, c) => s + c.futureValue, 0),
    });
  }
  return {
    asOf,
    lapseDays: lapse,
    months,
    customers,
    totals: {
      lost: customers.length,
      monthlyValue: customers.reduce((s, c) => s + c.monthlyValue, 0),
      futureValue: customers.reduce((s, c) => s + c.futureValue, 0),
    },
    method: bg && gg ? 'model' : 'fallback',
    modelReasons: [...new Set([...models.purchases.reasons, ...models.spend.reasons])],
  };
}
