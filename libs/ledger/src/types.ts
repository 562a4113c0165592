import type { ClientBase } from 'pg';

/** Who owns an account. System accounts (issued, redeemed, expired, reversed) are created by the ledger. */
export type OwnerType = 'member' | 'customer' | 'system';
export type HolderType = Exclude<OwnerType, 'system'>;

/** An account is identified by (business, unit, owner). Units: 'points', 'stamps:<cardId>', 'rebate:EUR'. */
export interface AccountRef {
  unit: string;
  ownerType: OwnerType;
  ownerId: string;
}

/** A member's or customer's account (the only kind the write API takes). */
export interface HolderAccountRef extends AccountRef {
  ownerType: HolderType;
}

/** Integer amounts (points, stamps, minor currency units), JS safe integers. */
export interface Balance {
  available: number;
  pending: number;
  held: number;
}

export type ReversalPolicy = 'allow_negative' | 'clamp' | 'refuse';
export const REVERSAL_POLICIES: readonly ReversalPolicy[] = ['allow_negative', 'clamp', 'refuse'];

export type TransactionKind =
  'earn' | 'spend' | 'hold' | 'capture' | 'release' | 'hold_expire' | 'mature' | 'reverse' | 'expire';

export type EntryBucket = 'available' | 'pending' | 'held';

/** A pg client already inside BEGIN (READ COMMITTED), to make a ledger write atomic with the caller's rows. */
export type LedgerClient = Pick<ClientBase, 'query'>;

export interface WriteInput {
  businessId: string;
  /** Unique per business across all write kinds. */
  idempotencyKey: string;
  /** Effective time from the caller's clock (never the database's now()). Not part of the request identity. */
  at: Date;
  /** Shown on the member's statement, e.g. 'purchase', 'reward redeemed'. */
  reason?: string | null;
  /** The caller's reference, e.g. a purchase or redemption id. */
  reference?: string | null;
  metadata?: Record<string, unknown> | null;
  client?: LedgerClient;
}

export interface EarnInput extends WriteInput {
  account: HolderAccountRef;
  amount: number;
  /** Lot expiry; null/undefined: never expires. */
  expiresAt?: Date | null;
  /** Pending earn: points become available at this time (or when captured), unless released (voided) first. */
  pendingUntil?: Date | null;
}

export interface SpendInput extends WriteInput {
  account: HolderAccountRef;
  amount: number;
}

export interface HoldInput extends SpendInput {
  /** The reservation is released automatically by the expiry run at this time. */
  expiresAt?: Date | null;
}

export interface ResolveHoldInput extends WriteInput {
  holdId: string;
}

export interface ReverseInput extends WriteInput {
  transactionId: string;
  /** Default: everything not yet reversed. */
  amount?: number | null;
  /** Earn reversals whose points were partly spent; default from LedgerOptions. */
  policy?: ReversalPolicy;
}

export interface LedgerResult {
  transactionId: string;
  kind: TransactionKind;
  accountId: string;
  /** Amount actually moved (a clamped reversal may move less than requested). */
  amount: number;
  /** Balance of the account right after this transaction (the same on replay). */
  balance: Balance;
  effectiveAt: Date;
  /** true when this call returned the stored result of an earlier call with the same key. */
  replayed: boolean;
  lotId?: string | null;
  holdId?: string | null;
  pending?: boolean;
  holdKind?: 'reservation' | 'pending_earn';
  requestedAmount?: number;
  reversesId?: string;
  policy?: ReversalPolicy;
}

export interface ExpireInput {
  /** Omit to run over every business. */
  businessId?: string;
  at: Date;
  client?: LedgerClient;
}

export interface ExpireResult {
  accounts: number;
  expired: number;
  holdsExpired: number;
  matured: number;
}

export interface StatementEntry {
  entryId: string;
  transactionId: string;
  kind: TransactionKind;
  bucket: EntryBucket;
  amount: number;
  /** Running balances of the account after this entry (null for system accounts, whose balance is sharded). */
  balanceAfter: Balance | null;
  reason: string | null;
  reference: string | null;
  effectiveAt: Date;
  holdId: string | null;
  reversesId: string | null;
}

export interface StatementPage {
  entries: StatementEntry[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export type ViolationCode =
  | 'unbalanced_transaction'
  | 'unit_mismatch'
  | 'balance_mismatch'
  | 'running_balance_mismatch'
  | 'lots_mismatch'
  | 'lot_remaining_mismatch'
  | 'lot_out_of_range'
  | 'balance_below_floor'
  | 'held_mismatch'
  | 'hold_resolution_mismatch'
  | 'orphan_reference'
  | 'append_only_disabled';

export interface Violation {
  code: ViolationCode;
  businessId: string | null;
  message: string;
  details: Record<string, unknown>;
}

/** One holder's balances (every unit) and the points of one unit expiring in a window. */
export interface HolderSnapshot {
  balances: { unit: string; balance: Balance }[];
  expiring: { expiresAt: Date; amount: number }[];
}

/** The validated arguments of `ledger_earn()`, JSON-safe (see Ledger.prepareEarn). */
export interface PreparedEarn {
  unit: string;
  ownerType: string;
  ownerId: string;
  amount: number;
  expiresAt: string | null;
  pendingUntil: string | null;
  at: string;
  idempotencyKey: string;
  hash: string;
  reason: string | null;
  reference: string | null;
  metadata: Record<string, unknown> | null;
}
