import type { LedgerClient, Violation, ViolationCode } from './types';

/**
 * Whole-ledger (or one-business) verification. Each check is one SQL query
 * returning offending rows; every row becomes a named violation.
 */
interface Check {
  code: ViolationCode;
  describe: (row: Record<string, unknown>) => string;
  sql: string;
}

// $1: business id or NULL for all businesses
const B = (alias: string) => `($1::uuid IS NULL OR ${alias}.business_id = $1)`;

const CHECKS: Check[] = [
  {
    code: 'unbalanced_transaction',
    describe: (r) =>
      `transaction ${String(r.transaction_id)} postings sum to ${String(r.total)} in unit ${String(r.unit)}`,
    sql: `SELECT e.business_id, e.transaction_id, a.unit, sum(e.amount)::text AS total
            FROM ledger_entries e JOIN ledger_accounts a ON a.business_id = e.business_id AND a.id = e.account_id
           WHERE ${B('e')}
           GROUP BY e.business_id, e.transaction_id, a.unit HAVING sum(e.amount) <> 0`,
  },
  {
    code: 'unit_mismatch',
    describe: (r) =>
      `entry ${String(r.entry_id)} posts to an account of unit ${String(r.account_unit)} in a ${String(r.tx_unit)} transaction`,
    sql: `SELECT e.business_id, e.id AS entry_id, a.unit AS account_unit, t.unit AS tx_unit
            FROM ledger_entries e
            JOIN ledger_accounts a ON a.business_id = e.business_id AND a.id = e.account_id
            JOIN ledger_transactions t ON t.business_id = e.business_id AND t.id = e.transaction_id
           WHERE ${B('e')} AND a.unit <> t.unit`,
  },
  {
    code: 'balance_mismatch',
    describe: (r) =>
      `account ${String(r.account_id)} (${String(r.owner_type)}:${String(r.owner_id)} ${String(r.unit)}) stores ` +
      `${String(r.stored_available)}/${String(r.stored_pending)}/${String(r.stored_held)} but its entries sum to ` +
      `${String(r.sum_available)}/${String(r.sum_pending)}/${String(r.sum_held)} (available/pending/held)`,
    sql: `WITH e AS (
            SELECT business_id, account_id,
                   coalesce(sum(amount) FILTER (WHERE bucket = 'available'), 0) AS av,
                   coalesce(sum(amount) FILTER (WHERE bucket = 'pending'), 0) AS pe,
                   coalesce(sum(amount) FILTER (WHERE bucket = 'held'), 0) AS he
              FROM ledger_entries x WHERE ${B('x')} GROUP BY business_id, account_id),
          s AS (SELECT business_id, account_id, sum(available) AS av
                  FROM ledger_account_slots x WHERE ${B('x')} GROUP BY business_id, account_id)
          SELECT a.business_id, a.id AS account_id, a.owner_type, a.owner_id, a.unit,
                 (a.available + coalesce(s.av, 0))::text AS stored_available, a.pending::text AS stored_pending,
                 a.held::text AS stored_held, coalesce(e.av, 0)::text AS sum_available,
                 coalesce(e.pe, 0)::text AS sum_pending, coalesce(e.he, 0)::text AS sum_held
            FROM ledger_accounts a
            LEFT JOIN e ON e.business_id = a.business_id AND e.account_id = a.id
            LEFT JOIN s ON s.business_id = a.business_id AND s.account_id = a.id
           WHERE ${B('a')}
             AND (a.available + coalesce(s.av, 0) <> coalesce(e.av, 0) OR a.pending <> coalesce(e.pe, 0)
                  OR a.held <> coalesce(e.he, 0))`,
  },
  {
    code: 'running_balance_mismatch',
    describe: (r) =>
      `entry ${String(r.entry_id)} of account ${String(r.account_id)} records balance after ` +
      `${String(r.available_after)}/${String(r.pending_after)}/${String(r.held_after)} but the entries up to it sum to ` +
      `${String(r.run_available)}/${String(r.run_pending)}/${String(r.run_held)}`,
    sql: `SELECT * FROM (
            SELECT e.business_id, e.id AS entry_id, e.account_id, a.owner_type,
                   e.available_after::text, e.pending_after::text, e.held_after::text,
                   (coalesce(sum(e.amount) FILTER (WHERE e.bucket = 'available') OVER w, 0))::text AS run_available,
                   (coalesce(sum(e.amount) FILTER (WHERE e.bucket = 'pending') OVER w, 0))::text AS run_pending,
                   (coalesce(sum(e.amount) FILTER (WHERE e.bucket = 'held') OVER w, 0))::text AS run_held
              FROM ledger_entries e JOIN ledger_accounts a ON a.business_id = e.business_id AND a.id = e.account_id
             WHERE ${B('e')}
            WINDOW w AS (PARTITION BY e.business_id, e.account_id ORDER BY e.id)) x
           WHERE CASE WHEN owner_type = 'system'
                      THEN available_after IS NOT NULL OR pending_after IS NOT NULL OR held_after IS NOT NULL
                      ELSE available_after IS DISTINCT FROM run_available OR pending_after IS DISTINCT FROM run_pending
                           OR held_after IS DISTINCT FROM run_held END`,
  },
  {
    code: 'lots_mismatch',
    describe: (r) =>
      `account ${String(r.account_id)}: available ${String(r.available)} but unspent lots sum to ${String(r.lots_available)}; ` +
      `pending ${String(r.pending)} but pending lots sum to ${String(r.lots_pending)}`,
    sql: `WITH l AS (
            SELECT business_id, account_id,
                   coalesce(sum(remaining) FILTER (WHERE status = 'available'), 0) AS av,
                   coalesce(sum(remaining) FILTER (WHERE status = 'pending'), 0) AS pe
              FROM ledger_lots x WHERE ${B('x')} GROUP BY business_id, account_id)
          SELECT a.business_id, a.id AS account_id, a.available::text, a.pending::text,
                 coalesce(l.av, 0)::text AS lots_available, coalesce(l.pe, 0)::text AS lots_pending
            FROM ledger_accounts a LEFT JOIN l ON l.business_id = a.business_id AND l.account_id = a.id
           WHERE ${B('a')} AND a.owner_type <> 'system'
             AND (a.available <> coalesce(l.av, 0) OR a.pending <> coalesce(l.pe, 0))`,
  },
  {
    code: 'lot_remaining_mismatch',
    describe: (r) =>
      `lot ${String(r.lot_id)} has remaining ${String(r.remaining)} but amount + moves = ${String(r.computed)}`,
    sql: `SELECT l.business_id, l.id AS lot_id, l.remaining::text, (l.amount + coalesce(m.total, 0))::text AS computed
            FROM ledger_lots l
            LEFT JOIN (SELECT business_id, lot_id, sum(amount) AS total FROM ledger_lot_moves x WHERE ${B('x')}
                        GROUP BY business_id, lot_id) m ON m.business_id = l.business_id AND m.lot_id = l.id
           WHERE ${B('l')} AND l.remaining <> l.amount + coalesce(m.total, 0)`,
  },
  {
    code: 'lot_out_of_range',
    describe: (r) =>
      `${String(r.kind)} lot ${String(r.lot_id)} (${String(r.status)}) has remaining ${String(r.remaining)} of ${String(r.amount)}`,
    sql: `SELECT business_id, id AS lot_id, kind, status, remaining::text, amount::text FROM ledger_lots l
           WHERE ${B('l')} AND CASE
             WHEN kind = 'debt' THEN remaining > 0 OR status <> 'available'
             WHEN status = 'voided' THEN remaining <> 0
             ELSE remaining < 0 OR remaining > amount END`,
  },
  {
    code: 'balance_below_floor',
    describe: (r) =>
      `account ${String(r.account_id)} is at ${String(r.available)}/${String(r.pending)}/${String(r.held)} ` +
      `(available/pending/held); recorded debt ${String(r.debt)}`,
    sql: `SELECT a.business_id, a.id AS account_id, a.available::text, a.pending::text, a.held::text,
                 coalesce(d.debt, 0)::text AS debt
            FROM ledger_accounts a
            LEFT JOIN (SELECT business_id, account_id, sum(remaining) AS debt FROM ledger_lots x
                        WHERE ${B('x')} AND kind = 'debt' GROUP BY business_id, account_id) d
                   ON d.business_id = a.business_id AND d.account_id = a.id
           WHERE ${B('a')} AND a.owner_type <> 'system'
             AND (a.available < coalesce(d.debt, 0) OR a.pending < 0 OR a.held < 0)`,
  },
  {
    code: 'held_mismatch',
    describe: (r) =>
      `account ${String(r.account_id)} holds ${String(r.held)} but its open reservations total ${String(r.open)}`,
    sql: `SELECT a.business_id, a.id AS account_id, a.held::text, coalesce(h.total, 0)::text AS open
            FROM ledger_accounts a
            LEFT JOIN (SELECT business_id, account_id, sum(amount) AS total FROM ledger_holds x
                        WHERE ${B('x')} AND status = 'open' AND kind = 'reservation' GROUP BY business_id, account_id) h
                   ON h.business_id = a.business_id AND h.account_id = a.id
           WHERE ${B('a')} AND a.held <> coalesce(h.total, 0)`,
  },
  {
    code: 'hold_resolution_mismatch',
    describe: (r) =>
      `hold ${String(r.hold_id)} is ${String(r.status)} with ${String(r.resolutions)} resolving transaction(s)` +
      (r.resolved_kind ? ` (resolved by a ${String(r.resolved_kind)})` : ''),
    sql: `SELECT h.business_id, h.id AS hold_id, h.status, h.kind, rt.kind AS resolved_kind,
                 (SELECT count(*) FROM ledger_transactions t
                   WHERE t.business_id = h.business_id AND t.hold_id = h.id
                     AND t.kind IN ('capture', 'release', 'hold_expire', 'mature'))::int AS resolutions
            FROM ledger_holds h
            LEFT JOIN ledger_transactions rt ON rt.business_id = h.business_id AND rt.id = h.resolved_tx_id
           WHERE ${B('h')} AND (NOT (
             (h.status = 'open' AND h.resolved_tx_id IS NULL AND NOT EXISTS (
                SELECT 1 FROM ledger_transactions t WHERE t.business_id = h.business_id AND t.hold_id = h.id))
             OR (h.status = 'captured' AND rt.kind IN ('capture', 'mature') AND rt.hold_id = h.id)
             OR (h.status = 'released' AND rt.kind = 'release' AND rt.hold_id = h.id)
             OR (h.status = 'released' AND h.kind = 'pending_earn' AND rt.kind = 'reverse')
             OR (h.status = 'expired' AND h.kind = 'reservation' AND rt.kind = 'hold_expire' AND rt.hold_id = h.id))
              OR (SELECT count(*) FROM ledger_transactions t
                   WHERE t.business_id = h.business_id AND t.hold_id = h.id
                     AND t.kind IN ('capture', 'release', 'hold_expire', 'mature')) > 1)`,
  },
  {
    code: 'orphan_reference',
    describe: (r) =>
      `${String(r.what)} ${String(r.row_id)} refers to a missing ${String(r.missing)} ${String(r.ref)}`,
    sql: `SELECT e.business_id, 'entry' AS what, e.id AS row_id, 'transaction' AS missing, e.transaction_id AS ref
            FROM ledger_entries e WHERE ${B('e')} AND NOT EXISTS
              (SELECT 1 FROM ledger_transactions t WHERE t.business_id = e.business_id AND t.id = e.transaction_id)
          UNION ALL
          SELECT e.business_id, 'entry', e.id, 'account', e.account_id
            FROM ledger_entries e WHERE ${B('e')} AND NOT EXISTS
              (SELECT 1 FROM ledger_accounts a WHERE a.business_id = e.business_id AND a.id = e.account_id)
          UNION ALL
          SELECT t.business_id, 'transaction', t.id, 'account', t.account_id
            FROM ledger_transactions t WHERE ${B('t')} AND NOT EXISTS
              (SELECT 1 FROM ledger_accounts a WHERE a.business_id = t.business_id AND a.id = t.account_id)
          UNION ALL
          SELECT l.business_id, 'lot', l.id, 'account', l.account_id
            FROM ledger_lots l WHERE ${B('l')} AND NOT EXISTS
              (SELECT 1 FROM ledger_accounts a WHERE a.business_id = l.business_id AND a.id = l.account_id)
          UNION ALL
          SELECT l.business_id, 'lot', l.id, 'transaction', l.transaction_id
            FROM ledger_lots l WHERE ${B('l')} AND NOT EXISTS
              (SELECT 1 FROM ledger_transactions t WHERE t.business_id = l.business_id AND t.id = l.transaction_id)
          UNION ALL
          SELECT m.business_id, 'lot move', m.id, 'lot', m.lot_id
            FROM ledger_lot_moves m WHERE ${B('m')} AND NOT EXISTS
              (SELECT 1 FROM ledger_lots l WHERE l.business_id = m.business_id AND l.id = m.lot_id)
          UNION ALL
          SELECT m.business_id, 'lot move', m.id, 'transaction', m.transaction_id
            FROM ledger_lot_moves m WHERE ${B('m')} AND NOT EXISTS
              (SELECT 1 FROM ledger_transactions t WHERE t.business_id = m.business_id AND t.id = m.transaction_id)`,
  },
  {
    code: 'append_only_disabled',
    describe: (r) =>
      `append-only trigger ${String(r.trigger)} on ${String(r.table_name)} is ${String(r.state)}`,
    sql: `SELECT NULL::uuid AS business_id, x.table_name, x.trigger,
                 CASE WHEN t.oid IS NULL THEN 'missing' ELSE 'disabled' END AS state
            FROM (VALUES ('ledger_entries', 'ledger_entries_append_only'), ('ledger_entries', 'ledger_entries_no_truncate'),
                         ('ledger_transactions', 'ledger_transactions_append_only'),
                         ('ledger_transactions', 'ledger_transactions_no_truncate'),
                         ('ledger_lot_moves', 'ledger_lot_moves_append_only'),
                         ('ledger_lot_moves', 'ledger_lot_moves_no_truncate')) AS x(table_name, trigger)
            LEFT JOIN pg_trigger t ON t.tgname = x.trigger AND t.tgrelid = to_regclass(x.table_name)
           WHERE ($1::uuid IS NULL OR $1::uuid IS NOT NULL) AND (t.oid IS NULL OR t.tgenabled = 'D')`,
  },
];

export async function verifyLedger(runner: LedgerClient, businessId: string | null): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const check of CHECKS) {
    const res = await runner.query<Record<string, unknown>>(check.sql, [businessId]);
    for (const row of res.rows) {
      const { business_id, ...details } = row;
      out.push({
        code: check.code,
        businessId: (business_id as string | null) ?? null,
        message: check.describe(row),
        details,
      });
    }
  }
  return out;
}

export const VERIFY_CHECKS: readonly ViolationCode[] = CHECKS.map((c) => c.code);
