import type { Pool } from 'pg';
import { DomainError, ErrorCode } from '@regulars/core';
import type {
  HolderType,
  HolderSnapshot,
  PreparedEarn,
  StatementEntry,
  AccountRef,
  Balance,
  EarnInput,
  EntryBucket,
  ExpireInput,
  ExpireResult,
  HoldInput,
  LedgerClient,
  LedgerResult,
  ResolveHoldInput,
  ReversalPolicy,
  ReverseInput,
  SpendInput,
  StatementPage,
  TransactionKind,
  Violation,
  WriteInput,
} from './types';
import {
  checkAccount,
  checkAmount,
  checkBusinessId,
  checkDate,
  checkId,
  checkKey,
  checkOptionalDate,
  checkPolicy,
  requestHash,
  toSafeNumber,
} from './validate';
import { verifyLedger } from './verify';

export interface LedgerOptions {
  /** Policy for reversing an earn whose points were partly spent, when a call does not name one. Default 'refuse'. */
  defaultReversalPolicy?: ReversalPolicy;
}

/** SQLSTATEs raised by the ledger's PL/pgSQL functions. */
const SQLSTATE: Record<string, ErrorCode> = {
  LB001: ErrorCode.INSUFFICIENT_BALANCE,
  LB002: ErrorCode.IDEMPOTENCY_CONFLICT,
  LB003: ErrorCode.HOLD_NOT_OPEN,
  LB004: ErrorCode.REVERSAL_REFUSED,
  LB005: ErrorCode.NOT_FOUND,
  LB006: ErrorCode.VALIDATION_FAILED,
  LB011: ErrorCode.CONFLICT,
  LB012: ErrorCode.CONFLICT,
};

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
}

function parseDetail(detail: string | undefined): Record<string, unknown> | undefined {
  if (!detail) return undefined;
  try {
    return JSON.parse(detail) as Record<string, unknown>;
  } catch {
    return { detail };
  }
}

/** Maps the ledger's SQLSTATEs to DomainErrors; anything else passes through. */
export function toDomainError(err: unknown): unknown {
  const e = err as PgError;
  const code = e && typeof e.code === 'string' ? SQLSTATE[e.code] : undefined;
  if (!code) return err;
  return new DomainError(code, e.message ?? code, parseDetail(e.detail));
}

interface RawResult {
  transactionId: string;
  kind: TransactionKind;
  accountId: string;
  amount: number | string;
  balance: { available: number | string; pending: number | string; held: number | string };
  effectiveAt: string;
  replayed: boolean;
  lotId?: string | null;
  holdId?: string | null;
  pending?: boolean;
  holdKind?: 'reservation' | 'pending_earn';
  requestedAmount?: number | string;
  reversesId?: string;
  policy?: ReversalPolicy;
}

function toBalance(raw: { available: unknown; pending: unknown; held: unknown }): Balance {
  return {
    available: toSafeNumber(raw.available, 'available'),
    pending: toSafeNumber(raw.pending, 'pending'),
    held: toSafeNumber(raw.held, 'held'),
  };
}

function toResult(raw: RawResult): LedgerResult {
  const r: LedgerResult = {
    transactionId: raw.transactionId,
    kind: raw.kind,
    accountId: raw.accountId,
    amount: toSafeNumber(raw.amount, 'amount'),
    balance: toBalance(raw.balance),
    effectiveAt: new Date(raw.effectiveAt),
    replayed: raw.replayed,
  };
  if ('lotId' in raw) r.lotId = raw.lotId ?? null;
  if ('holdId' in raw) r.holdId = raw.holdId ?? null;
  if (raw.pending !== undefined) r.pending = raw.pending;
  if (raw.holdKind !== undefined) r.holdKind = raw.holdKind;
  if (raw.requestedAmount !== undefined)
    r.requestedAmount = toSafeNumber(raw.requestedAmount, 'requestedAmount');
  if (raw.reversesId !== undefined) r.reversesId = raw.reversesId;
  if (raw.policy !== undefined) r.policy = raw.policy;
  return r;
}

function checkWrite(input: WriteInput): void {
  checkBusinessId(input.businessId);
  checkKey(input.idempotencyKey);
  checkDate(input.at, 'at');
}

function recordFields(input: WriteInput): Record<string, unknown> {
  return {
    reason: input.reason ?? null,
    reference: input.reference ?? null,
    metadata: input.metadata ?? null,
  };
}

const ZERO: Balance = { available: 0, pending: 0, held: 0 };

/**
 * The points ledger. Every write is one call of a PL/pgSQL function (one round
 * trip), atomic on its own, or inside the caller's transaction when `client`
 * is given (then the caller commits; a DomainError aborts that transaction).
 */
export class Ledger {
  private readonly defaultPolicy: ReversalPolicy;

  constructor(
    private readonly pool: Pool,
    options: LedgerOptions = {},
  ) {
    this.defaultPolicy = options.defaultReversalPolicy ?? 'refuse';
    checkPolicy(this.defaultPolicy);
  }

  private async call(
    client: LedgerClient | undefined,
    sql: string,
    params: unknown[],
  ): Promise<LedgerResult> {
    const runner: LedgerClient = client ?? this.pool;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await runner.query<{ r: RawResult }>(sql, params);
        return toResult(res.rows[0].r);
      } catch (err) {
        // LB012: a concurrent call claimed the key between our check and our
        // insert; retrying replays its result (only possible without a client).
        if (!client && (err as PgError).code === 'LB012' && attempt < 3) continue;
        throw toDomainError(err);
      }
    }
  }

  /** Credit points: a new lot (optional expiry); with pendingUntil in the future, pending until then. */
  async earn(input: EarnInput): Promise<LedgerResult> {
    const e = this.prepareEarn(input);
    return this.call(
      input.client,
      'SELECT ledger_earn($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS r',
      [
        input.businessId,
        e.unit,
        e.ownerType,
        e.ownerId,
        e.amount,
        e.expiresAt,
        e.pendingUntil,
        e.at,
        e.idempotencyKey,
        e.hash,
        e.reason,
        e.reference,
        e.metadata,
      ],
    );
  }

  /**
   * Validates an earn and returns the arguments of `ledger_earn()` (request
   * hash included) as JSON-safe values, for callers that make several ledger
   * writes inside one PL/pgSQL call of their own (one round trip). The caller
   * passes each field to `ledger_earn()` in the order of the function's
   * parameters and maps errors with `toDomainError`.
   */
  prepareEarn(input: Omit<EarnInput, 'client'>): PreparedEarn {
    checkWrite(input);
    checkAccount(input.account);
    checkAmount(input.amount);
    checkOptionalDate(input.expiresAt, 'expiresAt');
    checkOptionalDate(input.pendingUntil, 'pendingUntil');
    const { account } = input;
    const record = recordFields(input);
    const hash = requestHash('earn', {
      account: { unit: account.unit, ownerType: account.ownerType, ownerId: account.ownerId },
      amount: input.amount,
      expiresAt: input.expiresAt ?? null,
      pendingUntil: input.pendingUntil ?? null,
      ...record,
    });
    return {
      unit: account.unit,
      ownerType: account.ownerType,
      ownerId: account.ownerId,
      amount: input.amount,
      expiresAt: input.expiresAt ? input.expiresAt.toISOString() : null,
      pendingUntil: input.pendingUntil ? input.pendingUntil.toISOString() : null,
      at: input.at.toISOString(),
      idempotencyKey: input.idempotencyKey,
      hash,
      reason: (record.reason as string | null) ?? null,
      reference: (record.reference as string | null) ?? null,
      metadata: (record.metadata as Record<string, unknown> | null) ?? null,
    };
  }

  /** Redeem points now, consuming lots earliest expiry first (no expiry last). INSUFFICIENT_BALANCE below zero. */
  async spend(input: SpendInput): Promise<LedgerResult> {
    return this.debit('spend', input, null);
  }

  /** Reserve points for a redemption in flight (available -> held); resolve with capture or release. */
  async hold(input: HoldInput): Promise<LedgerResult> {
    checkOptionalDate(input.expiresAt, 'expiresAt');
    return this.debit('hold', input, input.expiresAt ?? null);
  }

  private async debit(
    op: 'spend' | 'hold',
    input: SpendInput,
    holdExpiresAt: Date | null,
  ): Promise<LedgerResult> {
    checkWrite(input);
    checkAccount(input.account);
    checkAmount(input.amount);
    const { account } = input;
    const hash = requestHash(op, {
      account: { unit: account.unit, ownerType: account.ownerType, ownerId: account.ownerId },
      amount: input.amount,
      ...(op === 'hold' ? { expiresAt: holdExpiresAt } : {}),
      ...recordFields(input),
    });
    return this.call(
      input.client,
      'SELECT ledger_spend($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS r',
      [
        input.businessId,
        account.unit,
        account.ownerType,
        account.ownerId,
        input.amount,
        op === 'hold',
        holdExpiresAt,
        input.at,
        input.idempotencyKey,
        hash,
        input.reason ?? null,
        input.reference ?? null,
        input.metadata ?? null,
      ],
    );
  }

  /** Reservation: redeem the held points. Pending earn: make the points available now. */
  async capture(input: ResolveHoldInput): Promise<LedgerResult> {
    return this.resolveHold('capture', input);
  }

  /** Reservation: give the held points back. Pending earn: void it. */
  async release(input: ResolveHoldInput): Promise<LedgerResult> {
    return this.resolveHold('release', input);
  }

  private async resolveHold(op: 'capture' | 'release', input: ResolveHoldInput): Promise<LedgerResult> {
    checkWrite(input);
    checkId(input.holdId, 'holdId');
    const hash = requestHash(op, { holdId: input.holdId, ...recordFields(input) });
    return this.call(input.client, 'SELECT ledger_resolve_hold($1, $2, $3, $4, $5, $6, $7, $8, $9) AS r', [
      input.businessId,
      input.holdId,
      op === 'capture',
      input.at,
      input.idempotencyKey,
      hash,
      input.reason ?? null,
      input.reference ?? null,
      input.metadata ?? null,
    ]);
  }

  /** Undo an earn, spend or reservation capture, fully (default) or in part. */
  async reverse(input: ReverseInput): Promise<LedgerResult> {
    checkWrite(input);
    checkId(input.transactionId, 'transactionId');
    if (input.amount !== undefined && input.amount !== null) checkAmount(input.amount);
    const policy = input.policy ?? this.defaultPolicy;
    checkPolicy(policy);
    const hash = requestHash('reverse', {
      transactionId: input.transactionId,
      amount: input.amount ?? null,
      policy,
      ...recordFields(input),
    });
    return this.call(input.client, 'SELECT ledger_reverse($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS r', [
      input.businessId,
      input.transactionId,
      input.amount ?? null,
      policy,
      input.at,
      input.idempotencyKey,
      hash,
      input.reason ?? null,
      input.reference ?? null,
      input.metadata ?? null,
    ]);
  }

  /**
   * Due processing at `at` (one business or all): releases reservations past
   * their expiresAt, matures pending earns past their window, expires lapsed
   * lots. One short database transaction per account (unless `client` is
   * given); safe to run concurrently and repeatedly: each lot expires once.
   */
  async expire(input: ExpireInput): Promise<ExpireResult> {
    checkDate(input.at, 'at');
    if (input.businessId !== undefined) checkBusinessId(input.businessId);
    const runner: LedgerClient = input.client ?? this.pool;
    const candidates = await runner.query<{ business_id: string; account_id: string }>(
      `SELECT business_id, account_id FROM (
         SELECT business_id, account_id FROM ledger_lots
          WHERE status = 'available' AND remaining > 0 AND expires_at <= $1 AND ($2::uuid IS NULL OR business_id = $2)
         UNION
         SELECT business_id, account_id FROM ledger_holds
          WHERE status = 'open' AND expires_at <= $1 AND ($2::uuid IS NULL OR business_id = $2)
       ) due ORDER BY business_id, account_id`,
      [input.at, input.businessId ?? null],
    );
    const total: ExpireResult = { accounts: 0, expired: 0, holdsExpired: 0, matured: 0 };
    for (const row of candidates.rows) {
      try {
        const res = await runner.query<{
          r: { expired: number | string; holdsExpired: number; matured: number };
        }>('SELECT ledger_settle_account($1, $2, $3) AS r', [row.business_id, row.account_id, input.at]);
        const r = res.rows[0].r;
        const expired = toSafeNumber(r.expired, 'expired');
        if (expired > 0 || r.holdsExpired > 0 || r.matured > 0) total.accounts += 1;
        total.expired += expired;
        total.holdsExpired += r.holdsExpired;
        total.matured += r.matured;
      } catch (err) {
        throw toDomainError(err);
      }
    }
    return total;
  }

  /** Current balance, O(1): the account's balance row (plus the slot rows of a system account). */
  async balance(input: { businessId: string; account: AccountRef; client?: LedgerClient }): Promise<Balance> {
    checkBusinessId(input.businessId);
    checkAccount(input.account, true);
    const runner: LedgerClient = input.client ?? this.pool;
    const res = await runner.query<{ available: string; pending: string; held: string }>(
      `SELECT a.available + coalesce((SELECT sum(s.available) FROM ledger_account_slots s
                                       WHERE s.business_id = a.business_id AND s.account_id = a.id), 0) AS available,
              a.pending, a.held
         FROM ledger_accounts a
        WHERE a.business_id = $1 AND a.unit = $2 AND a.owner_type = $3 AND a.owner_id = $4`,
      [input.businessId, input.account.unit, input.account.ownerType, input.account.ownerId],
    );
    return res.rows.length ? toBalance(res.rows[0]) : { ...ZERO };
  }

  /** Balance as of effective time `at` (sum of the account's entries with effective time <= at). */
  async balanceAt(input: {
    businessId: string;
    account: AccountRef;
    at: Date;
    client?: LedgerClient;
  }): Promise<Balance> {
    checkBusinessId(input.businessId);
    checkAccount(input.account, true);
    checkDate(input.at, 'at');
    const runner: LedgerClient = input.client ?? this.pool;
    const res = await runner.query<{ available: string; pending: string; held: string }>(
      `SELECT coalesce(sum(e.amount) FILTER (WHERE e.bucket = 'available'), 0) AS available,
              coalesce(sum(e.amount) FILTER (WHERE e.bucket = 'pending'), 0) AS pending,
              coalesce(sum(e.amount) FILTER (WHERE e.bucket = 'held'), 0) AS held
         FROM ledger_accounts a
         JOIN ledger_entries e ON e.business_id = a.business_id AND e.account_id = a.id
        WHERE a.business_id = $1 AND a.unit = $2 AND a.owner_type = $3 AND a.owner_id = $4 AND e.effective_at <= $5`,
      [input.businessId, input.account.unit, input.account.ownerType, input.account.ownerId, input.at],
    );
    return toBalance(res.rows[0]);
  }

  /** The account's entries, newest first, with running balances, reason and reference; keyset-paginated. */
  async statement(input: {
    businessId: string;
    account: AccountRef;
    limit?: number;
    cursor?: string | null;
    client?: LedgerClient;
  }): Promise<StatementPage> {
    checkBusinessId(input.businessId);
    checkAccount(input.account, true);
    const { account } = input;
    return this.entryPage(
      input,
      'a.business_id = $1 AND a.unit = $2 AND a.owner_type = $3 AND a.owner_id = $4',
      [input.businessId, account.unit, account.ownerType, account.ownerId],
    );
  }

  /** Entries of the accounts matching `where` (a fixed SQL condition on `a`), newest first, keyset-paginated. */
  private async entryPage(
    input: { limit?: number; cursor?: string | null; client?: LedgerClient },
    where: string,
    params: unknown[],
  ): Promise<{ entries: (StatementEntry & { unit: string })[]; nextCursor: string | null }> {
    const limit = input.limit ?? 50;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'limit must be between 1 and 500');
    }
    if (input.cursor !== undefined && input.cursor !== null) checkId(input.cursor, 'cursor');
    const runner: LedgerClient = input.client ?? this.pool;
    const n = params.length;
    const res = await runner.query<{
      id: string;
      unit: string;
      transaction_id: string;
      kind: TransactionKind;
      bucket: EntryBucket;
      amount: string;
      available_after: string | null;
      pending_after: string | null;
      held_after: string | null;
      reason: string | null;
      reference: string | null;
      effective_at: Date;
      hold_id: string | null;
      reverses_id: string | null;
    }>(
      `SELECT e.id, a.unit, e.transaction_id, t.kind, e.bucket, e.amount, e.available_after, e.pending_after, e.held_after,
              t.reason, t.reference, e.effective_at, t.hold_id, t.reverses_id
         FROM ledger_accounts a
         JOIN ledger_entries e ON e.business_id = a.business_id AND e.account_id = a.id
         JOIN ledger_transactions t ON t.business_id = e.business_id AND t.id = e.transaction_id
        WHERE ${where} AND ($${n + 1}::bigint IS NULL OR e.id < $${n + 1})
        ORDER BY e.id DESC
        LIMIT $${n + 2}`,
      [...params, input.cursor ?? null, limit + 1],
    );
    const rows = res.rows.slice(0, limit);
    return {
      entries: rows.map((r) => ({
        entryId: r.id,
        unit: r.unit,
        transactionId: r.transaction_id,
        kind: r.kind,
        bucket: r.bucket,
        amount: toSafeNumber(r.amount, 'amount'),
        balanceAfter:
          r.available_after === null
            ? null
            : toBalance({ available: r.available_after, pending: r.pending_after, held: r.held_after }),
        reason: r.reason,
        reference: r.reference,
        effectiveAt: r.effective_at,
        holdId: r.hold_id,
        reversesId: r.reverses_id,
      })),
      nextCursor: res.rows.length > limit ? rows[rows.length - 1].id : null,
    };
  }

  /** Every account of one holder (all units: points, each stamp card, rebates) with its balance, in one indexed read. */
  async holderBalances(input: {
    businessId: string;
    ownerType: HolderType;
    ownerId: string;
    client?: LedgerClient;
  }): Promise<{ unit: string; balance: Balance }[]> {
    checkBusinessId(input.businessId);
    checkAccount({ unit: 'points', ownerType: input.ownerType, ownerId: input.ownerId });
    const runner: LedgerClient = input.client ?? this.pool;
    const res = await runner.query<{ unit: string; available: string; pending: string; held: string }>(
      `SELECT unit, available, pending, held FROM ledger_accounts
        WHERE business_id = $1 AND owner_type = $2 AND owner_id = $3 ORDER BY unit`,
      [input.businessId, input.ownerType, input.ownerId],
    );
    return res.rows.map((r) => ({ unit: r.unit, balance: toBalance(r) }));
  }

  /**
   * holderBalances and expiring (of one unit) in one query, as the SQL
   * function `ledger_holder_snapshot()` returns them; callers can also select
   * that function inside their own statements and read its value with
   * `parseHolderSnapshot`.
   */
  async holderSnapshot(input: {
    businessId: string;
    ownerType: HolderType;
    ownerId: string;
    expiringUnit: string;
    from: Date;
    until: Date;
    client?: LedgerClient;
  }): Promise<HolderSnapshot> {
    checkBusinessId(input.businessId);
    checkAccount({ unit: input.expiringUnit, ownerType: input.ownerType, ownerId: input.ownerId });
    checkDate(input.from, 'from');
    checkDate(input.until, 'until');
    const runner: LedgerClient = input.client ?? this.pool;
    const res = await runner.query<{ s: RawHolderSnapshot }>(
      'SELECT ledger_holder_snapshot($1, $2, $3, $4, $5, $6) AS s',
      [input.businessId, input.ownerType, input.ownerId, input.expiringUnit, input.from, input.until],
    );
    return parseHolderSnapshot(res.rows[0].s);
  }

  /** Unspent remainders of spendable lots lapsing in (from, until], summed per expiry instant, earliest first. */
  async expiring(input: {
    businessId: string;
    account: AccountRef;
    from: Date;
    until: Date;
    client?: LedgerClient;
  }): Promise<{ expiresAt: Date; amount: number }[]> {
    checkBusinessId(input.businessId);
    checkAccount(input.account, true);
    checkDate(input.from, 'from');
    checkDate(input.until, 'until');
    const runner: LedgerClient = input.client ?? this.pool;
    const res = await runner.query<{ expires_at: Date; amount: string }>(
      `SELECT l.expires_at, sum(l.remaining) AS amount
         FROM ledger_accounts a
         JOIN ledger_lots l ON l.business_id = a.business_id AND l.account_id = a.id
        WHERE a.business_id = $1 AND a.unit = $2 AND a.owner_type = $3 AND a.owner_id = $4
          AND l.status = 'available' AND l.remaining > 0 AND l.expires_at > $5 AND l.expires_at <= $6
        GROUP BY l.expires_at ORDER BY l.expires_at`,
      [
        input.businessId,
        input.account.unit,
        input.account.ownerType,
        input.account.ownerId,
        input.from,
        input.until,
      ],
    );
    return res.rows.map((r) => ({ expiresAt: r.expires_at, amount: toSafeNumber(r.amount, 'amount') }));
  }

  /**
   * The entries of all of one holder's accounts (every unit), newest first,
   * with reason, reference and the running available balance of their account;
   * keyset-paginated. What a member sees as their history.
   */
  async holderStatement(input: {
    businessId: string;
    ownerType: HolderType;
    ownerId: string;
    limit?: number;
    cursor?: string | null;
    client?: LedgerClient;
  }): Promise<{ entries: (StatementEntry & { unit: string })[]; nextCursor: string | null }> {
    checkBusinessId(input.businessId);
    checkAccount({ unit: 'points', ownerType: input.ownerType, ownerId: input.ownerId });
    return this.entryPage(input, 'a.business_id = $1 AND a.owner_type = $2 AND a.owner_id = $3', [
      input.businessId,
      input.ownerType,
      input.ownerId,
    ]);
  }

  /** The ids of the transactions written under these idempotency keys (keys never used are absent). */
  async transactionIdsByKey(input: {
    businessId: string;
    keys: string[];
    client?: LedgerClient;
  }): Promise<Map<string, string>> {
    checkBusinessId(input.businessId);
    input.keys.forEach(checkKey);
    if (!input.keys.length) return new Map();
    const runner: LedgerClient = input.client ?? this.pool;
    const res = await runner.query<{ idempotency_key: string; id: string }>(
      `SELECT idempotency_key, id::text AS id FROM ledger_transactions
        WHERE business_id = $1 AND idempotency_key = ANY($2::text[])`,
      [input.businessId, input.keys],
    );
    return new Map(res.rows.map((r) => [r.idempotency_key, r.id]));
  }

  /** Checks every invariant over one business or the whole ledger; [] when clean. */
  async verify(input: { businessId?: string; client?: LedgerClient } = {}): Promise<Violation[]> {
    if (input.businessId !== undefined) checkBusinessId(input.businessId);
    return verifyLedger(input.client ?? this.pool, input.businessId ?? null);
  }
}

/** The jsonb value of `ledger_holder_snapshot()`. */
export interface RawHolderSnapshot {
  balances: Record<string, [number | string, number | string, number | string]>;
  expiring: [number | string, number | string][];
}

/** Reads the value of `ledger_holder_snapshot()` (selected by a caller's own query). */
export function parseHolderSnapshot(raw: RawHolderSnapshot): HolderSnapshot {
  return {
    balances: Object.keys(raw.balances)
      .sort()
      .map((unit) => {
        const [available, pending, held] = raw.balances[unit];
        return { unit, balance: toBalance({ available, pending, held }) };
      }),
    expiring: raw.expiring.map(([at, amount]) => ({
      expiresAt: new Date(toSafeNumber(at, 'expiresAt')),
      amount: toSafeNumber(amount, 'amount'),
    })),
  };
}

/** The value `ledger_holder_snapshot()` returns for a snapshot (the inverse of parseHolderSnapshot). */
export function rawHolderSnapshot(s: HolderSnapshot): RawHolderSnapshot {
  return {
    balances: Object.fromEntries(
      s.balances.map((b) => [b.unit, [b.balance.available, b.balance.pending, b.balance.held]]),
    ),
    expiring: s.expiring.map((e) => [e.expiresAt.getTime(), e.amount]),
  };
}

/** Nest-free factory: the app passes TypeORM's underlying pg Pool. */
export function createLedger(pool: Pool, options: LedgerOptions = {}): Ledger {
  return new Ledger(pool, options);
}
