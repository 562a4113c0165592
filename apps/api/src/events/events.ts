/**
 * The domain events (the event catalogue: docs/ARCHITECTURE.md). Each is
 * written into the outbox table domain_events in the same transaction as the
 * change it reports, so an event exists exactly when its change committed.
 * Payloads only ever gain fields; a consumer ignores fields it does not know.
 */
export interface EventPayloads {
  /** A purchase was recorded (either purchase path). occurred_at: the purchase's occurredAt. */
  'purchase.recorded': {
    purchaseId: string;
    transactionId: string;
    memberId: string;
    locationId: string | null;
    occurredAt: string;
    /** Minor units. */
    total: number;
    ruleVersion: number | null;
    /** Points earned (available or pending). */
    points: number;
    /** Stamps earned over all stamp cards. */
    stamps: number;
    stampCardsCompleted: number;
  };
  /** Lines of a purchase were returned; the purchase's postings were reversed in proportion. */
  'return.recorded': {
    returnId: string;
    purchaseId: string;
    memberId: string;
    lines: { lineId: string; quantity: number }[];
    fullyReturned: boolean;
    pointsReversed: number;
    stampsReversed: number;
    rewardsRestored: number;
  };
  /** A reward was redeemed (alone, or with a purchase). */
  'redemption.recorded': {
    redemptionId: string;
    memberId: string;
    rewardId: string;
    purchaseId: string | null;
    /** 'points' or 'stamps:<card id>'. */
    unit: string;
    cost: number;
    /** Minor units (0 when the benefit is not a discount). */
    discount: number;
  };
  /** A member joined (at the counter, or through the join link); their first card was issued. */
  'member.enrolled': { memberId: string; memberNumber: string; cardId: string; source: 'counter' | 'join' };
  /** A member's active card was revoked (no new card). */
  'card.revoked': { memberId: string; cardId: string; reason: string | null };
  /** A new card was issued; the active one, if any, was revoked. */
  'card.reissued': { memberId: string; cardId: string; revokedCardId: string | null; reason: string | null };
  /** Lapsed points or stamps expired (one ledger transaction). */
  'ledger.expired': LedgerEventPayload;
  /** Pending points matured into available ones (one ledger transaction). */
  'ledger.matured': LedgerEventPayload;
  /**
   * An earn, spend or capture that no purchase wrote (idempotency key not 'purchase:...'): manual
   * adjustments, import awards, redemptions, bonuses, rebates, store credit.
   */
  'ledger.posted': LedgerEventPayload;
}

export interface LedgerEventPayload {
  ledgerTransactionId: string;
  accountId: string;
  unit: string;
  ownerType: string;
  ownerId: string;
  amount: number;
  /** The ledger transaction's kind (every ledger event written since 1768960000000). */
  kind?: string;
}

export type EventType = keyof EventPayloads;

export const EVENT_TYPES: readonly EventType[] = [
  'purchase.recorded',
  'return.recorded',
  'redemption.recorded',
  'member.enrolled',
  'card.revoked',
  'card.reissued',
  'ledger.expired',
  'ledger.matured',
  'ledger.posted',
];

/** An event as stored in the outbox. */
export interface StoredEvent<T extends EventType = EventType> {
  businessId: string;
  /** Unique per business, ascending in insertion order (not in commit order). */
  id: string;
  type: T;
  payload: EventPayloads[T];
  occurredAt: Date;
  recordedAt: Date;
}

// Writing an event is SQL: it lives in the events repository (re-exported here for callers).
export { recordEvent, type Queryable } from './events.repository';
