/** Builders for rebate test data (plain objects, no I/O). */
import type { AgreementVersion, RebateAgreement, RebateTerms } from '../src';

export const BERLIN = 'Europe/Berlin';

/** The worked example of issue 16: minimum 10,000.00, 2 % from 10,000.00, 4 % from 25,000.00. */
export function example(over: Partial<RebateTerms> = {}): RebateTerms {
  return {
    mode: 'retroactive',
    scope: { kind: 'all' },
    brackets: [
      { threshold: 1_000_000, value: { kind: 'rate', rateBp: 200 } },
      { threshold: 2_500_000, value: { kind: 'rate', rateBp: 400 } },
    ],
    minimumVolume: 1_000_000,
    cap: null,
    rounding: 'round_half_up',
    ...over,
  };
}

export function agreement(over: Partial<RebateAgreement> = {}): RebateAgreement {
  return {
    period: { kind: 'calendar_year' },
    basis: 'net_amount',
    payout: 'credit_note',
    assignment: { kind: 'company', companyId: 'acme' },
    ...over,
  };
}

export function version(n: number, effectiveFrom: string, terms: RebateTerms = example()): AgreementVersion {
  return { version: n, effectiveFrom, terms };
}
