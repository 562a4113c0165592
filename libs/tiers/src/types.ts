/**
 * Data types of the tier library. Everything is plain, JSON-serialisable data:
 * programs are stored and versioned by the caller, the member state is stored
 * "for speed" and can always be recomputed from the member's events.
 *
 * Units: money is an integer number of minor units; points and visits are
 * integers; instants are ISO 8601 strings (Date accepted on input); local
 * dates are "YYYY-MM-DD" in the business time zone (an IANA name).
 */
import type { LineMatcher, ValidationIssue, ValidationResult } from '@regulars/rules';

export type { LineMatcher, ValidationIssue, ValidationResult };

/** What qualifies: points earned (never the balance), net spend (minor units), or visits (purchases). */
export type QualificationBasis = 'points' | 'spend' | 'visits';

/**
 * The qualification window, which also defines the periods a tier is held for.
 * - `rolling_months`: progress = the last `months` months (local dates); periods are blocks of `months` calendar months (months=12: calendar years, 3: quarters).
 * - `calendar_year`: progress = the current local calendar year to date; periods are calendar years.
 * - `anniversary`: progress = the current membership year to date; periods start on each anniversary of the member's local join date.
 */
export type TierWindow =
  { kind: 'rolling_months'; months: number } | { kind: 'calendar_year' } | { kind: 'anniversary' };

/** The benefit model shared by tiers and clubs. */
export interface Benefits {
  /** Points multiplier on purchases, basis points: 10000 = x1 (none), 12500 = x1.25. */
  multiplierBp: number;
  /** Rewards of the catalogue limited to holders of this tier (and of every higher tier) or club. */
  rewardIds: string[];
  /** Points credited on reaching the tier (once per tier per period); for a club: on joining, once per term. */
  reachBonusPoints: number;
  /** Points credited once a year on the member's birthday. */
  birthdayBonusPoints: number;
}

export interface Tier {
  id: string;
  name: string;
  /** Progress needed to reach the tier (the first tier's is 0). */
  reach: number;
  /** Progress needed in a period to keep the tier for the next period (<= reach). */
  keep: number;
  benefits: Benefits;
}

export interface TierProgram {
  basis: QualificationBasis;
  window: TierWindow;
  /** Purchase lines that never qualify (gift cards, deposits): matched by sku or category. */
  exclusions: LineMatcher;
  /** A tier reached in period k is held until the end of period k + holdPeriods (1 = "to the end of the following period"). */
  holdPeriods: number;
  /** At the review: drop one step when the keep threshold is missed, or recompute (highest tier whose keep threshold is met). */
  downgrade: 'one_step' | 'recompute';
  /** Days after the end of the held period before the review; activity in them still counts for the review. */
  graceDays: number;
  /** true: a return can take away a tier reached in the current period (see README); false: a return only lowers progress. */
  returnsCanDowngrade: boolean;
  /** Ordered lowest first; tiers[0] is the base tier everyone holds (reach 0, keep 0). */
  tiers: Tier[];
}

export interface TierProgramVersion {
  /** Caller's version number; the higher wins when two versions start at the same instant. */
  version: number;
  /** Instant from which this version is in force (inclusive). */
  effectiveFrom: string | Date;
  program: TierProgram;
}

/** A purchase line as it qualifies: `amount` is the paid amount (after apportioned discounts), `points` its share of the points earned. */
export interface QualifyingLine {
  lineId: string;
  sku: string | null;
  category: string | null;
  quantity: number;
  amount: number;
  points?: number;
}

interface EventBase {
  /** Unique per member; purchases are referred to by returns. */
  id: string;
  /** When it happened: decides the window it falls in and the program version whose exclusions apply. */
  at: string | Date;
  /** When the system learned of it (>= at; default at): transitions it causes happen then. */
  recordedAt?: string | Date;
}

export interface PurchaseEvent extends EventBase {
  kind: 'purchase';
  lines: QualifyingLine[];
}

export interface ReturnEvent extends EventBase {
  kind: 'return';
  purchaseId: string;
  /** Quantities returned now, with the refunded amount and the points reversed for each. */
  lines: { lineId: string; quantity: number; amount: number; points?: number }[];
}

/** Points earned outside a purchase that the business lets qualify (positive). Tier bonuses must not be fed back. */
export interface PointsEvent extends EventBase {
  kind: 'points';
  points: number;
}

/** Manual status: a floor from `at` until `until` (exclusive), never a ceiling. */
export interface ManualStatusEvent extends EventBase {
  kind: 'manual';
  tierId: string;
  reason: string;
  until: string | Date;
  setBy?: string;
}

/** Ends a manual status early. */
export interface ManualEndEvent extends EventBase {
  kind: 'manual_end';
  manualId: string;
}

export type TierEvent = PurchaseEvent | ReturnEvent | PointsEvent | ManualStatusEvent | ManualEndEvent;

/** Everything about a member that is not an event. */
export interface TierContext {
  memberId: string;
  /** Instant the member joined; anniversary periods start on its local date. */
  memberSince: string | Date;
  /** IANA time zone of the business. */
  timeZone: string;
  versions: TierProgramVersion[];
}

export type TransitionReason =
  'joined' | 'reached' | 'program_changed' | 'kept' | 'downgraded' | 'returned' | 'manual' | 'manual_ended';

/** One entry of a member's tier history: a change of the tier the member holds (or a kept tier renewed). */
export interface TierTransition {
  /** Deterministic: `tier:${memberId}:${at}:${reason}:${to}`. */
  key: string;
  at: string;
  from: string | null;
  to: string;
  reason: TransitionReason;
  programVersion: number;
}

/** A points credit the app posts to the ledger, idempotent by `key`. */
export interface BonusIntent {
  key: string;
  kind: 'tier_reach' | 'club_join' | 'birthday';
  tierId: string;
  points: number;
  at: string;
  programVersion?: number;
  reason: string;
}

interface HeldStatus {
  tierId: string;
  since: string;
  /** Exclusive end of the held period; null for the base tier (never ends). */
  until: string | null;
  /** The review instant (until + grace days); null for the base tier. */
  reviewAt: string | null;
}

export type EarnedStatus = HeldStatus;

export interface ActiveManualStatus {
  id: string;
  tierId: string;
  reason: string;
  from: string;
  until: string;
  setBy?: string;
}

export interface PurchaseRecord {
  id: string;
  at: string;
  /** The program version whose exclusions applied (the one in force at `at`). */
  version: number;
  lines: {
    lineId: string;
    quantity: number;
    amount: number;
    points: number;
    excluded: boolean;
    returnedQuantity: number;
    returnedAmount: number;
    returnedPoints: number;
  }[];
  /** Ids of the returns applied (a return is applied once). */
  returnIds: string[];
  /** Net qualifying contribution now (returns applied). */
  spend: number;
  points: number;
  visits: 0 | 1;
}

/** The stored, derived state of one member (JSON). Equal to a recompute from the events. */
export interface TierState {
  memberId: string;
  /** Every timer at or before this instant and every event recorded by it has been applied; null = nothing yet. */
  asOf: string | null;
  earned: EarnedStatus | null;
  /** Status before the first upgrade of the current period, restored if a return takes the upgrade away. */
  fallback: (HeldStatus & { periodKey: string }) | null;
  manual: ActiveManualStatus[];
  effective: { tierId: string; since: string } | null;
  /** Tiers whose reach bonus was paid in the period `periodKey`. */
  bonusesPaid: { periodKey: string; tierIds: string[] } | null;
  purchases: PurchaseRecord[];
  pointsEvents: { id: string; at: string; points: number }[];
}

export interface StepResult {
  state: TierState;
  transitions: TierTransition[];
  bonuses: BonusIntent[];
}
