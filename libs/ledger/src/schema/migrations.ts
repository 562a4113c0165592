import type { MigrationInterface, QueryRunner } from 'typeorm';
import { LEDGER_TABLES_DOWN, LEDGER_TABLES_UP } from './tables.sql';
import { LEDGER_FUNCTIONS_DOWN, LEDGER_FUNCTIONS_UP } from './functions.sql';

/**
 * TypeORM migrations with raw SQL (only types are imported from TypeORM: the
 * ledger has no runtime dependency on it). Timestamps 17640xxxxx sort after
 * the app's 1763xxxxxx migrations.
 */
export class LedgerSchema1764000000000 implements MigrationInterface {
  name = 'LedgerSchema1764000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_TABLES_UP);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_TABLES_DOWN);
  }
}

export class LedgerFunctions1764000000001 implements MigrationInterface {
  name = 'LedgerFunctions1764000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_FUNCTIONS_UP);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_FUNCTIONS_DOWN);
  }
}

/**
 * Reads by holder across units (a member's points and every stamp card in one
 * query: the counter's scan answer, the member's history). The unique key
 * (business_id, unit, owner_type, owner_id) cannot serve them: without this
 * index they scan every account of the business (measured by bench:pos).
 */
export const LEDGER_HOLDER_INDEX_UP = `CREATE INDEX IF NOT EXISTS ledger_accounts_holder ON ledger_accounts (business_id, owner_type, owner_id)`;
export const LEDGER_HOLDER_INDEX_DOWN = `DROP INDEX IF EXISTS ledger_accounts_holder`;

export class LedgerHolderIndex1764000000002 implements MigrationInterface {
  name = 'LedgerHolderIndex1764000000002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_HOLDER_INDEX_UP);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_HOLDER_INDEX_DOWN);
  }
}

/**
 * One holder's state as one jsonb value, for callers that must read it inside
 * a single statement (the counter's one-query scan, the purchase call that
 * checks the state it was computed from):
 *   {"balances": {"<unit>": [available, pending, held], ...},
 *    "expiring": [[<expires_at, epoch ms>, <amount>], ...]}
 * "expiring" sums the unspent remainders of the spendable lots of
 * p_expiring_unit lapsing in (p_from, p_until], earliest first: the same
 * figures as Ledger.holderBalances and Ledger.expiring.
 *
 * PL/pgSQL, not LANGUAGE sql: a SQL function that is not inlined is planned
 * again on every call, a PL/pgSQL function's statements keep their plans per
 * connection. Measured with pgbench (4 clients, the POS bench dataset):
 * 3,091 look-ups/s as SQL, 9,208 as PL/pgSQL. The same migration turns the
 * ledger's two small SQL helpers called on every write into PL/pgSQL.
 */
export const LEDGER_SNAPSHOT_UP = `
CREATE FUNCTION ledger_holder_snapshot(p_b uuid, p_ot text, p_oid text, p_expiring_unit text,
  p_from timestamptz, p_until timestamptz)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE v_bal jsonb; v_exp jsonb;
BEGIN
  SELECT jsonb_object_agg(a.unit, jsonb_build_array(a.available, a.pending, a.held)) INTO v_bal
    FROM ledger_accounts a
   WHERE a.business_id = p_b AND a.owner_type = p_ot AND a.owner_id = p_oid;
  SELECT jsonb_agg(jsonb_build_array(x.at_ms, x.amount) ORDER BY x.at_ms) INTO v_exp
    FROM (SELECT (extract(epoch FROM l.expires_at) * 1000)::bigint AS at_ms, sum(l.remaining)::bigint AS amount
            FROM ledger_accounts a
            JOIN ledger_lots l ON l.business_id = a.business_id AND l.account_id = a.id
           WHERE a.business_id = p_b AND a.unit = p_expiring_unit AND a.owner_type = p_ot AND a.owner_id = p_oid
             AND l.status = 'available' AND l.remaining > 0 AND l.expires_at > p_from AND l.expires_at <= p_until
           GROUP BY l.expires_at) x;
  RETURN jsonb_build_object('balances', coalesce(v_bal, '{}'::jsonb), 'expiring', coalesce(v_exp, '[]'::jsonb));
END $$;

CREATE OR REPLACE FUNCTION ledger__store(p_a ledger_accounts)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ledger_accounts SET available = p_a.available, pending = p_a.pending, held = p_a.held, version = p_a.version
   WHERE business_id = p_a.business_id AND id = p_a.id;
END $$;

CREATE OR REPLACE FUNCTION ledger__result(p_tx bigint, p_kind text, p_a ledger_accounts, p_amount bigint, p_at timestamptz, p_extra jsonb)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN jsonb_build_object(
    'transactionId', p_tx::text, 'kind', p_kind, 'accountId', p_a.id::text, 'amount', p_amount,
    'balance', jsonb_build_object('available', p_a.available, 'pending', p_a.pending, 'held', p_a.held),
    'effectiveAt', p_at, 'replayed', false) || p_extra;
END $$`;

export const LEDGER_SNAPSHOT_DOWN = `
DROP FUNCTION IF EXISTS ledger_holder_snapshot(uuid, text, text, text, timestamptz, timestamptz);
CREATE OR REPLACE FUNCTION ledger__store(p_a ledger_accounts)
RETURNS void LANGUAGE sql AS $$
  UPDATE ledger_accounts SET available = (p_a).available, pending = (p_a).pending, held = (p_a).held, version = (p_a).version
   WHERE business_id = (p_a).business_id AND id = (p_a).id
$$;
CREATE OR REPLACE FUNCTION ledger__result(p_tx bigint, p_kind text, p_a ledger_accounts, p_amount bigint, p_at timestamptz, p_extra jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'transactionId', p_tx::text, 'kind', p_kind, 'accountId', (p_a).id::text, 'amount', p_amount,
    'balance', jsonb_build_object('available', (p_a).available, 'pending', (p_a).pending, 'held', (p_a).held),
    'effectiveAt', p_at, 'replayed', false) || p_extra
$$`;

/** Timestamp after the app's Loyalty1765000000000, which had already run where this was added. */
export class LedgerHolderSnapshot1766000000000 implements MigrationInterface {
  name = 'LedgerHolderSnapshot1766000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_SNAPSHOT_UP);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(LEDGER_SNAPSHOT_DOWN);
  }
}

/** Add these to the DataSource's `migrations`, after the app's own. */
export const ledgerMigrations = [
  LedgerSchema1764000000000,
  LedgerFunctions1764000000001,
  LedgerHolderIndex1764000000002,
  LedgerHolderSnapshot1766000000000,
];

/** The schema as plain SQL, in migration order (for scripts that run without TypeORM). */
export const LEDGER_SCHEMA_SQL: readonly string[] = [
  LEDGER_TABLES_UP,
  LEDGER_FUNCTIONS_UP,
  LEDGER_HOLDER_INDEX_UP,
  LEDGER_SNAPSHOT_UP,
];
