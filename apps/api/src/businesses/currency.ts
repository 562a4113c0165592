/** Facts about the business currency that the server needs (money is integer minor units everywhere). */

import { currencyDigits } from '@regulars/core';

/** The one minor-units table lives in libs/core (shared with the web pages). */
export { currencyDigits };

/**
 * Default amount limits of a purchase in major units: the counter asks for
 * confirmation above `confirmAbove` and the server refuses above `limit`.
 * About 100 and 2,000 euros' worth; currencies whose unit is worth far less
 * get larger numbers so that a café's ordinary sale never needs confirming.
 */
const DEFAULT_LIMITS_MAJOR: Record<string, { confirmAbove: number; limit: number }> = {
  JPY: { confirmAbove: 15_000, limit: 300_000 },
  KRW: { confirmAbove: 150_000, limit: 3_000_000 },
  ISK: { confirmAbove: 15_000, limit: 300_000 },
  CLP: { confirmAbove: 100_000, limit: 2_000_000 },
  VND: { confirmAbove: 2_500_000, limit: 50_000_000 },
  HUF: { confirmAbove: 40_000, limit: 800_000 },
  INR: { confirmAbove: 10_000, limit: 200_000 },
  CZK: { confirmAbove: 2_500, limit: 50_000 },
  SEK: { confirmAbove: 1_000, limit: 20_000 },
  NOK: { confirmAbove: 1_000, limit: 20_000 },
  DKK: { confirmAbove: 750, limit: 15_000 },
  PLN: { confirmAbove: 400, limit: 8_000 },
  MXN: { confirmAbove: 2_000, limit: 40_000 },
  BRL: { confirmAbove: 500, limit: 10_000 },
  ZAR: { confirmAbove: 2_000, limit: 40_000 },
  TRY: { confirmAbove: 3_500, limit: 70_000 },
};

export interface PurchaseLimits {
  /** Minor units: the counter asks "are you sure?" above this. */
  confirmAbove: number;
  /** Minor units: the server refuses a purchase above this (AMOUNT_OVER_LIMIT). */
  limit: number;
  /** Which of the two are the currency defaults (not set by the business). */
  defaults: { confirmAbove: boolean; limit: boolean };
}

export function defaultPurchaseLimits(currency: string): { confirmAbove: number; limit: number } {
  const major = DEFAULT_LIMITS_MAJOR[currency] ?? { confirmAbove: 100, limit: 2_000 };
  const unit = 10 ** currencyDigits(currency);
  return { confirmAbove: major.confirmAbove * unit, limit: major.limit * unit };
}

/** The limits in force for a business: its own settings, else the currency defaults. */
export function purchaseLimitsOf(b: {
  currency: string;
  purchaseConfirmAbove: string | number | null;
  purchaseLimit: string | number | null;
}): PurchaseLimits {
  const d = defaultPurchaseLimits(b.currency);
  const limit = b.purchaseLimit !== null ? Number(b.purchaseLimit) : d.limit;
  const confirmAbove =
    b.purchaseConfirmAbove !== null ? Number(b.purchaseConfirmAbove) : Math.min(d.confirmAbove, limit);
  return {
    confirmAbove,
    limit,
    defaults: { confirmAbove: b.purchaseConfirmAbove === null, limit: b.purchaseLimit === null },
  };
}
