import { Injectable } from '@nestjs/common';
import { Db, type Tx } from '../database/db';

interface WeekRow {
  week: string;
  new_members: string;
  active_members: string;
  purchases: string;
  revenue: string;
  points_issued: string;
  points_redeemed: string;
  stamp_cards_completed: string;
}

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
 * The console's SQL: dashboard aggregates over members, purchases, redemptions and the
 * ledger (read models, one business at a time), a member's purchases, and the manual points
 * adjustments (point_adjustments, owned here).
 */
@Injectable()
export class ConsoleRepository {
  constructor(private readonly db: Db) {}

  /** The dashboard's weeks, top rewards and totals (stamp card sizes as {unit, size}). */
  async dashboard(
    businessId: string,
    now: Date,
    timeZone: string,
    weeks: number,
    sizes: { unit: string; size: number }[],
  ) {
    const params = [businessId, now, timeZone, weeks, JSON.stringify(sizes)];
    const rows = (await this.db.pool.query<WeekRow>(WEEKS_SQL, params)).rows;
    const top = (
      await this.db.pool.query<{ reward_id: string; name: string; n: string }>(
        TOP_REWARDS_SQL,
        params.slice(0, 4),
      )
    ).rows;
    const totals = (
      await this.db.pool.query<{ members: string; active: string }>(TOTALS_SQL, [businessId, now])
    ).rows;
    return { rows, top, totals };
  }

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

// $1 business, $2 now, $3 time zone, $4 weeks. The window: local Monday (weeks - 1) weeks
// before this week's, to the end of this week; as instants [lo, hi).
const WINDOW = `
  bounds AS (
    SELECT s AS start_local, s + make_interval(weeks => $4::int) AS end_local,
           s AT TIME ZONE $3 AS lo, (s + make_interval(weeks => $4::int)) AT TIME ZONE $3 AS hi
    FROM (SELECT date_trunc('week', $2::timestamptz AT TIME ZONE $3) - make_interval(weeks => $4::int - 1) AS s) x
  )`;

const WEEKS_SQL = `
WITH ${WINDOW},
weeks AS (
  SELECT generate_series(b.start_local, b.end_local - interval '1 week', interval '1 week')::date AS week FROM bounds b
),
m AS (
  SELECT date_trunc('week', created_at AT TIME ZONE $3)::date AS week, count(*) AS n
  FROM members, bounds b WHERE business_id = $1 AND created_at >= b.lo AND created_at < b.hi GROUP BY 1
),
p AS (
  SELECT date_trunc('week', occurred_at AT TIME ZONE $3)::date AS week,
         count(*) AS n, sum(total) AS revenue, count(DISTINCT member_id) AS active
  FROM purchases, bounds b WHERE business_id = $1 AND occurred_at >= b.lo AND occurred_at < b.hi GROUP BY 1
),
pts AS (
  SELECT date_trunc('week', effective_at AT TIME ZONE $3)::date AS week,
         sum(amount) FILTER (WHERE kind = 'earn') AS issued,
         sum(amount) FILTER (WHERE kind IN ('spend', 'capture')
                              AND (idempotency_key IS NULL OR idempotency_key NOT LIKE 'adjustment:%')) AS redeemed
  FROM ledger_transactions, bounds b
  WHERE business_id = $1 AND unit = 'points' AND kind IN ('earn', 'spend', 'capture')
    AND effective_at >= b.lo AND effective_at < b.hi
  GROUP BY 1
),
sizes AS (SELECT * FROM jsonb_to_recordset($5::jsonb) AS s(unit text, size int)),
st AS (
  SELECT date_trunc('week', e.effective_at AT TIME ZONE $3)::date AS week,
         sum(floor(e.available_after::numeric / s.size) - floor((e.available_after - e.amount)::numeric / s.size)) AS n
  FROM ledger_entries e
  JOIN ledger_accounts a ON a.business_id = e.business_id AND a.id = e.account_id
  JOIN sizes s ON s.unit = a.unit
  JOIN ledger_transactions t ON t.business_id = e.business_id AND t.id = e.transaction_id
  CROSS JOIN bounds b
  WHERE e.business_id = $1 AND a.owner_type = 'member' AND t.kind = 'earn' AND e.bucket = 'available'
    AND e.amount > 0 AND e.effective_at >= b.lo AND e.effective_at < b.hi
  GROUP BY 1
)
SELECT to_char(w.week, 'YYYY-MM-DD') AS week,
       coalesce(m.n, 0) AS new_members, coalesce(p.active, 0) AS active_members,
       coalesce(p.n, 0) AS purchases, coalesce(p.revenue, 0) AS revenue,
       coalesce(pts.issued, 0) AS points_issued, coalesce(pts.redeemed, 0) AS points_redeemed,
       coalesce(st.n, 0) AS stamp_cards_completed
FROM weeks w
LEFT JOIN m USING (week) LEFT JOIN p USING (week) LEFT JOIN pts USING (week) LEFT JOIN st USING (week)
ORDER BY w.week`;

const TOP_REWARDS_SQL = `
WITH ${WINDOW}
SELECT r.reward_id, w.name, count(*) AS n
FROM redemptions r
JOIN rewards w ON w.business_id = r.business_id AND w.id = r.reward_id
CROSS JOIN bounds b
WHERE r.business_id = $1 AND r.status = 'redeemed' AND r.created_at >= b.lo AND r.created_at < b.hi
GROUP BY r.reward_id, w.name
ORDER BY n DESC, w.name
LIMIT 5`;

const TOTALS_SQL = `
SELECT (SELECT count(*) FROM members WHERE business_id = $1 AND created_at <= $2) AS members,
       (SELECT count(DISTINCT member_id) FROM purchases
         WHERE business_id = $1 AND occurred_at > $2::timestamptz - interval '30 days' AND occurred_at <= $2) AS active`;
