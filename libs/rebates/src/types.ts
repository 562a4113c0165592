/**
 * Data types of the rebate library. Everything is plain, JSON-serialisable
 * data: agreements and their versions are stored by the caller.
 *
 * Units: money is an integer number of minor units of the business currency
 * (cents); quantities are integer units; rates are basis points
 * (100 bp = 1 %); local dates are "YYYY-MM-DD" in the business time zone;
 * instants are ISO 8601 strings (or Date on input).
 */
import type { RoundingMode, ValidationIssue, ValidationResult } from '@regulars/rules';

export type { RoundingMode, ValidationIssue, ValidationResult };

/** A local calendar date "YYYY-MM-DD" in the business time zone. */
export type LocalDate = string;

/** How the agreement's periods are cut, in the business time zone. */
export type PeriodRule =
  /** 1 Jan to 31 Dec. */
  | { kind: 'calendar_year' }
  /** Twelve-month periods starting on `start` (e.g. 2026-04-01 to 2027-03-31, then on). A 29 Feb start uses 28 Feb in other years. */
  | { kind: 'agreement_year'; start: LocalDate }
  /** Explicit periods, `from` and `to` both inclusive local dates, ascending and not overlapping. */
  | { kind: 'custom'; periods: { from: LocalDate; to: LocalDate }[] };

/** What the volume counts: the net amount paid (minor units) or the quantity (units) of the lines in scope. */
export type Basis = 'net_amount' | 'quantity';

/** Which purchase lines count. A line matches a list when its sku OR its category is listed (exact strings). */
export type Scope =
  | { kind: 'all' }
  | { kind: 'include'; skus: string[]; categories: string[] }
  | { kind: 'exclude'; skus: string[]; categories: string[] };

/**
 * The value of a bracket:
 * - `rate`: basis points of the volume (net_amount basis only);
 * - `per_unit`: minor units per unit of volume (quantity basis only);
 * - `fixed`: a fixed amount (minor units), paid once the bracket is reached.
 */
export type BracketValue =
  { kind: 'rate'; rateBp: number } | { kind: 'per_unit'; amount: number } | { kind: 'fixed'; amount: number };

/** A bracket starts at `threshold` (inclusive, in volume units) and ends where the next one starts. */
export interface Bracket {
  threshold: number;
  value: BracketValue;
}

/**
 * retroactive: the reached bracket's value applies to the whole volume from the first unit;
 * incremental: each reached bracket's rate applies to the volume inside it (its fixed amount is added once).
 */
export type RebateMode = 'retroactive' | 'incremental';

/** The terms that an amendment may change (a new version from a date). */
export interface RebateTerms {
  mode: RebateMode;
  scope: Scope;
  /** Ascending thresholds, at least one. Volume below the first threshold earns nothing. */
  brackets: Bracket[];
  /** Below this volume the rebate is 0; at or above it the brackets apply unchanged (a gate, not a deduction). */
  minimumVolume: number;
  /** Largest rebate of a period (minor units); null = no cap. */
  cap: number | null;
  /** Named rounding of the exact rebate to the minor unit, applied once on the period's total. */
  rounding: RoundingMode;
}

export type PayoutKind = 'store_credit' | 'credit_note' | 'cash';

export type Assignment =
  | { kind: 'company'; companyId: string }
  /** Pooled: the companies' volumes add up; the payout is split by each company's contribution. */
  | { kind: 'group'; companyIds: string[] };

/**
 * When settlements run by themselves (the scheduled run, in the business time zone):
 * - `manual`: only by hand (through the API or the console);
 * - `final`: the final settlement once the period has ended;
 * - `half_yearly`, `quarterly`, `monthly`: also an interim settlement at the start of
 *   each 6th, 3rd or 1st month counted from the period's first day (the accrued rebate
 *   to date, never clawing back), then the final one.
 */
export type SettlementSchedule = 'manual' | 'final' | 'half_yearly' | 'quarterly' | 'monthly';

/** Agreement-level settings: fixed for the life of the agreement (not versioned). */
export interface RebateAgreement {
  period: PeriodRule;
  basis: Basis;
  payout: PayoutKind;
  assignment: Assignment;
  /** Default `manual` (stored agreements without it run by hand only). */
  schedule?: SettlementSchedule;
}

/** One version of an agreement's terms, in force from the start of the local date `effectiveFrom`. */
export interface AgreementVersion {
  /** 1, 2, ... in order of creation. */
  version: number;
  effectiveFrom: LocalDate;
  terms: RebateTerms;
}

/** One period of an agreement. */
export interface Period {
  /** Stable identifier: the local start date. */
  key: string;
  /** First local day (inclusive). */
  startDate: LocalDate;
  /** Last local day (inclusive), e.g. "2026-12-31" for "by 31 Dec". */
  endDate: LocalDate;
  /** Start instant (inclusive), ISO. */
  start: string;
  /** End instant (exclusive): the start of the day after endDate, ISO. */
  end: string;
}

/** A purchase or return line as the rebate sees it. */
export interface RebateLine {
  sku: string | null;
  category: string | null;
  /** Units bought (or returned); a non-negative integer. */
  quantity: number;
  /** Net amount paid for the line (or refunded), minor units, non-negative. */
  netAmount: number;
}

/** Volume of one period bought under one version (the caller stores one row per agreement, period and version). */
export interface SegmentVolume {
  version: number;
  volume: number;
}
