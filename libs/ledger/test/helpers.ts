import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db';
import { Ledger, ledgerMigrations, type HolderAccountRef, type LedgerOptions } from '../src';

/** A fresh database with the ledger migrations applied through TypeORM, as the app does. */
export interface LedgerTestDb {
  db: TestDatabase;
  pool: Pool;
  ledger: Ledger;
  close(): Promise<void>;
}

export async function migrate(url: string): Promise<void> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations: ledgerMigrations,
    migrationsTableName: 'migrations',
  });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

export async function setupLedgerDb(
  prefix = 'ledger',
  options: LedgerOptions = {},
  max = 20,
): Promise<LedgerTestDb> {
  process.env.TZ = 'UTC';
  const db = await createTestDatabase(prefix);
  await migrate(db.url);
  const pool = new Pool({ connectionString: db.url, max });
  // close() drops the database WITH (FORCE) right after pool.end(): a client that has sent its
  // Terminate but not yet seen the socket close can still receive the server's "terminating
  // connection" (57P01), which the pool re-emits; without a listener that is an unhandled error.
  pool.on('error', () => undefined);
  const ledger = new Ledger(pool, options);
  return {
    db,
    pool,
    ledger,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}

export const newBusiness = (): string => randomUUID();
export const member = (ownerId: string, unit = 'points'): HolderAccountRef => ({
  unit,
  ownerType: 'member',
  ownerId,
});

let seq = 0;
export const key = (prefix = 'k'): string => `${prefix}-${process.pid}-${++seq}-${randomUUID().slice(0, 8)}`;

export const T0 = new Date('2026-01-15T10:00:00Z');
export const at = (days: number): Date => new Date(T0.getTime() + days * 86_400_000);

/** Throws with every violation when verify is not clean. */
export async function expectClean(ledger: Ledger, businessId?: string): Promise<void> {
  const v = await ledger.verify(businessId ? { businessId } : {});
  if (v.length)
    throw new Error(`verify found violations:\n${v.map((x) => `${x.code}: ${x.message}`).join('\n')}`);
}
