/**
 * The SQL of the historical purchase import (importer.ts). Plain functions, like the retention
 * summaries the import refreshes: `importPurchases` runs outside Nest too (`npm run import`).
 * Each takes the business id first and, last, the TypeORM EntityManager to run on: the import
 * session's (the advisory lock, the resume lookup, the dry run's counts) or a batch transaction's
 * (whatever it writes commits with the batch).
 */
import type { EntityManager } from 'typeorm';
import type { RuleSet } from '@regulars/rules';

const LOCK = `hashtext('regulars:history-import:' || $1)`;

/** The business's currency; null when there is no such business. */
export async function businessCurrency(businessId: string, m: EntityManager): Promise<string | null> {
  const biz = await m.query<{ currency: string }[]>(`SELECT currency FROM businesses WHERE id = $1`, [
    businessId,
  ]);
  return biz[0]?.currency ?? null;
}

/** Takes the business's import lock for the session (false: another import holds it). */
export async function tryImportLock(businessId: string, m: EntityManager): Promise<boolean> {
  const [lock] = await m.query<{ ok: boolean }[]>(`SELECT pg_try_advisory_lock(${LOCK}) AS ok`, [businessId]);
  return lock.ok;
}

export async function releaseImportLock(businessId: string, m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_unlock(${LOCK})`, [businessId]);
}

/** The last unfinished run (running or failed, with committed lines) of the same source. */
export async function unfinishedRun(
  businessId: string,
  source: string,
  m: EntityManager,
): Promise<{ id: string; committed_line: number } | undefined> {
  const prev = await m.query<{ id: string; committed_line: number }[]>(
    `SELECT id, committed_line FROM history_imports
      WHERE business_id = $1 AND source = $2 AND state IN ('running', 'failed') AND committed_line > 0
      ORDER BY started_at DESC, id LIMIT 1`,
    [businessId, source],
  );
  return prev[0];
}

/** Inserts the run's record ('running'); returns its id. */
export async function insertImportRecord(
  businessId: string,
  r: {
    source: string;
    mapping: unknown;
    resumedFrom: string | null;
    committedLine: number;
    startedAt: Date;
  },
  m: EntityManager,
): Promise<string> {
  const [rec] = await m.query<{ id: string }[]>(
    `INSERT INTO history_imports (business_id, source, state, mapping, resumed_from, committed_line, started_at)
     VALUES ($1, $2, 'running', $3, $4, $5, $6) RETURNING id`,
    [businessId, r.source, JSON.stringify(r.mapping), r.resumedFrom, r.committedLine, r.startedAt],
  );
  return rec.id;
}

/** Marks a run that another one continues as 'resumed'. */
export async function markImportResumed(businessId: string, id: string, m: EntityManager): Promise<void> {
  await m.query(`UPDATE history_imports SET state = 'resumed' WHERE business_id = $1 AND id = $2`, [
    businessId,
    id,
  ]);
}

export async function markImportFailed(
  businessId: string,
  id: string | null,
  f: { error: string; at: Date; rowsRead: number; rowsRejected: number },
  m: EntityManager,
): Promise<void> {
  await m.query(
    `UPDATE history_imports SET state = 'failed', error = $3, finished_at = $4, rows_read = $5, rows_rejected = $6
      WHERE business_id = $1 AND id = $2`,
    [businessId, id, f.error, f.at, f.rowsRead, f.rowsRejected],
  );
}

export async function markImportCompleted(
  businessId: string,
  id: string | null,
  f: { at: Date; rowsRead: number; rowsRejected: number },
  m: EntityManager,
): Promise<void> {
  await m.query(
    `UPDATE history_imports SET state = 'completed', finished_at = $3, rows_read = $4, rows_rejected = $5
      WHERE business_id = $1 AND id = $2`,
    [businessId, id, f.at, f.rowsRead, f.rowsRejected],
  );
}

/** A batch's progress on the run's record (committed with the batch). */
export async function recordBatchProgress(
  businessId: string,
  id: string | null,
  p: {
    committedLine: number;
    rowsRead: number;
    rowsRejected: number;
    imported: number;
    existing: number;
    customersCreated: number;
  },
  m: EntityManager,
): Promise<void> {
  await m.query(
    `UPDATE history_imports
        SET committed_line = $3, rows_read = $4, rows_rejected = $5,
            purchases_imported = purchases_imported + $6, purchases_existing = purchases_existing + $7,
            customers_created = customers_created + $8
      WHERE business_id = $1 AND id = $2`,
    [businessId, id, p.committedLine, p.rowsRead, p.rowsRejected, p.imported, p.existing, p.customersCreated],
  );
}

/**
 * Dry run: of these purchase ids, how many are stored already; of these customer ids, how many
 * are not known yet.
 */
export async function countKnown(
  businessId: string,
  purchaseIds: string[],
  customerIds: string[],
  m: EntityManager,
): Promise<{ existing: number; customers: number }> {
  const [r] = await m.query<{ existing: number; customers: number }[]>(
    `SELECT (SELECT count(*)::int FROM history_purchases
              WHERE business_id = $1 AND external_id = ANY($2::text[])) AS existing,
            (SELECT count(*)::int FROM unnest($3::text[]) c(ext)
              WHERE NOT EXISTS (SELECT 1 FROM history_customers h
                                 WHERE h.business_id = $1 AND h.external_id = c.ext)) AS customers`,
    [businessId, purchaseIds, customerIds],
  );
  return r;
}

/**
 * Inserts the customers not yet known (linked to the member with the same email, when there is
 * one); returns how many were new.
 */
export async function insertHistoryCustomers(
  businessId: string,
  importId: string | null,
  c: { customerId: string; customerName: string | null; customerEmail: string | null }[],
  m: EntityManager,
): Promise<number> {
  const ins = await m.query<{ id: string }[]>(
    `INSERT INTO history_customers (business_id, external_id, name, email, member_id, import_id)
     SELECT $1, c.ext, c.name, c.email,
            (SELECT mb.id FROM members mb WHERE mb.business_id = $1 AND lower(mb.email) = c.email),
            $2
       FROM unnest($3::text[], $4::text[], $5::text[]) AS c(ext, name, email)
     ON CONFLICT (business_id, external_id) DO NOTHING RETURNING id`,
    [
      businessId,
      importId,
      c.map((x) => x.customerId),
      c.map((x) => x.customerName),
      c.map((x) => x.customerEmail),
    ],
  );
  return ins.length;
}

/**
 * Inserts the purchases not yet known (a local time without offset is in the business's time
 * zone); returns how many were new.
 */
export async function insertHistoryPurchases(
  businessId: string,
  importId: string | null,
  rows: {
    purchaseId: string;
    customerId: string;
    local: string;
    offset: string | null;
    amount: number;
    sku: string | null;
    category: string | null;
  }[],
  m: EntityManager,
): Promise<number> {
  const res = await m.query<{ id: string }[]>(
    `INSERT INTO history_purchases (business_id, external_id, customer_id, occurred_at, amount, sku, category, import_id)
     SELECT $1, p.ext, hc.id,
            CASE WHEN p.off IS NULL THEN p.local::timestamp AT TIME ZONE b.time_zone
                 ELSE (p.local || p.off)::timestamptz END,
            p.amount, p.sku, p.category, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])
              AS p(ext, cust, local, off, amount, sku, category)
       JOIN history_customers hc ON hc.business_id = $1 AND hc.external_id = p.cust
       JOIN businesses b ON b.id = $1
     ON CONFLICT (business_id, external_id) DO NOTHING RETURNING id`,
    [
      businessId,
      importId,
      rows.map((r) => r.purchaseId),
      rows.map((r) => r.customerId),
      rows.map((r) => r.local),
      rows.map((r) => r.offset),
      rows.map((r) => r.amount),
      rows.map((r) => r.sku),
      rows.map((r) => r.category),
    ],
  );
  return res.length;
}

/** The retention summary keys (the member's id, else `h:<history customer id>`) of these customers. */
export async function customerSummaryKeys(
  businessId: string,
  customerIds: string[],
  m: EntityManager,
): Promise<string[]> {
  const keys = await m.query<{ k: string }[]>(
    `SELECT coalesce(member_id::text, 'h:' || id::text) AS k FROM history_customers
      WHERE business_id = $1 AND external_id = ANY($2::text[])`,
    [businessId, customerIds],
  );
  return keys.map((x) => x.k);
}

/** The rule versions of a business, newest effective first (the order the counter picks by). */
export async function ruleVersions(
  businessId: string,
  m: EntityManager,
): Promise<{ version: number; effective_from: Date; rules: RuleSet }[]> {
  return m.query<{ version: number; effective_from: Date; rules: RuleSet }[]>(
    `SELECT version, effective_from, rules FROM rule_set_versions WHERE business_id = $1
      ORDER BY effective_from DESC, version DESC`,
    [businessId],
  );
}

export interface LinkedPurchase {
  id: string;
  ext: string;
  member: string;
  at: Date;
  amount: string;
  sku: string | null;
  category: string | null;
  tz: string;
  currency: string;
}

/** The stored purchases among these ids whose customer is linked to a member, oldest first. */
export async function linkedPurchases(
  businessId: string,
  purchaseIds: string[],
  m: EntityManager,
): Promise<LinkedPurchase[]> {
  return m.query<LinkedPurchase[]>(
    `SELECT h.id, h.external_id AS ext, hc.member_id AS member, h.occurred_at AS at, h.amount::text, h.sku, h.category,
            b.time_zone AS tz, b.currency
       FROM history_purchases h
       JOIN history_customers hc ON hc.business_id = h.business_id AND hc.id = h.customer_id
       JOIN businesses b ON b.id = h.business_id
      WHERE h.business_id = $1 AND h.external_id = ANY($2::text[]) AND hc.member_id IS NOT NULL
      ORDER BY h.occurred_at, h.id`,
    [businessId, purchaseIds],
  );
}
