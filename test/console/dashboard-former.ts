import type { ClientBase, Pool } from 'pg';

/**
 * The dashboard's former computation (ConsoleRepository.dashboard until migration
 * 1768960000000), verbatim: 12 weeks from members, purchases, redemptions and the ledger per
 * request. Kept as the brute force of test/console/dashboard-stored.e2e-spec.ts and as the
 * "before" of bench/reports.bench.ts.
 */
export async function formerDashboard(
  pg: ClientBase | Pool,
  businessId: string,
  now: string | Date,
  timeZone: string,
  weeks: number,
  sizes: { unit: string; size: number }[],
) {
  const params = [businessId, now, timeZone, weeks, JSON.stringify(sizes)];
  const rows = (await pg.query<Record<string, string>>(WEEKS_SQL, params)).rows;
  const top = (await pg.query<Record<string, string>>(TOP_REWARDS_SQL, params.slice(0, 4))).rows;
  const totals = (await pg.query<Record<string, string>>(TOTALS_SQL, [businessId, now])).rows[0];
  return { rows, top, totals };
}

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
