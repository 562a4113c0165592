import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@regulars/core';
import { BusinessesService } from '../businesses/businesses.service';
import { RulesService } from '../rules/rules.service';
import type { DashboardView, DashboardWeekView, TopRewardView } from './console.views';

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

/**
 * The owner's dashboard, computed from the tables (members, purchases,
 * redemptions, ledger transactions and entries). Weeks run Monday to Sunday in
 * the business's time zone. `dashboard()` is the one entry point: when the
 * precomputed daily summaries land, it reads those instead and nothing else changes.
 *
 * Definitions: revenue is the sum of purchase totals as recorded (returns not
 * deducted); points issued are every points earn (purchases, promotions, manual
 * credits); points redeemed are points spends and captured holds, manual debits
 * (ledger keys `adjustment:…`) excluded; a stamp card is completed when an earn
 * takes the member's stamp balance of that card across a multiple of the card's
 * size (sizes of the rules in force now).
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly businesses: BusinessesService,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {}

  async dashboard(businessId: string, weeks: number): Promise<DashboardView> {
    const now = this.clock.now();
    const business = await this.businesses.get(businessId);
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const sizes = ruleSet.stampCards.map((c) => ({ unit: `stamps:${c.id}`, size: c.cardSize }));
    const params = [businessId, now, business.timeZone, weeks, JSON.stringify(sizes)];
    const rows = (await this.dataSource.query(WEEKS_SQL, params)) as WeekRow[];
    const top = (await this.dataSource.query(TOP_REWARDS_SQL, params.slice(0, 4))) as {
      reward_id: string;
      name: string;
      n: string;
    }[];
    const totals = (await this.dataSource.query(TOTALS_SQL, [businessId, now])) as {
      members: string;
      active: string;
    }[];
    return {
      currency: business.currency,
      timeZone: business.timeZone,
      asOf: now.toISOString(),
      totals: { members: Number(totals[0].members), activeMembers30d: Number(totals[0].active) },
      weeks: rows.map((r): DashboardWeekView => ({
        weekStart: r.week,
        newMembers: Number(r.new_members),
        activeMembers: Number(r.active_members),
        purchases: Number(r.purchases),
        revenue: Number(r.revenue),
        pointsIssued: Number(r.points_issued),
        pointsRedeemed: Number(r.points_redeemed),
        stampCardsCompleted: Number(r.stamp_cards_completed),
      })),
      topRewards: top.map((t): TopRewardView => ({
        rewardId: t.reward_id,
        name: t.name,
        redemptions: Number(t.n),
      })),
    };
  }
}

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
