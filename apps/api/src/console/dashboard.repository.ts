import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Db } from '../database/db';

/** One stored week as the dashboard reads it (numbers as pg returns bigints: strings). */
export interface DashboardWeekRow {
  week: string;
  new_members: string;
  active_members: string;
  purchases: string;
  revenue: string;
  points_issued: string;
  points_redeemed: string;
  stamp_cards_completed: string;
}

const PURCHASE_POSTINGS = `
  SELECT l.* FROM purchases p
   CROSS JOIN jsonb_array_elements(p.evaluation -> 'postings') x
   JOIN ledger_transactions l ON l.business_id = p.business_id
    AND l.idempotency_key = 'purchase:' || p.id || ':' || (x ->> 'key')
  WHERE p.business_id = $1 AND p.id = $2::uuid`;
const ONE_POSTING = `SELECT * FROM ledger_transactions WHERE business_id = $1 AND id = $2::bigint`;

/**
 * Keeps the dashboard's postings and marks its weeks for recomputation, in the consumer's
 * transaction: the ledger transactions of a purchase (its evaluation's postings, keys
 * `purchase:<id>:<posting key>`, found through the unique key index) or the one of a
 * ledger.posted event are copied into dashboard_postings (once: ON CONFLICT DO NOTHING), and
 * `seq` is raised on every local week they, and `extraInstants`, fall in. A redelivery copies
 * nothing new and only raises `seq` again (one more recompute, same figures).
 */
export async function recordDashboardPostings(
  businessId: string,
  source: { purchaseId: string } | { transactionId: string },
  extraInstants: string[],
  tx: PoolClient,
): Promise<void> {
  const byPurchase = 'purchaseId' in source;
  const r = await tx.query<{ week: string }>(
    `WITH t AS (${byPurchase ? PURCHASE_POSTINGS : ONE_POSTING}),
     points AS (
       INSERT INTO dashboard_postings (business_id, ledger_transaction_id, entry_id, effective_at, metric, unit, amount)
       SELECT t.business_id, t.id, 0, t.effective_at,
              CASE WHEN t.kind = 'earn' THEN 'issued' ELSE 'redeemed' END, t.unit, t.amount
         FROM t
        WHERE t.unit = 'points'
          AND (t.kind = 'earn' OR (t.kind IN ('spend', 'capture')
               AND (t.idempotency_key IS NULL OR t.idempotency_key NOT LIKE 'adjustment:%')))
       ON CONFLICT DO NOTHING
     ),
     stamps AS (
       INSERT INTO dashboard_postings (business_id, ledger_transaction_id, entry_id, effective_at, metric, unit, amount, balance_after)
       SELECT e.business_id, e.transaction_id, e.id, e.effective_at, 'stamps', a.unit, e.amount, e.available_after
         FROM t
         JOIN ledger_entries e ON e.business_id = t.business_id AND e.transaction_id = t.id
         JOIN ledger_accounts a ON a.business_id = e.business_id AND a.id = e.account_id
        WHERE t.kind = 'earn' AND a.owner_type = 'member' AND a.unit LIKE 'stamps:%'
          AND e.bucket = 'available' AND e.amount > 0
       ON CONFLICT DO NOTHING
     )
     SELECT DISTINCT to_char(date_trunc('week', x.at AT TIME ZONE b.time_zone), 'YYYY-MM-DD') AS week
       FROM (SELECT effective_at AS at FROM t UNION ALL SELECT unnest($3::timestamptz[])) x
       JOIN businesses b ON b.id = $1
      ORDER BY 1`,
    [businessId, byPurchase ? source.purchaseId : source.transactionId, extraInstants],
  );
  if (!r.rows.length) return;
  await tx.query(
    `INSERT INTO dashboard_weeks (business_id, week, seq)
     SELECT $1, w, 1 FROM unnest($2::date[]) w ORDER BY w
     ON CONFLICT (business_id, week) DO UPDATE SET seq = dashboard_weeks.seq + 1`,
    [businessId, r.rows.map((x) => x.week)],
  );
}

/**
 * The dashboard's SQL over its own tables (dashboard_weeks, dashboard_postings) and the cheap
 * indexed reads (purchases by time, members, redemptions by time).
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly db: Db) {}

  /**
   * The window's weeks (local Mondays, ascending) with whether the stored row can be used: computed
   * since its last mark, under these card sizes, in this time zone.
   */
  async storedWeeks(
    businessId: string,
    weeks: string[],
    sizes: string,
    timeZone: string,
  ): Promise<(DashboardWeekRow & { fresh: boolean })[]> {
    const r = await this.db.pool.query<DashboardWeekRow & { fresh: boolean }>(
      `SELECT to_char(w.week, 'YYYY-MM-DD') AS week, '0' AS new_members,
              d.active_members, d.purchases, d.revenue, d.points_issued, d.points_redeemed, d.stamp_cards_completed,
              coalesce(d.clean_seq >= d.seq AND d.card_sizes = $3::jsonb AND d.time_zone = $4, false) AS fresh
         FROM unnest($2::date[]) AS w(week)
         LEFT JOIN dashboard_weeks d ON d.business_id = $1 AND d.week = w.week
        ORDER BY w.week`,
      [businessId, weeks, sizes, timeZone],
    );
    return r.rows;
  }

  /**
   * Recomputes one week (local Monday `week` in `timeZone`) from purchases (by time) and
   * dashboard_postings (by time) with the given card sizes, and stores it with the `seq` its
   * snapshot saw: a posting committed after that snapshot leaves the week stale.
   */
  async recomputeWeek(
    businessId: string,
    week: string,
    timeZone: string,
    sizes: string,
    now: Date,
  ): Promise<DashboardWeekRow> {
    const r = await this.db.pool.query<DashboardWeekRow>(
      `WITH b AS (
         SELECT $2::date::timestamp AT TIME ZONE $3 AS lo, ($2::date + 7)::timestamp AT TIME ZONE $3 AS hi
       ),
       p AS (
         SELECT count(*) AS n, coalesce(sum(total), 0) AS revenue, count(DISTINCT member_id) AS active
           FROM purchases, b WHERE business_id = $1 AND occurred_at >= b.lo AND occurred_at < b.hi
       ),
       sizes AS (SELECT * FROM jsonb_to_recordset($4::jsonb) AS s(unit text, size int)),
       d AS (
         SELECT coalesce(sum(amount) FILTER (WHERE metric = 'issued'), 0) AS issued,
                coalesce(sum(amount) FILTER (WHERE metric = 'redeemed'), 0) AS redeemed
           FROM dashboard_postings, b
          WHERE business_id = $1 AND effective_at >= b.lo AND effective_at < b.hi AND metric <> 'stamps'
       ),
       st AS (
         SELECT coalesce(sum(floor(x.balance_after::numeric / s.size) - floor((x.balance_after - x.amount)::numeric / s.size)), 0) AS n
           FROM dashboard_postings x JOIN sizes s ON s.unit = x.unit, b
          WHERE x.business_id = $1 AND x.effective_at >= b.lo AND x.effective_at < b.hi AND x.metric = 'stamps'
       ),
       seen AS (SELECT coalesce((SELECT seq FROM dashboard_weeks WHERE business_id = $1 AND week = $2::date), 0) AS seq)
       INSERT INTO dashboard_weeks AS w (business_id, week, active_members, purchases, revenue, points_issued,
                                         points_redeemed, stamp_cards_completed, card_sizes, time_zone, computed_at, seq, clean_seq)
       SELECT $1, $2::date, p.active, p.n, p.revenue, d.issued, d.redeemed, st.n, $4::jsonb, $3, $5, seen.seq, seen.seq
         FROM p, d, st, seen
       ON CONFLICT (business_id, week) DO UPDATE
          SET active_members = EXCLUDED.active_members, purchases = EXCLUDED.purchases, revenue = EXCLUDED.revenue,
              points_issued = EXCLUDED.points_issued, points_redeemed = EXCLUDED.points_redeemed,
              stamp_cards_completed = EXCLUDED.stamp_cards_completed, card_sizes = EXCLUDED.card_sizes,
              time_zone = EXCLUDED.time_zone, computed_at = EXCLUDED.computed_at, clean_seq = EXCLUDED.clean_seq
       RETURNING to_char(w.week, 'YYYY-MM-DD') AS week, '0' AS new_members, w.active_members, w.purchases, w.revenue,
                 w.points_issued, w.points_redeemed, w.stamp_cards_completed`,
      [businessId, week, timeZone, sizes, now],
    );
    return r.rows[0];
  }

  /** New members per local week of the window, and the totals (members; distinct purchasers in 30 days). */
  async members(
    businessId: string,
    now: Date,
    timeZone: string,
    lo: string,
  ): Promise<{ perWeek: Map<string, number>; members: number; active: number }> {
    const m = await this.db.pool.query<{ week: string | null; n: string }>(
      `SELECT CASE WHEN created_at >= $3::date::timestamp AT TIME ZONE $2
                   THEN to_char(date_trunc('week', created_at AT TIME ZONE $2), 'YYYY-MM-DD') END AS week,
              count(*) AS n
         FROM members WHERE business_id = $1 AND created_at <= $4 GROUP BY 1`,
      [businessId, timeZone, lo, now],
    );
    const a = await this.db.pool.query<{ active: string }>(
      `SELECT count(DISTINCT member_id) AS active FROM purchases
        WHERE business_id = $1 AND occurred_at > $2::timestamptz - interval '30 days' AND occurred_at <= $2`,
      [businessId, now],
    );
    const perWeek = new Map<string, number>();
    let members = 0;
    for (const r of m.rows) {
      members += Number(r.n);
      if (r.week) perWeek.set(r.week, Number(r.n));
    }
    return { perWeek, members, active: Number(a.rows[0].active) };
  }

  /** The window's most redeemed rewards [lo, hi) (index on redemptions by time). */
  async topRewards(businessId: string, lo: Date, hi: Date) {
    const r = await this.db.pool.query<{ reward_id: string; name: string; n: string }>(
      `SELECT r.reward_id, w.name, count(*) AS n
         FROM redemptions r
         JOIN rewards w ON w.business_id = r.business_id AND w.id = r.reward_id
        WHERE r.business_id = $1 AND r.status = 'redeemed' AND r.created_at >= $2 AND r.created_at < $3
        GROUP BY r.reward_id, w.name
        ORDER BY n DESC, w.name
        LIMIT 5`,
      [businessId, lo, hi],
    );
    return r.rows;
  }

  /** The window: its local Mondays and its bounds as instants. @crossTenant date arithmetic only, no tenant data */
  async window(now: Date, timeZone: string, weeks: number) {
    const r = await this.db.pool.query<{ weeks: string[]; lo: Date; hi: Date; first: string }>(
      `SELECT array(SELECT to_char(g, 'YYYY-MM-DD') FROM generate_series(s, s + make_interval(weeks => $3::int - 1), interval '1 week') g) AS weeks,
              to_char(s, 'YYYY-MM-DD') AS first,
              s AT TIME ZONE $2 AS lo, (s + make_interval(weeks => $3::int)) AT TIME ZONE $2 AS hi
         FROM (SELECT date_trunc('week', $1::timestamptz AT TIME ZONE $2) - make_interval(weeks => $3::int - 1) AS s) x`,
      [now, timeZone, weeks],
    );
    return r.rows[0];
  }
}
