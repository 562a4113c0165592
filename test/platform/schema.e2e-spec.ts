import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../apps/api/src/database/data-source';
import { createTestDatabase, TestDatabase } from '../support/db';

describe('schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema');
  });
  afterAll(async () => db.drop());

  it('entities and migrations agree (no schema drift)', async () => {
    await runMigrations(db.url);
    const ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('migrations are idempotent and safe to run concurrently', async () => {
    const again = await Promise.all([runMigrations(db.url), runMigrations(db.url)]);
    expect(again).toEqual([[], []]);
  });

  it('every tenant table has business_id first in its primary key and in every foreign key', async () => {
    const ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    try {
      const pks = (await ds.query(`
        SELECT c.conrelid::regclass::text AS tbl, a.attname AS first_col
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace
          AND c.conrelid::regclass::text NOT IN ('businesses', 'regulars_migrations')`)) as {
        tbl: string;
        first_col: string;
      }[];
      expect(pks.length).toBeGreaterThanOrEqual(5);
      for (const pk of pks)
        expect({ tbl: pk.tbl, first: pk.first_col }).toEqual({ tbl: pk.tbl, first: 'business_id' });
      const fks = (await ds.query(`
        SELECT c.conname, a.attname AS first_col
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`)) as {
        conname: string;
        first_col: string;
      }[];
      for (const fk of fks)
        expect({ fk: fk.conname, first: fk.first_col }).toEqual({ fk: fk.conname, first: 'business_id' });
    } finally {
      await ds.destroy();
    }
  });
});
