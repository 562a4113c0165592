/**
 * Data types of the reward-rules library. Everything here is plain,
 * JSON-serialisable data: rule sets are stored (and versioned) by the caller,
 * evaluations are stored with the purchase and fed back to `evaluateReturn`.
 *
 * Units: money is an integer number of minor units of the business currency
 * (cents); points and stamps are integers; instants are ISO 8601 strings.
 */

/** Named rounding rules for turning an exact rational into an integer (all on non-negative values). */
export type RoundingMode = 'floor' | 'round_half_up' | 'ceil';

/** ISO weekday: 1 = Monday ... 7 = Sunday (in the business time zone). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * Selects purchase lines. A line matches when its sku is in `skus` OR its
 * category is in `categories` (exact, case-sensitive string comparison).
 */
export interface LineMatcher {
  skus: string[];
  categories: string[];
}

/** Points per amount spent: `pointsPer` points for every `perAmount` minor units of eligible spend. */
export interface PointsRule {
  /** e.g. 1 */
  pointsPer: number;
  /** e.g. 100 (= 1.00 in a 2-decimal currency) */
  perAmount: number;
  /** Applied once per posting, on the eligible (multiplied) total of the purchase, never per line. */
  rounding: RoundingMode;
  /** Eligible spend (minor units) needed to earn any points; 0 = no minimum. A purchase at exactly the minimum earns. */
  minimumSpend: number;
}

/**
 * Multiplies the eligible amount of matching lines, in basis points
 * (10000 = x1, 15000 = x1.5, 20000 = x2, 0 = earns nothing).
 * Precedence: an exclusion beats any multiplier; a sku match beats a category
 * match; among several matches of the same kind the largest multiplier wins.
 * Multipliers never stack.
 */
export interface Multiplier {
  id: string;
  name: string;
  match: LineMatcher;
  multiplierBp: number;
}

export type PromotionEffect =
  /** Extra points: the bonus is (multiplierBp - 10000)/10000 of the base points of the matched lines. */
  | { kind: 'multiplier'; multiplierBp: number }
  /** A flat number of extra points per qualifying purchase. */
  | { kind: 'flat'; points: number };

/**
 * When a promotion is active. All given conditions must hold (AND); an
 * omitted condition always holds.
 */
export interface PromotionSchedule {
  /** Inclusive start instant (ISO 8601 with offset or Z). */
  from?: string;
  /** Exclusive end instant (ISO 8601 with offset or Z). */
  until?: string;
  /** Local weekdays in the business time zone. */
  weekdays?: IsoWeekday[];
  /** Local time of day window, "HH:MM" to "HH:MM" (end exclusive, "24:00" allowed, start < end). */
  localTime?: { from: string; to: string };
}

export interface Promotion {
  id: string;
  /** Shown in the reason text, e.g. "Double points Monday". */
  name: string;
  schedule: PromotionSchedule;
  /** Restricts the promotion to matching lines; omitted = every eligible line. */
  match?: LineMatcher;
  /** Eligible spend of the matched lines needed for the promotion (at least this much); 0 = none. */
  minimumSpend: number;
  effect: PromotionEffect;
}

export interface StampCard {
  id: string;
  /** e.g. "Coffee card" */
  name: string;
  match: LineMatcher;
  /** Stamps per qualifying unit: a line of quantity 3 earns 3 * stampsPerUnit. */
  stampsPerUnit: number;
  /** N: stamps that fill one card (1..1000). */
  cardSize: number;
  reward: { id: string; description: string };
}

export interface RuleSet {
  /** null = this business does not award points (stamp cards only). */
  points: PointsRule | null;
  multipliers: Multiplier[];
  /** Lines matching an exclusion earn no points (stamp cards have their own lists and are unaffected). */
  exclusions: LineMatcher;
  promotions: Promotion[];
  stampCards: StampCard[];
  /** null = points never expire. */
  pointsExpiry: { afterMonths: number } | null;
  /** Days (exact 24h periods) after the purchase before the points can be spent; 0 = immediately. */
  pendingDays: number;
}

export interface PurchaseLine {
  /** Unique within the purchase; returns refer to it. */
  lineId: string;
  sku: string | null;
  category: string | null;
  /** Positive integer. */
  quantity: number;
  /** Minor units, >= 0. */
  unitPrice: number;
  /**
   * Units of this line given free by a reward redeemed with the purchase
   * (0..quantity; default 0). They earn no stamps.
   */
  freeQuantity?: number;
  /**
   * Minor units taken off this line by rewards redeemed with the purchase (the
   * free units' value; 0..quantity * unitPrice; default 0). Taken before the
   * purchase-level discount is apportioned, so that discount is not spread
   * over the free item.
   */
  rewardDiscount?: number;
}

export interface Purchase {
  occurredAt: string | Date;
  /** Amount actually paid (minor units). See README: discounts are apportioned across lines. */
  total: number;
  lines: PurchaseLine[];
}

export interface MemberState {
  /** Stamps on the open (incomplete) card, per card id; missing = 0. Taken modulo the card size. */
  stampProgress: Record<string, number>;
}

export interface EvaluateOptions {
  /** IANA time zone of the business, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Decimal digits of the currency's minor unit for reason texts (default 2). */
  currencyDigits?: number;
}

/** How much of a posting one purchase line contributed. */
export interface LineContribution {
  lineId: string;
  amount: number;
}

interface PostingBase {
  /** Unique within an evaluation: "points:base", "points:promotion:<id>", "stamps:<cardId>". */
  key: string;
  /** Positive integer: points or stamps to credit. */
  amount: number;
  /** Human-readable reason for the member's history. */
  reason: string;
  /** Per-line split of `amount`; sums to `amount` exactly. */
  lines: LineContribution[];
  /** When the credit becomes spendable (ISO). */
  availableAt: string;
  /** When unspent credit lapses (ISO, exclusive), null = never. */
  expiresAt: string | null;
}

export interface PointsPosting extends PostingBase {
  kind: 'points';
  source: { type: 'base' } | { type: 'promotion'; promotionId: string; name: string };
}

export interface StampsPosting extends PostingBase {
  kind: 'stamps';
  cardId: string;
  cardName: string;
  cardSize: number;
  /** Progress on the open card before this purchase (already reduced modulo cardSize). */
  progressBefore: number;
  /** Full cards completed by this purchase. */
  cardsCompleted: number;
  /** Stamps on the open card afterwards: cardsCompleted * cardSize + progressAfter == progressBefore + amount. */
  progressAfter: number;
  rewardId: string;
}

export type PostingIntent = PointsPosting | StampsPosting;

export interface LineEvaluation {
  lineId: string;
  sku: string | null;
  category: string | null;
  quantity: number;
  /** quantity * unitPrice */
  grossAmount: number;
  /** Share of the purchase-level discount apportioned to this line. */
  discount: number;
  /** grossAmount - discount */
  paidAmount: number;
  /** Excluded lines earn no points. */
  excluded: boolean;
  /** Multiplier applied to the line's paid amount (10000 = x1). */
  multiplierBp: number;
  multiplierId: string | null;
}

export interface PurchaseEvaluation {
  occurredAt: string;
  timeZone: string;
  /** Local date/time of the purchase in the business time zone, e.g. "2026-03-02T00:30 Mon". */
  local: { date: string; time: string; weekday: IsoWeekday };
  total: number;
  /** Sum of paid amounts of non-excluded lines (before multipliers). */
  eligibleSpend: number;
  lines: LineEvaluation[];
  postings: PostingIntent[];
  totals: { points: number; stamps: Record<string, number> };
  /** Explanations of rules that did not apply (below minimum spend, ...). */
  notes: string[];
}

export interface ReturnedLine {
  lineId: string;
  quantity: number;
}

export interface ReversalIntent {
  kind: 'points' | 'stamps';
  /** Key of the original posting being (partly) reversed. */
  postingKey: string;
  cardId?: string;
  /** Positive integer: points or stamps to take back. */
  amount: number;
  reason: string;
  lines: LineContribution[];
  /** Copied from the original posting so the ledger can debit the same lot. */
  availableAt: string;
  expiresAt: string | null;
}

export interface ReturnEvaluation {
  reversals: ReversalIntent[];
  totals: { points: number; stamps: Record<string, number> };
  /** Cumulative returned quantities after this return (persist and pass as `alreadyReturned` next time). */
  returnedAfter: ReturnedLine[];
  fullyReturned: boolean;
}

/** What a reward costs. */
export type RewardCost = { kind: 'points'; points: number } | { kind: 'stamp_card'; cardId: string };

/** What a reward gives. */
export type RewardBenefit =
  /** A free item, worth at most `maxValue` minor units off the purchase. */
  | { kind: 'free_item'; sku: string | null; description: string; maxValue: number }
  | { kind: 'amount_off'; amount: number }
  /** basisPoints: 1000 = 10 %. maxAmount null = no cap. */
  | { kind: 'percent_off'; basisPoints: number; maxAmount: number | null; rounding: RoundingMode };

export interface Reward {
  id: string;
  name: string;
  cost: RewardCost;
  benefit: RewardBenefit;
  active: boolean;
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };
