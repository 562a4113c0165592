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

/** Add these to the DataSource's `migrations`, after the app's own. */
export const ledgerMigrations = [
  LedgerSchema1764000000000,
  LedgerFunctions1764000000001,
  LedgerHolderIndex1764000000002,
];

/** The schema as plain SQL, in migration order (for scripts that run without TypeORM). */
export const LEDGER_SCHEMA_SQL: readonly string[] = [
  LEDGER_TABLES_UP,
  LEDGER_FUNCTIONS_UP,
  LEDGER_HOLDER_INDEX_UP,
];
