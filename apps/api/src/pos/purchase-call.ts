/**
 * The one argument of `pos_record_purchase(p jsonb)`: the whole purchase as the
 * app computed it. Built in exactly one place (purchaseCallArgument); the SQL
 * function (apps/api/src/database/sql/pos.sql) reads these field names.
 */
import type { PreparedEarn, RawHolderSnapshot } from '@regulars/ledger';
import type { PurchaseEvaluation } from '@regulars/rules';

/** A purchase line as stored (purchase_lines columns). */
export interface PurchaseCallLine {
  line_id: string;
  sku: string | null;
  category: string | null;
  quantity: number;
  unit_price: number;
}

export interface PurchaseCallArgument {
  businessId: string;
  purchaseId: string;
  transactionId: string;
  memberId: string;
  /** The card scanned (checked still active under the member lock); null for a member number. */
  cardId: string | null;
  /** The member's name as read (checked unchanged under the member lock). */
  firstName: string;
  lastName: string | null;
  locationId: string | null;
  actor: string;
  /** ISO 8601 instants. */
  occurredAt: string;
  recordedAt: string;
  /** Minor units. */
  total: number;
  requestHash: string;
  lines: PurchaseCallLine[];
  /** The rule versions used: at occurredAt (evaluation) and now (the summary shown); checked current. */
  ruleVersion: number | null;
  displayRuleVersion: number | null;
  evaluation: PurchaseEvaluation;
  earns: (PreparedEarn & { postingKey: string })[];
  /** End of the "expiring soon" window of the snapshots. */
  soonUntil: string;
  /** Balances read before (checked equal under the member lock) and predicted after (checked after the earns). */
  before: RawHolderSnapshot;
  after: RawHolderSnapshot;
  /**
   * The member's stored tier (member_tier_states.tier_id) that the evaluation's
   * tier multiplier was based on; checked equal under the member lock (RG005).
   */
  tierId: string | null;
  /**
   * The seq of the member's newest club event (club_events) the evaluation's
   * club multiplier was based on, as text (bigint); null: none. Checked equal
   * under the member lock (RG005, DETAIL 'club').
   */
  clubSeq: string | null;
  /** The answer, stored with the purchase for replays. */
  response: unknown;
}

/** What the function answers: written, a replay of the same request, or the key used for another request. */
export type PurchaseCallOutcome =
  { status: 'ok' } | { status: 'replay'; response: unknown } | { status: 'conflict' };

/** The argument object, with dates as ISO strings (the one place it is built). */
export function purchaseCallArgument(
  a: Omit<PurchaseCallArgument, 'occurredAt' | 'recordedAt' | 'soonUntil'> & {
    occurredAt: Date;
    recordedAt: Date;
    soonUntil: Date;
  },
): PurchaseCallArgument {
  return {
    ...a,
    occurredAt: a.occurredAt.toISOString(),
    recordedAt: a.recordedAt.toISOString(),
    soonUntil: a.soonUntil.toISOString(),
  };
}
