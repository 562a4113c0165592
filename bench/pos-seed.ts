/**
 * Bulk seeding for `npm run bench:pos`: members, their cards and a purchase
 * history with its ledger effect, written by set-based SQL (generate_series).
 *
 * - members and member_cards: one INSERT ... SELECT each; ids are
 *   md5(business:m:n) / md5(business:c:n) as uuid, so member n is stable.
 * - history: member n buys at purchases n, n + M, n + 2M, ... (M members),
 *   spread evenly over the 360 days before the seeding (so no lot has lapsed
 *   yet); the basket of purchase i is one of five café baskets (by a hash of i).
 *   Chunks of CHUNK_MEMBERS members, each chunk ONE statement in its own
 *   transaction, resumable (progress is kept in bench_pos_meta in the same
 *   transaction). Per chunk: purchases, purchase_lines, and exactly the ledger
 *   rows ledger_earn() would write for each posting (points; stamps for coffee):
 *   a transaction (idempotency key purchase:<id>:<posting key>), an available
 *   lot (points expire 12 months later, end of the local day), the member's
 *   entry with its running balance and account version, the system account's
 *   opposite entry, and the member's account rows with their final balance.
 *   Finally the system accounts' slot rows (balance = -issued) and the id
 *   sequences. ledger_earn() itself, called from SQL, was measured at about
 *   1 ms per call on this loaded 2-core machine (30 min for 1.75M postings),
 *   hence the set-based rows; verify() checks the result.
 * - the purchase's evaluation is the real evaluatePurchase() result of its
 *   basket (computed once per basket) with occurredAt, local time and the
 *   postings' dates set per purchase (stamp-progress figures inside reasons
 *   are those of an empty card); the ledger keys are those the app writes
 *   (purchase:<purchase id>:<posting key>), so returns of seeded purchases work.
 */
import type { Client } from 'pg';
import { LEDGER_SLOTS } from '../libs/ledger/src';
import { evaluatePurchase, validateRuleSet, type RuleSet } from '../libs/rules/src';
import { BASKETS, basketLines } from './pos-load';

export const EXPIRY_MONTHS = 12;
export const HISTORY_DAYS = 360;
export const CHUNK_MEMBERS = 10_000;

/** The café's rules (as in test/support/loyalty.ts): 1 point per 1.00, coffee card of 10, 12-month expiry. */
export const BENCH_RULES = {
  points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 0 },
  multipliers: [],
  exclusions: { skus: ['GIFT-CARD'], categories: [] },
  promotions: [],
  stampCards: [
    {
      id: 'coffee',
      name: 'Coffee card',
      match: { skus: [], categories: ['coffee'] },
      stampsPerUnit: 1,
      cardSize: 10,
      reward: { id: 'free-coffee', description: 'A free coffee' },
    },
  ],
  pointsExpiry: { afterMonths: EXPIRY_MONTHS },
  pendingDays: 0,
};

export interface SeedMeta {
  business_id: string;
  api_key: string;
  location_id: string;
  rule_version: number;
  time_zone: string;
  members: number;
  purchases: number;
  /** -1: members not seeded yet; else members whose history is seeded. */
  members_done: number;
  complete: boolean;
  /** Ledger ids are allocated above these (the database may hold other rows). */
  acc_base: number;
  tx_base: number;
  history_start: Date;
  seed_seconds: number;
}

export const META_DDL = `CREATE TABLE IF NOT EXISTS bench_pos_meta (
  business_id uuid PRIMARY KEY, api_key text NOT NULL, location_id uuid NOT NULL, rule_version int NOT NULL,
  time_zone text NOT NULL, members int NOT NULL, purchases int NOT NULL, members_done int NOT NULL DEFAULT -1,
  complete boolean NOT NULL DEFAULT false, acc_base bigint NOT NULL DEFAULT 0, tx_base bigint NOT NULL DEFAULT 0,
  history_start timestamptz NOT NULL, seed_seconds double precision NOT NULL DEFAULT 0)`;

export const readMetaSql = `SELECT business_id, api_key, location_id, rule_version, time_zone, members, purchases, members_done,
  complete, acc_base::float8 AS acc_base, tx_base::float8 AS tx_base, history_start, seed_seconds FROM bench_pos_meta LIMIT 1`;

export type Templates = ReturnType<typeof basketTemplates>;

/** One template per basket: its lines, total, ledger postings and evaluation; plus the ledger units. */
export function basketTemplates(timeZone: string, at: Date) {
  const checked = validateRuleSet(BENCH_RULES);
  if (!checked.ok) throw new Error(`bench rules invalid: ${JSON.stringify(checked.errors)}`);
  const rules: RuleSet = checked.value;
  const units = ['points', ...rules.stampCards.map((c) => `stamps:${c.id}`)];
  const baskets = BASKETS.map((b) => {
    const lines = basketLines(b);
    const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
    const evaluation = evaluatePurchase(
      { occurredAt: at.toISOString(), total, lines },
      rules,
      { stampProgress: {} },
      { timeZone, currencyDigits: 2 },
    );
    return {
      lines,
      total,
      evaluation,
      postings: evaluation.postings.map((p) => {
        const unit = p.kind === 'points' ? 'points' : `stamps:${p.cardId}`;
        return {
          key: p.key,
          unit,
          u: units.indexOf(unit),
          amount: p.amount,
          reason: p.reason,
          expires: p.expiresAt !== null,
        };
      }),
    };
  });
  const perPurchase = Math.max(...baskets.map((b) => b.postings.length));
  return { units, baskets, perPurchase };
}

/** Members, their cards and the ledger's system accounts; fixes the ledger id bases. */
export async function seedMembers(c: Client, m: SeedMeta, t: Templates): Promise<void> {
  await c.query('BEGIN');
  await c.query(
    `INSERT INTO members (business_id, id, member_number, first_name, last_name, search_name, email, phone, birthday,
                          marketing_consent, marketing_consent_at, password_hash, source, created_at)
     SELECT $1::uuid, md5($1::text || ':m:' || n)::uuid, 100000 + n, f.name, 'Member ' || n,
            lower(f.name || ' member ' || n), 'member' || n || '@bench.test', NULL, NULL,
            n % 3 = 0, CASE WHEN n % 3 = 0 THEN $3::timestamptz END, NULL, 'counter',
            $3::timestamptz - interval '30 days' + (n::float8 / $2) * interval '20 days'
       FROM generate_series(1, $2::int) n
       CROSS JOIN LATERAL (SELECT (ARRAY['Ana','Ben','Chloé','Deniz','Emil','Fatma','Goran','Hana','Ivo','Júlia'])[n % 10 + 1] AS name) f`,
    [m.business_id, m.members, m.history_start],
  );
  await c.query(
    `INSERT INTO member_cards (business_id, id, member_id, status, issued_at)
     SELECT $1::uuid, md5($1::text || ':c:' || n)::uuid, md5($1::text || ':m:' || n)::uuid, 'active',
            $3::timestamptz - interval '30 days' + (n::float8 / $2) * interval '20 days'
       FROM generate_series(1, $2::int) n`,
    [m.business_id, m.members, m.history_start],
  );
  await c.query(`UPDATE businesses SET next_member_number = $2 WHERE id = $1`, [
    m.business_id,
    100001 + m.members,
  ]);
  const bases = (
    await c.query<{ acc: string; tx: string }>(
      `SELECT (SELECT coalesce(max(id), 0) FROM ledger_accounts) AS acc,
              greatest((SELECT coalesce(max(id), 0) FROM ledger_transactions), (SELECT coalesce(max(id), 0) FROM ledger_lots),
                       ((SELECT coalesce(max(id), 0) FROM ledger_entries) + 1) / 2) AS tx`,
    )
  ).rows[0];
  m.acc_base = Number(bases.acc);
  m.tx_base = Number(bases.tx);
  // system accounts: acc_base + U*M + 1 + u (member accounts are acc_base + u*M + n)
  await c.query(
    `INSERT INTO ledger_accounts (business_id, id, unit, owner_type, owner_id, created_at)
     SELECT $1::uuid, $2::bigint + $3::bigint * cardinality($4::text[]) + u, $4[u], 'system', 'issued', $5
       FROM generate_subscripts($4::text[], 1) u`,
    [m.business_id, m.acc_base, m.members, t.units, m.history_start],
  );
  m.members_done = 0;
  await c.query(
    `UPDATE bench_pos_meta SET members_done = 0, acc_base = $2, tx_base = $3 WHERE business_id = $1`,
    [m.business_id, m.acc_base, m.tx_base],
  );
  await c.query('COMMIT');
  await analyzeSeeded(c);
}

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The history of members from+1 .. to: their purchases, lines and ledger rows.
 * One statement, one transaction. Purchase i: member (i-1) % M + 1, at
 * history_start + (i-1) * step; its posting p (1-based) is ledger transaction
 * and lot tx_base + P*(i-1) + p (P = most postings per basket), entries
 * 2*tx-1 (member) and 2*tx (system): ids ascend with time.
 */
export async function seedHistoryChunk(c: Client, m: SeedMeta, t: Templates, from: number, to: number) {
  const stepSeconds = (HISTORY_DAYS * 86_400) / m.purchases;
  const U = t.units.length;
  await c.query('BEGIN');
  const r = await c.query<{ purchases: string; lines: string; tx: string; entries: string }>(
    `WITH t AS (SELECT (ord - 1)::int AS k, x AS tmpl FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS a(x, ord)),
     src AS MATERIALIZED (
       -- The last 8 hex digits of a purchase id are its receipt code, unique per business:
       -- an odd multiplier mod 2^32 spreads the purchase numbers over them without a clash.
       SELECT x.i, n, overlay(gen_random_uuid()::text
                        PLACING lpad(to_hex((x.i * 2654435761) % 4294967296), 8, '0') FROM 29)::uuid AS pid,
              'H-' || x.i AS txn, md5($1::text || ':m:' || n)::uuid AS member_id,
              $5::timestamptz + ((x.i - 1) * $8::float8) * interval '1 second' AS occurred_at, t.tmpl
         FROM generate_series($2::int, $3::int) n
        CROSS JOIN generate_series(0, ($12::int - 1) / $6::int) j
        CROSS JOIN LATERAL (SELECT n::bigint + j::bigint * $6::int AS i) x
         JOIN t ON t.k = (hashint8(x.i) & 2147483647) % $7::int
        WHERE x.i <= $12::int
     ),
     dated AS MATERIALIZED (
       SELECT s.*, ((s.occurred_at AT TIME ZONE $9::text)::date + interval '${EXPIRY_MONTHS} months' + interval '1 day')
                     AT TIME ZONE $9::text AS expires_at
         FROM src s
     ),
     post AS MATERIALIZED (
       SELECT d.i, d.pid, d.txn, d.member_id, d.occurred_at, p.x->>'key' AS key, p.x->>'unit' AS unit,
              (p.x->>'amount')::bigint AS amount, p.x->>'reason' AS reason,
              CASE WHEN (p.x->>'expires')::boolean THEN d.expires_at END AS expires_at,
              $13::bigint + $14::bigint * (d.i - 1) + p.ord AS tx_id,
              $15::bigint + (p.x->>'u')::bigint * $6::int + d.n AS account_id,
              $15::bigint + ${U}::bigint * $6::int + 1 + (p.x->>'u')::bigint AS system_id
         FROM dated d, jsonb_array_elements(d.tmpl->'postings') WITH ORDINALITY AS p(x, ord)
     ),
     run AS MATERIALIZED (
       SELECT p.*, sum(p.amount) OVER w AS balance, count(*) OVER w AS version
         FROM post p WINDOW w AS (PARTITION BY p.account_id ORDER BY p.i)
     ),
     ins_tx AS (
       INSERT INTO ledger_transactions (business_id, id, idempotency_key, request_hash, kind, unit, account_id, amount,
                                        reason, reference, result, effective_at, recorded_at)
       SELECT $1::uuid, r.tx_id, 'purchase:' || r.pid || ':' || r.key, 'bench-seed', 'earn', r.unit, r.account_id, r.amount,
              r.reason, 'purchase:' || r.txn,
              jsonb_build_object('transactionId', r.tx_id::text, 'kind', 'earn', 'accountId', r.account_id::text,
                'amount', r.amount, 'balance', jsonb_build_object('available', r.balance, 'pending', 0, 'held', 0),
                'effectiveAt', r.occurred_at, 'replayed', false, 'lotId', r.tx_id::text, 'holdId', NULL, 'pending', false),
              r.occurred_at, r.occurred_at
         FROM run r
       RETURNING 1
     ),
     ins_lots AS (
       INSERT INTO ledger_lots (business_id, id, account_id, transaction_id, kind, status, amount, remaining, expires_at, effective_at)
       SELECT $1::uuid, r.tx_id, r.account_id, r.tx_id, 'earn', 'available', r.amount, r.amount, r.expires_at, r.occurred_at
         FROM run r
       RETURNING 1
     ),
     ins_entries AS (
       INSERT INTO ledger_entries (business_id, id, transaction_id, account_id, bucket, amount, available_after,
                                   pending_after, held_after, account_version, effective_at)
       SELECT $1::uuid, 2 * r.tx_id - 1, r.tx_id, r.account_id, 'available', r.amount, r.balance, 0, 0, r.version, r.occurred_at
         FROM run r
       UNION ALL
       SELECT $1::uuid, 2 * r.tx_id, r.tx_id, r.system_id, 'available', -r.amount, NULL, NULL, NULL, NULL, r.occurred_at
         FROM run r
       RETURNING 1
     ),
     ins_accounts AS (
       INSERT INTO ledger_accounts (business_id, id, unit, owner_type, owner_id, available, pending, held, version, created_at)
       SELECT $1::uuid, r.account_id, min(r.unit), 'member', min(r.member_id::text), sum(r.amount), 0, 0, count(*), min(r.occurred_at)
         FROM run r GROUP BY r.account_id
       RETURNING 1
     ),
     evaluated AS (
       SELECT d.*, (d.tmpl->'evaluation') || jsonb_build_object(
                'occurredAt', ${iso('d.occurred_at')},
                'local', jsonb_build_object(
                   'date', to_char(d.occurred_at AT TIME ZONE $9::text, 'YYYY-MM-DD'),
                   'time', to_char(d.occurred_at AT TIME ZONE $9::text, 'HH24:MI'),
                   'weekday', extract(isodow FROM d.occurred_at AT TIME ZONE $9::text)::int),
                'postings', (SELECT jsonb_agg(p || jsonb_build_object(
                                'availableAt', ${iso('d.occurred_at')},
                                'expiresAt', CASE WHEN p->'expiresAt' <> 'null'::jsonb THEN ${iso('d.expires_at')} END))
                               FROM jsonb_array_elements(d.tmpl->'evaluation'->'postings') p)) AS evaluation
         FROM dated d
     ),
     ins_purchases AS (
       INSERT INTO purchases (business_id, id, transaction_id, member_id, location_id, recorded_by, occurred_at,
                              recorded_at, total, rule_version, evaluation, request_hash, response)
       SELECT $1::uuid, v.pid, v.txn, v.member_id, $10::uuid, 'key:bench-seed', v.occurred_at, v.occurred_at,
              (v.tmpl->>'total')::bigint, $11::int, v.evaluation,
              encode(sha256(convert_to(v.txn, 'UTF8')), 'hex'),
              jsonb_build_object(
                'purchase', jsonb_build_object('id', v.pid, 'transactionId', v.txn, 'memberId', v.member_id,
                  'occurredAt', v.evaluation->'occurredAt', 'total', (v.tmpl->>'total')::bigint, 'ruleVersion', $11::int),
                'earned', v.evaluation->'postings', 'notes', '[]'::jsonb, 'redemptions', '[]'::jsonb)
         FROM evaluated v
       RETURNING 1
     ),
     ins_lines AS (
       INSERT INTO purchase_lines (business_id, purchase_id, line_id, sku, category, quantity, unit_price)
       SELECT $1::uuid, d.pid, l->>'lineId', l->>'sku', l->>'category', (l->>'quantity')::int, (l->>'unitPrice')::bigint
         FROM dated d, jsonb_array_elements(d.tmpl->'lines') l
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM ins_purchases) AS purchases, (SELECT count(*) FROM ins_lines) AS lines,
            (SELECT count(*) FROM ins_tx) AS tx,
            (SELECT count(*) FROM ins_entries) AS entries`,
    [
      m.business_id,
      from + 1,
      to,
      JSON.stringify(t.baskets),
      m.history_start,
      m.members,
      t.baskets.length,
      stepSeconds,
      m.time_zone,
      m.location_id,
      m.rule_version,
      m.purchases,
      m.tx_base,
      t.perPurchase,
      m.acc_base,
    ],
  );
  await c.query(`UPDATE bench_pos_meta SET members_done = $2 WHERE business_id = $1`, [m.business_id, to]);
  await c.query('COMMIT');
  return r.rows[0];
}

/**
 * Statistics for the tables the seed has just filled. Autovacuum has not seen
 * them yet: without statistics the planner takes a freshly loaded table for a
 * few pages, and the slot aggregation below (lots x accounts x accounts) ran as
 * nested loops over the whole history (over 5 minutes at 100 % CPU with
 * BENCH_MEMBERS=20000 BENCH_PURCHASES=200000); with them it is a hash join.
 */
export async function analyzeSeeded(c: Client): Promise<void> {
  await c.query(
    'ANALYZE ledger_accounts, ledger_lots, ledger_transactions, purchases, members, member_cards',
  );
}

/** The system accounts' balances (slot rows, as ledger_earn spreads them) and the id sequences. */
export async function finishLedger(c: Client, m: SeedMeta): Promise<void> {
  await analyzeSeeded(c);
  await c.query('BEGIN');
  await c.query(
    `INSERT INTO ledger_account_slots (business_id, account_id, slot, available)
     SELECT l.business_id, s.id, (l.account_id % ${LEDGER_SLOTS})::smallint, -sum(l.amount)
       FROM ledger_lots l
       JOIN ledger_accounts a ON a.business_id = l.business_id AND a.id = l.account_id
       JOIN ledger_accounts s ON s.business_id = a.business_id AND s.unit = a.unit AND s.owner_type = 'system' AND s.owner_id = 'issued'
      WHERE l.business_id = $1
      GROUP BY l.business_id, s.id, l.account_id % ${LEDGER_SLOTS}`,
    [m.business_id],
  );
  await c.query(
    `SELECT setval('ledger_accounts_id_seq', (SELECT max(id) FROM ledger_accounts)),
            setval('ledger_transactions_id_seq', (SELECT max(id) FROM ledger_transactions)),
            setval('ledger_lots_id_seq', (SELECT max(id) FROM ledger_lots)),
            setval('ledger_entries_id_seq', (SELECT max(id) FROM ledger_entries))`,
  );
  await c.query(`UPDATE bench_pos_meta SET complete = true WHERE business_id = $1`, [m.business_id]);
  await c.query('COMMIT');
}
