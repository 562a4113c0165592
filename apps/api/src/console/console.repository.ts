import { Injectable } from '@nestjs/common';
import { Db, type Tx } from '../database/db';

export interface AdjustmentRow {
  id: string;
  member_id: string;
  staff_id: string;
  staff_name: string;
  amount: string;
  reason: string;
  ledger_transaction_id: string | null;
  created_at: Date;
}

/** A purchase with its lines, as the member page of the console lists it. */
export type MemberPurchaseRow = {
  id: string;
  transaction_id: string;
  occurred_at: Date;
  total: string;
  location_id: string | null;
  lines: {
    lineId: string;
    sku: string | null;
    category: string | null;
    quantity: number;
    unitPrice: string;
    returnedQuantity: number;
  }[];
};

/**
 * The console's SQL (the dashboard's is in dashboard.repository.ts): a member's purchases, and the manual points
 * adjustments (point_adjustments, owned here).
 */
@Injectable()
export class ConsoleRepository {
  constructor(private readonly db: Db) {}

  /** The member's purchases, newest first, after the keyset cursor [occurredAt, id] when given. */
  async memberPurchases(
    businessId: string,
    memberId: string,
    after: [Date, string] | null,
    limit: number,
  ): Promise<MemberPurchaseRow[]> {
    const r = await this.db.pool.query<MemberPurchaseRow>(
      `SELECT p.id, p.transaction_id, p.occurred_at, p.total, p.location_id,
              coalesce((SELECT jsonb_agg(jsonb_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category,
                        'quantity', l.quantity, 'unitPrice', l.unit_price::text, 'returnedQuantity', l.returned_quantity)
                        ORDER BY l.line_id)
                 FROM purchase_lines l WHERE l.business_id = p.business_id AND l.purchase_id = p.id), '[]') AS lines
         FROM purchases p
        WHERE p.business_id = $1 AND p.member_id = $2
          AND ($3::timestamptz IS NULL OR (p.occurred_at, p.id) < ($3::timestamptz, $4::uuid))
        ORDER BY p.occurred_at DESC, p.id DESC
        LIMIT $5`,
      [businessId, memberId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return r.rows;
  }

  /** The member's adjustments, newest first (200 at most), with the balance after each. */
  async adjustments(
    businessId: string,
    memberId: string,
  ): Promise<(AdjustmentRow & { balance_after: string | null })[]> {
    const r = await this.db.pool.query<AdjustmentRow & { balance_after: string | null }>(
      `${ADJUSTMENT_SELECT} WHERE a.business_id = $1 AND a.member_id = $2 ORDER BY a.created_at DESC, a.id DESC LIMIT 200`,
      [businessId, memberId],
    );
    return r.rows;
  }

  /** Claims the idempotency key: the new row's id, or null when the key was used before. */
  async insertAdjustment(
    businessId: string,
    a: {
      idempotencyKey: string;
      memberId: string;
      staffId: string;
      amount: number;
      reason: string;
      createdAt: Date;
    },
    tx: Tx,
  ): Promise<string | null> {
    const r = await tx.client.query<{ id: string }>(
      `INSERT INTO point_adjustments
         (business_id, idempotency_key, member_id, staff_id, amount, reason, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (business_id, idempotency_key) DO NOTHING RETURNING id`,
      [businessId, a.idempotencyKey, a.memberId, a.staffId, a.amount, a.reason, a.createdAt],
    );
    return r.rows[0]?.id ?? null;
  }

  async adjustmentById(businessId: string, id: string, tx: Tx): Promise<AdjustmentRow> {
    const r = await tx.client.query<AdjustmentRow>(
      `${ADJUSTMENT_SELECT} WHERE a.business_id = $1 AND a.id = $2`,
      [businessId, id],
    );
    return r.rows[0];
  }

  async adjustmentByKey(businessId: string, idempotencyKey: string, tx: Tx): Promise<AdjustmentRow> {
    const r = await tx.client.query<AdjustmentRow>(
      `${ADJUSTMENT_SELECT} WHERE a.business_id = $1 AND a.idempotency_key = $2`,
      [businessId, idempotencyKey],
    );
    return r.rows[0];
  }

  async setAdjustmentLedgerTransaction(
    businessId: string,
    id: string,
    ledgerTransactionId: string,
    tx: Tx,
  ): Promise<void> {
    await tx.client.query(
      `UPDATE point_adjustments SET ledger_transaction_id = $3 WHERE business_id = $1 AND id = $2`,
      [businessId, id, ledgerTransactionId],
    );
  }
}

const ADJUSTMENT_SELECT = `
  SELECT a.id, a.member_id, a.staff_id, s.name AS staff_name, a.amount, a.reason, a.ledger_transaction_id,
         a.created_at,
         (SELECT (t.result -> 'balance' ->> 'available') FROM ledger_transactions t
           WHERE t.business_id = a.business_id AND t.idempotency_key = 'adjustment:' || a.idempotency_key) AS balance_after
    FROM point_adjustments a
    JOIN staff_users s ON s.business_id = a.business_id AND s.id = a.staff_id`;
