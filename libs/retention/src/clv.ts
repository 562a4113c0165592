/**
 * Customer lifetime value from the two models: expected purchases per period
 * (BG/NBD) times expected spend per purchase (Gamma-Gamma) times margin,
 * discounted per period.
 *
 *   CLV = sum_{i=1..periods} (E[Y(i L)] - E[Y((i - 1) L)]) * spend * margin / (1 + d)^i
 *
 * with L the period length in model time units, d the discount rate per period,
 * E[Y(t)] the BG/NBD conditional expected purchases in (T, T + t], spend the
 * Gamma-Gamma conditional expected spend (lifetimes computes the same sum).
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { bgnbdExpectedPurchases } from './bgnbd';
import { gammaGammaExpectedSpend } from './gammagamma';
import type { BgNbdParams, CustomerSummary, GammaGammaParams } from './types';

export interface ClvOptions {
  /** Number of periods summed (e.g. 12 months). */
  periods: number;
  /** Length of one period in model time units (weeks: 365.25 / 12 / 7 for a month). */
  periodLength: number;
  /** Discount rate per period (0.01 = 1 % a month). */
  discountRate: number;
  /** Share of spend kept as profit (default 1: revenue value). */
  margin?: number;
}

export function customerLifetimeValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  s: Pick<CustomerSummary, 'frequency' | 'recency' | 'T' | 'monetary'>,
  o: ClvOptions,
): number {
  if (!Number.isInteger(o.periods) || o.periods < 0 || !(o.periodLength > 0) || !(o.discountRate > -1)) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      'CLV needs whole periods >= 0, a positive period length and a discount rate > -1',
    );
  }
  const spend = gammaGammaExpectedSpend(gg, s.frequency, s.monetary) * (o.margin ?? 1);
  let value = 0;
  let previous = 0;
  for (let i = 1; i <= o.periods; i++) {
    const cumulative = bgnbdExpectedPurchases(bg, i * o.periodLength, s.frequency, s.recency, s.T);
    value += ((cumulative - previous) * spend) / (1 + o.discountRate) ** i;
    previous = cumulative;
  }
  return value;
}
