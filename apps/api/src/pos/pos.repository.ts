/**
 * Every SQL statement of the counter (apps/api/src/pos). The services hold no
 * SQL: they call these methods, each taking the business id first. Writes
 * inside a purchase, redemption or return run on the caller's transaction
 * client (`PosTx`, passed last as `Sql`); reads outside one use the pool.
 */
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DomainError, ErrorCode } from '@regulars/core';
import type { PurchaseEvaluation } from '@regulars/rules';
import type { RawHolderSnapshot } from '@regulars/ledger';
import type { TierState } from '@regulars/tiers';
import type { StoredTierView } from '../tiers/tiers.repository';
import type { ClubEventRow } from '../tiers/club.repository';
import { Db, type Sql } from '../database/db';
import { idempotencyConflict, inTransaction } from './idempotency';
import type { PurchaseCallArgument, PurchaseCallOutcome } from './purchase-call';

/** A transaction's connection (PosRepository.transaction): also the ledger's `client`. */
export type PosTx = PoolClient;

/** One row of the counter read (card or member number). */
export interface CounterRow {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string | null;
  snapshot: RawHolderSnapshot;
  created_at: Date;
  /**
   * The member's stored tier state (member_tier_states), joined into the same query; null without
   * one, and left out (null) while the stored view is exact now (tier_view_now).
   */
  tier_state: TierState | null;
  /** The stored tier (member_tier_states.tier_id) of that state. */
  tier_id: string | null;
  /** The stored view (TiersRepository.save) with its key and the interval in which it is exact. */
  tier_view: StoredTierView | null;
  tier_view_key: string | null;
  tier_view_from: Date | null;
  tier_view_until: Date | null;
  /** Whether the stored view is exact at the read's instant under the current key (then tier_state is left out). */
  tier_view_now: boolean;
  /** The member's club events (club_events, every club id), oldest first; null without any. */
  club_events: CounterClubEvent[] | null;
  card_status?: string;
  revoked_at?: Date | null;
}

/** A club event as the counter read returns it (jsonb). */
export interface CounterClubEvent {
  clubId: string;
  /** club_events.seq, as text (bigint) */
  seq: string;
  kind: ClubEventRow['kind'];
  at: string;
  consent: string | null;
  paymentId: string | null;
  amount: number | null;
  code: string | null;
}

/** The member's club events, for the purchase evaluation (CounterClubEvent rows), in the order they happened. */
const CLUB_EVENTS_SQL = (business: string, member: string) =>
  `(SELECT jsonb_agg(jsonb_build_object('clubId', e.club_id, 'seq', e.seq::text, 'kind', e.kind, 'at', e.at,
          'consent', e.consent, 'paymentId', e.payment_id, 'amount', e.amount, 'code', e.code) ORDER BY e.at, e.seq)
      FROM club_events e WHERE e.business_id = ${business} AND e.member_id = ${member})`;

export interface PurchaseListRow {
  id: string;
  receipt_code: string;
  occurred_at: Date;
  total: string;
  member_id: string;
  member_number: string;
  first_name: string;
  last_name: string | null;
  earned: { kind: string; amount: number; reason: string }[] | null;
  lines: {
    lineId: string;
    sku: string | null;
    category: string | null;
    quantity: number;
    unitPrice: number;
    returnedQuantity: number;
  }[];
  any_return: boolean;
}

const COUNTER_COLUMNS = `m.id, m.member_number, m.first_name, m.last_name, m.created_at,
      ledger_holder_snapshot(m.business_id, 'member', m.id::text, $3, $4, $5) AS snapshot,
      s.tier_id, s.view AS tier_view, s.view_key AS tier_view_key, s.view_from AS tier_view_from,
      s.view_until AS tier_view_until,
      coalesce(s.view_from <= $4 AND s.view_until > $4 AND s.view_key = $6, false) AS tier_view_now,
      CASE WHEN s.view_from <= $4 AND s.view_until > $4 AND s.view_key = $6 THEN NULL ELSE s.state END AS tier_state,
      ${CLUB_EVENTS_SQL('m.business_id', 'm.id')} AS club_events`;

/** The member's stored tier state and view beside the member (COUNTER_COLUMNS). */
const COUNTER_TIER_JOIN = `LEFT JOIN member_tier_states s ON s.business_id = m.business_id AND s.member_id = m.id`;

const PURCHASE_LIST_SQL = `
  SELECT p.id, p.receipt_code, p.occurred_at, p.total, p.member_id, m.member_number, m.first_name, m.last_name,
         p.response -> 'earned' AS earned,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category,
                    'quantity', l.quantity, 'unitPrice', l.unit_price, 'returnedQuantity', l.returned_quantity)
                    ORDER BY l.line_id)
                     FROM purchase_lines l WHERE l.business_id = p.business_id AND l.purchase_id = p.id),
                  '[]'::jsonb) AS lines,
         EXISTS (SELECT 1 FROM purchase_returns r
                  WHERE r.business_id = p.business_id AND r.purchase_id = p.id AND r.response IS NOT NULL) AS any_return
    FROM purchases p JOIN members m ON m.business_id = p.business_id AND m.id = p.member_id`;

type Window = { expiringUnit: string; from: Date; until: Date };

@Injectable()
export class PosRepository {
  readonly pool: Pool;

  constructor(db: Db) {
    this.pool = db.pool;
  }

  /**
   * Runs fn in one transaction on its own connection (BEGIN, fn, COMMIT: see idempotency.ts).
   *
   * @crossTenant opens a connection, touches no row; every statement fn runs through this
   * repository takes the business id
   */
  transaction<T>(fn: (tx: PosTx) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  // ------------------------------------------------------------ counter read

  /** `viewKey`: the business's current tier view key (TierSetup.viewKey); a stored view under another is not used. */
  async counterReadByCard(
    businessId: string,
    cardId: string,
    w: Window,
    viewKey: string | null,
  ): Promise<CounterRow | undefined> {
    // Named: prepared once per connection (the counter's hottest statements skip parse and plan).
    const r = await this.pool.query<CounterRow>({
      name: 'counter_read_card',
      text: `SELECT ${COUNTER_COLUMNS}, c.status AS card_status, c.revoked_at
         FROM member_cards c JOIN members m ON m.business_id = c.business_id AND m.id = c.member_id
              ${COUNTER_TIER_JOIN}
        WHERE c.business_id = $1 AND c.id = $2`,
      values: [businessId, cardId, w.expiringUnit, w.from, w.until, viewKey],
    });
    return r.rows[0];
  }

  async counterReadByNumber(
    businessId: string,
    memberNumber: string,
    w: Window,
    viewKey: string | null,
  ): Promise<CounterRow | undefined> {
    const r = await this.pool.query<CounterRow>({
      name: 'counter_read_number',
      text: `SELECT ${COUNTER_COLUMNS} FROM members m ${COUNTER_TIER_JOIN}
        WHERE m.business_id = $1 AND m.member_number = $2`,
      values: [businessId, memberNumber, w.expiringUnit, w.from, w.until, viewKey],
    });
    return r.rows[0];
  }

  /**
   * Serialises the counter operations of one member (stamp progress shown in reasons stays exact).
   * NO KEY UPDATE: the foreign keys of rows this transaction already inserted hold KEY SHARE on
   * the member row; a plain FOR UPDATE would deadlock two concurrent operations of one member.
   */
  async lockMember(businessId: string, memberId: string, tx: Sql): Promise<void> {
    await tx.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
      businessId,
      memberId,
    ]);
  }

  // --------------------------------------------------------------- purchases

  /**
   * The whole purchase in one statement (pos_record_purchase with its one
   * jsonb argument). Throws the function's RG001-RG004 errors to the caller.
   * The argument's businessId is the one given first (it already is: the
   * argument is built for that business).
   */
  async recordPurchaseCall(businessId: string, arg: PurchaseCallArgument): Promise<PurchaseCallOutcome> {
    const r = await this.pool.query<{ r: PurchaseCallOutcome }>({
      name: 'pos_record_purchase_v4',
      text: `SELECT pos_record_purchase($1::jsonb) AS r`,
      values: [JSON.stringify({ ...arg, businessId })],
    });
    return r.rows[0].r;
  }

  /** Claims the purchase's transaction id (idempotency): its new id, or the earlier answer to replay. */
  claimPurchase(
    businessId: string,
    p: {
      id: string;
      transactionId: string;
      memberId: string;
      locationId: string | null;
      actor: string;
      occurredAt: Date;
      recordedAt: Date;
      total: number;
      requestHash: string;
    },
    tx: Sql,
  ) {
    return this.claimKey(
      tx,
      `INSERT INTO purchases (business_id, id, transaction_id, member_id, location_id, recorded_by, occurred_at, recorded_at, total, request_hash)
       VALUES ($1, $10, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (business_id, transaction_id) DO NOTHING RETURNING id`,
      [
        businessId,
        p.transactionId,
        p.memberId,
        p.locationId,
        p.actor,
        p.occurredAt,
        p.recordedAt,
        p.total,
        p.requestHash,
        p.id,
      ],
      `SELECT request_hash, response FROM purchases WHERE business_id = $1 AND transaction_id = $2`,
      [businessId, p.transactionId],
      p.requestHash,
    );
  }

  async insertPurchaseLines(
    businessId: string,
    purchaseId: string,
    linesJson: unknown[],
    tx: Sql,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO purchase_lines (business_id, purchase_id, line_id, sku, category, quantity, unit_price)
       SELECT $1, $2, l.line_id, l.sku, l.category, l.quantity, l.unit_price
         FROM jsonb_to_recordset($3::jsonb) AS l(line_id text, sku text, category text, quantity int, unit_price bigint)`,
      [businessId, purchaseId, JSON.stringify(linesJson)],
    );
  }

  /** The purchase.recorded event, built by the same SQL function as in the one-call path. */
  async recordPurchaseEvent(
    businessId: string,
    e: {
      purchaseId: string;
      transactionId: string;
      memberId: string;
      locationId: string | null;
      occurredAt: Date;
      now: Date;
      paid: number;
      ruleVersion: number | null;
      evaluation: PurchaseEvaluation;
    },
    tx: Sql,
  ): Promise<void> {
    await tx.query(`SELECT pos_record_purchase_event($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      businessId,
      e.purchaseId,
      e.transactionId,
      e.memberId,
      e.locationId,
      e.occurredAt,
      e.now,
      e.paid,
      e.ruleVersion,
      JSON.stringify(e.evaluation),
    ]);
  }

  /**
   * The member's stored tier state and club events, read under the member lock
   * (the multi-statement purchase takes its multipliers from them). No row
   * lock: every writer of either takes the member lock first.
   */
  /** The member's stored tier state alone (a counter read that left it out needs it after all). */
  async tierStateOf(businessId: string, memberId: string): Promise<TierState | null> {
    const r = await this.pool.query<{ state: TierState }>(
      `SELECT state FROM member_tier_states WHERE business_id = $1 AND member_id = $2`,
      [businessId, memberId],
    );
    return r.rows[0]?.state ?? null;
  }

  async benefitStateOf(
    businessId: string,
    memberId: string,
    tx: Sql,
  ): Promise<{ tierState: TierState | null; clubEvents: CounterClubEvent[] }> {
    const r = await tx.query<{ state: TierState | null; club_events: CounterClubEvent[] | null }>(
      `SELECT (SELECT state FROM member_tier_states WHERE business_id = $1 AND member_id = $2) AS state,
              ${CLUB_EVENTS_SQL('$1', '$2')} AS club_events`,
      [businessId, memberId],
    );
    return { tierState: r.rows[0]?.state ?? null, clubEvents: r.rows[0]?.club_events ?? [] };
  }

  async finishPurchase(
    businessId: string,
    purchaseId: string,
    evaluation: PurchaseEvaluation,
    ruleVersion: number | null,
    response: unknown,
    tx: Sql,
  ): Promise<void> {
    await tx.query(
      `UPDATE purchases SET evaluation = $3, rule_version = $4, response = $5 WHERE business_id = $1 AND id = $2`,
      [businessId, purchaseId, JSON.stringify(evaluation), ruleVersion, JSON.stringify(response)],
    );
  }

  /** The member's most recent purchases, newest first. */
  async recentPurchases(businessId: string, memberId: string, limit: number): Promise<PurchaseListRow[]> {
    const r = await this.pool.query<PurchaseListRow>(
      `${PURCHASE_LIST_SQL} WHERE p.business_id = $1 AND p.member_id = $2
        ORDER BY p.occurred_at DESC, p.id DESC LIMIT $3`,
      [businessId, memberId, limit],
    );
    return r.rows;
  }

  async purchaseByReceipt(businessId: string, code: string): Promise<PurchaseListRow | undefined> {
    const r = await this.pool.query<PurchaseListRow>(
      `${PURCHASE_LIST_SQL} WHERE p.business_id = $1 AND p.receipt_code = $2`,
      [businessId, code],
    );
    return r.rows[0];
  }

  /** The stored answer of a purchase; undefined when there is no such purchase. */
  async purchaseResponse(businessId: string, id: string): Promise<{ response: unknown } | undefined> {
    const r = await this.pool.query<{ response: unknown }>(
      `SELECT response FROM purchases WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    );
    return r.rows[0];
  }

  // ------------------------------------------------------------- redemptions

  async purchaseOfMemberExists(
    businessId: string,
    purchaseId: string,
    memberId: string,
    tx: Sql,
  ): Promise<boolean> {
    const p = await tx.query(
      `SELECT 1 FROM purchases WHERE business_id = $1 AND id = $2 AND member_id = $3`,
      [businessId, purchaseId, memberId],
    );
    return p.rows.length > 0;
  }

  claimRedemption(
    businessId: string,
    r: {
      idempotencyKey: string;
      memberId: string;
      rewardId: string;
      purchaseId: string | null;
      cost: number;
      unit: string;
      createdAt: Date;
      requestHash: string;
    },
    tx: Sql,
  ) {
    return this.claimKey(
      tx,
      `INSERT INTO redemptions (business_id, id, idempotency_key, member_id, reward_id, purchase_id, cost, unit, discount, status, created_at, request_hash)
       VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6, $7, 0, 'redeemed', $8, $9)
       ON CONFLICT (business_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        businessId,
        r.idempotencyKey,
        r.memberId,
        r.rewardId,
        r.purchaseId,
        r.cost,
        r.unit,
        r.createdAt,
        r.requestHash,
      ],
      `SELECT request_hash, response FROM redemptions WHERE business_id = $1 AND idempotency_key = $2`,
      [businessId, r.idempotencyKey],
      r.requestHash,
    );
  }

  async setRedemptionSpent(
    businessId: string,
    id: string,
    ledgerTransactionId: string,
    discount: number,
    tx: Sql,
  ): Promise<void> {
    await tx.query(
      `UPDATE redemptions SET ledger_transaction_id = $3, discount = $4 WHERE business_id = $1 AND id = $2`,
      [businessId, id, ledgerTransactionId, discount],
    );
  }

  async setRedemptionResponse(businessId: string, id: string, response: unknown, tx: Sql): Promise<void> {
    await tx.query(`UPDATE redemptions SET response = $3 WHERE business_id = $1 AND id = $2`, [
      businessId,
      id,
      JSON.stringify(response),
    ]);
  }

  // ----------------------------------------------------------------- returns

  async purchaseMember(businessId: string, purchaseId: string): Promise<string | undefined> {
    const r = await this.pool.query<{ member_id: string }>(
      `SELECT member_id FROM purchases WHERE business_id = $1 AND id = $2`,
      [businessId, purchaseId],
    );
    return r.rows[0]?.member_id;
  }

  async lockPurchase(businessId: string, purchaseId: string, tx: Sql) {
    const r = await tx.query<{
      id: string;
      member_id: string;
      transaction_id: string;
      evaluation: PurchaseEvaluation | null;
    }>(
      `SELECT id, member_id, transaction_id, evaluation FROM purchases WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`,
      [businessId, purchaseId],
    );
    return r.rows[0];
  }

  claimReturn(
    businessId: string,
    r: { idempotencyKey: string; purchaseId: string; lines: unknown; createdAt: Date; requestHash: string },
    tx: Sql,
  ) {
    return this.claimKey(
      tx,
      `INSERT INTO purchase_returns (business_id, id, idempotency_key, purchase_id, lines, created_at, request_hash)
       VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6)
       ON CONFLICT (business_id, idempotency_key) DO NOTHING RETURNING id`,
      [businessId, r.idempotencyKey, r.purchaseId, JSON.stringify(r.lines), r.createdAt, r.requestHash],
      `SELECT request_hash, response FROM purchase_returns WHERE business_id = $1 AND idempotency_key = $2`,
      [businessId, r.idempotencyKey],
      r.requestHash,
    );
  }

  async purchaseLineState(businessId: string, purchaseId: string, tx: Sql) {
    const r = await tx.query<{ line_id: string; quantity: number; returned_quantity: number }>(
      `SELECT line_id, quantity, returned_quantity FROM purchase_lines WHERE business_id = $1 AND purchase_id = $2`,
      [businessId, purchaseId],
    );
    return r.rows;
  }

  /** A return of this purchase was completed (a purchase without lines: its only return is a full one). */
  async anyReturnRecorded(businessId: string, purchaseId: string, tx: Sql): Promise<boolean> {
    const r = await tx.query(
      `SELECT 1 FROM purchase_returns WHERE business_id = $1 AND purchase_id = $2 AND response IS NOT NULL LIMIT 1`,
      [businessId, purchaseId],
    );
    return r.rows.length > 0;
  }

  async addReturnedQuantities(
    businessId: string,
    purchaseId: string,
    lines: { lineId: string; quantity: number }[],
    tx: Sql,
  ): Promise<void> {
    await tx.query(
      `UPDATE purchase_lines pl SET returned_quantity = pl.returned_quantity + r.quantity
         FROM jsonb_to_recordset($3::jsonb) AS r(line_id text, quantity int)
        WHERE pl.business_id = $1 AND pl.purchase_id = $2 AND pl.line_id = r.line_id`,
      [
        businessId,
        purchaseId,
        JSON.stringify(lines.map((r) => ({ line_id: r.lineId, quantity: r.quantity }))),
      ],
    );
  }

  async redemptionsToRestore(businessId: string, purchaseId: string, tx: Sql) {
    const r = await tx.query<{ id: string; reward_id: string; ledger_transaction_id: string }>(
      `SELECT id, reward_id, ledger_transaction_id FROM redemptions
        WHERE business_id = $1 AND purchase_id = $2 AND status = 'redeemed' AND ledger_transaction_id IS NOT NULL FOR UPDATE`,
      [businessId, purchaseId],
    );
    return r.rows;
  }

  async markRedemptionRestored(businessId: string, id: string, tx: Sql): Promise<void> {
    await tx.query(`UPDATE redemptions SET status = 'restored' WHERE business_id = $1 AND id = $2`, [
      businessId,
      id,
    ]);
  }

  async finishReturn(
    businessId: string,
    id: string,
    response: unknown,
    lines: unknown,
    tx: Sql,
  ): Promise<void> {
    await tx.query(
      `UPDATE purchase_returns SET response = $3, lines = $4 WHERE business_id = $1 AND id = $2`,
      [businessId, id, JSON.stringify(response), JSON.stringify(lines)],
    );
  }

  /**
   * Claims an idempotency key by inserting the operation's row. Returns the new
   * row's id, or the stored response of an earlier identical request. A
   * concurrent duplicate blocks on the unique index until the first transaction
   * ends, then replays its response (or, if the first rolled back, claims the key
   * itself): a rejected request does not consume its key.
   */
  private async claimKey(
    client: Sql,
    insertSql: string,
    params: unknown[],
    lookupSql: string,
    lookupParams: unknown[],
    requestHash: string,
  ): Promise<{ id: string } | { replay: unknown }> {
    const inserted = await client.query<{ id: string }>(insertSql, params);
    if (inserted.rows.length) return { id: inserted.rows[0].id };
    const existing = await client.query<{ request_hash: string; response: unknown }>(lookupSql, lookupParams);
    const row = existing.rows[0];
    if (!row) throw new DomainError(ErrorCode.CONFLICT, 'Concurrent request with the same key; retry');
    if (row.request_hash !== requestHash) throw idempotencyConflict();
    return { replay: row.response };
  }
}
