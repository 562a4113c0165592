/**
 * SQL of the retention summaries (retention_customer_days,
 * retention_category_days, see summary.entities.ts; and
 * retention_customer_histories, one row per customer, see its migration). Every write recomputes
 * whole customers from the sources (live purchases less returned lines,
 * imported history), so applying it again, late, out of order or twice gives
 * the same rows: the event consumer, the importer and the rebuild share it.
 */
import type { Queryable } from '../events/events';

interface Runner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The live and imported purchases of the selected customers, one row each: (k, d, a). */
const ORDERS = (filterLive: string, filterHistory: string) => `
  SELECT p.member_id::text AS k, (p.occurred_at AT TIME ZONE b.time_zone)::date AS d,
         greatest(p.total - coalesce((SELECT sum(l.returned_quantity::bigint * l.unit_price) FROM purchase_lines l
                                       WHERE l.business_id = p.business_id AND l.purchase_id = p.id), 0), 0) AS a
    FROM purchases p JOIN businesses b ON b.id = p.business_id
   WHERE p.business_id = $1 ${filterLive}
  UNION ALL
  SELECT coalesce(hc.member_id::text, 'h:' || hc.id::text), (h.occurred_at AT TIME ZONE b.time_zone)::date, h.amount
    FROM history_purchases h
    JOIN history_customers hc ON hc.business_id = h.business_id AND hc.id = h.customer_id
    JOIN businesses b ON b.id = h.business_id
   WHERE h.business_id = $1 ${filterHistory}`;

const LINES = (filterLive: string, filterHistory: string) => `
  SELECT p.member_id::text AS k, (p.occurred_at AT TIME ZONE b.time_zone)::date AS d, l.category AS c,
         l.quantity::bigint * l.unit_price AS a
    FROM purchase_lines l
    JOIN purchases p ON p.business_id = l.business_id AND p.id = l.purchase_id
    JOIN businesses b ON b.id = p.business_id
   WHERE l.business_id = $1 AND l.category IS NOT NULL ${filterLive}
  UNION ALL
  SELECT coalesce(hc.member_id::text, 'h:' || hc.id::text), (h.occurred_at AT TIME ZONE b.time_zone)::date, h.category,
         h.amount
    FROM history_purchases h
    JOIN history_customers hc ON hc.business_id = h.business_id AND hc.id = h.customer_id
    JOIN businesses b ON b.id = h.business_id
   WHERE h.business_id = $1 AND h.category IS NOT NULL ${filterHistory}`;

/**
 * retention_customer_histories rows of the selected customers, from the day summaries just
 * written: {"d": [day numbers], "a": [amounts], "c": {"<category>": [day numbers]}}, days ascending.
 */
const HISTORIES = (filter: string) => `
  INSERT INTO retention_customer_histories (business_id, customer_key, history)
  SELECT $1, d.customer_key, jsonb_build_object('d', d.days, 'a', d.amounts, 'c', coalesce(c.cats, '{}'::jsonb))
    FROM (SELECT customer_key, jsonb_agg(day - DATE '1970-01-01' ORDER BY day) AS days,
                 jsonb_agg(amount ORDER BY day) AS amounts
            FROM retention_customer_days WHERE business_id = $1 ${filter} GROUP BY customer_key) d
    LEFT JOIN (SELECT customer_key, jsonb_object_agg(category, days) AS cats
                 FROM (SELECT customer_key, category, jsonb_agg(day - DATE '1970-01-01' ORDER BY day) AS days
                         FROM retention_category_days WHERE business_id = $1 ${filter}
                        GROUP BY customer_key, category) x
                GROUP BY customer_key) c ON c.customer_key = d.customer_key`;

// $2: member ids (uuid[]), $3: history customer ids not linked to a member (uuid[]).
const LIVE_OF = `AND p.member_id = ANY($2::uuid[])`;
const HISTORY_OF = `AND (hc.member_id = ANY($2::uuid[]) OR (hc.member_id IS NULL AND hc.id = ANY($3::uuid[])))`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Splits customer keys into member ids and unlinked history customer ids (anything else is ignored).
 * @crossTenant pure parsing of keys, reads and writes nothing
 */
export function splitKeys(keys: Iterable<string>): { members: string[]; history: string[] } {
  const members = new Set<string>();
  const history = new Set<string>();
  for (const k of keys) {
    if (k.startsWith('h:') && UUID.test(k.slice(2))) history.add(k.slice(2).toLowerCase());
    else if (UUID.test(k)) members.add(k.toLowerCase());
  }
  return { members: [...members].sort(), history: [...history].sort() };
}

/**
 * Recomputes the summaries of these customers (member ids or `h:<history
 * customer id>`), inside the caller's transaction. Takes a transaction-level
 * advisory lock per customer first (in key order, so two callers never
 * deadlock), so the statements that follow see every purchase committed before
 * the lock was granted: the last of several concurrent refreshes of a customer
 * always reads the newest data.
 */
export async function refreshCustomerSummaries(
  businessId: string,
  keys: Iterable<string>,
  tx: Queryable | Runner,
): Promise<void> {
  const { members, history } = splitKeys(keys);
  if (!members.length && !history.length) return;
  const all = [...members, ...history.map((h) => `h:${h}`)].sort();
  await tx.query(
    `SELECT pg_advisory_xact_lock(hashtextextended('retention-summary:' || $1 || ':' || k, 0))
       FROM unnest($2::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`,
    [businessId, all],
  );
  const params = [businessId, members, history];
  await tx.query(
    `DELETE FROM retention_customer_days WHERE business_id = $1 AND customer_key = ANY($2::text[])`,
    [businessId, all],
  );
  await tx.query(
    `DELETE FROM retention_category_days WHERE business_id = $1 AND customer_key = ANY($2::text[])`,
    [businessId, all],
  );
  await tx.query(
    `DELETE FROM retention_customer_histories WHERE business_id = $1 AND customer_key = ANY($2::text[])`,
    [businessId, all],
  );
  await tx.query(
    `INSERT INTO retention_customer_days (business_id, customer_key, day, amount, purchases)
     SELECT $1, x.k, x.d, sum(x.a), count(*) FROM (${ORDERS(LIVE_OF, HISTORY_OF)}) x
      GROUP BY x.k, x.d`,
    params,
  );
  await tx.query(
    `INSERT INTO retention_category_days (business_id, customer_key, day, category, amount)
     SELECT $1, x.k, x.d, x.c, sum(x.a) FROM (${LINES(LIVE_OF, HISTORY_OF)}) x
      GROUP BY x.k, x.d, x.c`,
    params,
  );
  await tx.query(HISTORIES(`AND customer_key = ANY($2::text[])`), [businessId, all]);
}

/**
 * Recomputes every summary row of a business from the sources (for data
 * written before the summaries existed, or after a repair), inside the
 * caller's transaction; a business-wide advisory lock keeps two rebuilds
 * apart. Returns the rows written.
 */
export async function rebuildSummaries(
  businessId: string,
  tx: Runner,
): Promise<{ customers: number; days: number; categoryDays: number }> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('retention-summary-rebuild:' || $1, 0))`, [
    businessId,
  ]);
  // Lock the table rows of this business against concurrent per-customer refreshes.
  await tx.query(
    `LOCK TABLE retention_customer_days, retention_category_days, retention_customer_histories IN SHARE ROW EXCLUSIVE MODE`,
  );
  await tx.query(`DELETE FROM retention_customer_days WHERE business_id = $1`, [businessId]);
  await tx.query(`DELETE FROM retention_category_days WHERE business_id = $1`, [businessId]);
  await tx.query(`DELETE FROM retention_customer_histories WHERE business_id = $1`, [businessId]);
  await tx.query(
    `INSERT INTO retention_customer_days (business_id, customer_key, day, amount, purchases)
     SELECT $1, x.k, x.d, sum(x.a), count(*) FROM (${ORDERS('', '')}) x GROUP BY x.k, x.d`,
    [businessId],
  );
  await tx.query(
    `INSERT INTO retention_category_days (business_id, customer_key, day, category, amount)
     SELECT $1, x.k, x.d, x.c, sum(x.a) FROM (${LINES('', '')}) x GROUP BY x.k, x.d, x.c`,
    [businessId],
  );
  await tx.query(HISTORIES(''), [businessId]);
  const n = (await tx.query(
    `SELECT (SELECT count(DISTINCT customer_key) FROM retention_customer_days WHERE business_id = $1)::int AS customers,
            (SELECT count(*) FROM retention_customer_days WHERE business_id = $1)::int AS days,
            (SELECT count(*) FROM retention_category_days WHERE business_id = $1)::int AS "categoryDays"`,
    [businessId],
  )) as { customers: number; days: number; categoryDays: number }[] | { rows: unknown[] };
  const row = Array.isArray(n)
    ? n[0]
    : (n.rows[0] as { customers: number; days: number; categoryDays: number });
  return row;
}
