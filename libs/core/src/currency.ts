/**
 * The one currency minor-units table (ISO 4217), used by the api and the web
 * pages alike: money is integer minor units everywhere, and both sides must
 * agree how many decimal digits a currency's minor unit has.
 */

/** Decimal digits of the minor unit where they differ from 2. */
export const CURRENCY_DIGITS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
  JOD: 3,
};

/** Decimal digits of the currency's minor unit (2 unless the table says otherwise). */
export function currencyDigits(currency: string): number {
  return CURRENCY_DIGITS[currency] ?? 2;
}
