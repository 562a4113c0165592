/**
 * Customer summaries (x, t_x, T, m) from purchase logs. Same-day purchases are
 * one purchase (their amounts add up); purchases after the calibration end are
 * ignored; times are in units of `timeUnitDays` days (7 = weeks).
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { dayNumber } from './dates';
import type { CustomerSummary, Purchase } from './types';

export interface SummaryOptions {
  /** Last day of the calibration period, inclusive ('YYYY-MM-DD'). */
  calibrationEnd: string;
  /** Days per time unit: 7 for weeks (default), 1 for days, 365.25 / 12 for months. */
  timeUnitDays?: number;
}

/** Accumulates purchases one at a time (the CLI streams rows into it). */
export class SummaryBuilder {
  private readonly end: number;
  private readonly unit: number;
  /** Per customer: purchase days and amounts in arrival order (merged by day in build()). */
  private readonly logs = new Map<string, { days: number[]; amounts: number[] }>();
  private ignoredAfterEnd = 0;

  constructor(options: SummaryOptions) {
    this.end = dayNumber(options.calibrationEnd);
    this.unit = options.timeUnitDays ?? 7;
    if (!(this.unit > 0) || !Number.isFinite(this.unit)) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `timeUnitDays must be a positive number: ${this.unit}`,
      );
    }
  }

  /** Adds one purchase; `day` is a day number (see dates.dayNumber). */
  add(customerId: string, day: number, amount: number): void {
    if (!Number.isFinite(amount)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `amount must be a finite number: ${amount}`);
    }
    if (!Number.isInteger(day))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `day must be a day number: ${day}`);
    if (day > this.end) {
      this.ignoredAfterEnd++;
      return;
    }
    const log = this.logs.get(customerId);
    if (log === undefined) {
      this.logs.set(customerId, { days: [day], amounts: [amount] });
    } else {
      log.days.push(day);
      log.amounts.push(amount);
    }
  }

  /** Purchases dropped because they fell after the calibration end. */
  get ignored(): number {
    return this.ignoredAfterEnd;
  }

  build(): CustomerSummary[] {
    const out: CustomerSummary[] = [];
    for (const [customerId, log] of this.logs) {
      const { days, amounts } = mergeDays(log.days, log.amounts);
      const first = days[0];
      const last = days[days.length - 1];
      let total = 0;
      let repeat = 0;
      for (let i = 0; i < days.length; i++) {
        total += amounts[i];
        if (i > 0) repeat += amounts[i];
      }
      const x = days.length - 1;
      out.push({
        customerId,
        frequency: x,
        recency: (last - first) / this.unit,
        T: (this.end - first) / this.unit,
        monetary: x > 0 ? repeat / x : 0,
        firstDay: first,
        lastDay: last,
        totalSpend: total,
      });
    }
    return out;
  }
}

/** Summaries of a whole purchase log, in the order customers first appear. */
export function summarize(purchases: Iterable<Purchase>, options: SummaryOptions): CustomerSummary[] {
  const b = new SummaryBuilder(options);
  for (const p of purchases) b.add(p.customerId, dayNumber(p.day), p.amount);
  return b.build();
}

/** Distinct days in ascending order with their amounts summed. */
function mergeDays(days: number[], amounts: number[]): { days: number[]; amounts: number[] } {
  let sorted = true;
  for (let i = 1; i < days.length; i++) {
    if (days[i] <= days[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return { days, amounts };
  const order = days.map((_, i) => i).sort((i, j) => days[i] - days[j]);
  const outDays: number[] = [];
  const outAmounts: number[] = [];
  for (const i of order) {
    const n = outDays.length;
    if (n > 0 && outDays[n - 1] === days[i]) outAmounts[n - 1] += amounts[i];
    else {
      outDays.push(days[i]);
      outAmounts.push(amounts[i]);
    }
  }
  return { days: outDays, amounts: outAmounts };
}
