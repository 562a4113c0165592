import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { createTestDatabase, TestDatabase } from '../support/db';

/**
 * SQL functions with one source: the .sql files hold the current body of
 * every PL/pgSQL function, and a database migrated from empty must have
 * exactly those (no more, no fewer, no other body). The files are read here,
 * at test time only: migrations carry frozen copies and the built app never
 * reads them.
 */
const ROOT = resolve(__dirname, '../..');
const SQL_DIRS = ['apps/api/src/database/sql', 'libs/ledger/src/schema/sql'];

const sqlFiles = () =>
  SQL_DIRS.flatMap((d) =>
    readdirSync(join(ROOT, d))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => join(d, f)),
  );

/** Every function of the public schema (not extensions'), by signature: its definition as PostgreSQL prints it. */
async function definitions(c: Client): Promise<Map<string, string>> {
  const r = await c.query<{ sig: string; def: string }>(
    `SELECT p.oid::regprocedure::text AS sig, pg_get_functiondef(p.oid) AS def
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prokind = 'f'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
      ORDER BY 1`,
  );
  return new Map(r.rows.map((x) => [x.sig, x.def]));
}

/** Whitespace is not a difference. */
const normalise = (def: string) => def.replace(/\s+/g, ' ').trim();

describe('SQL functions have one source', () => {
  let db: TestDatabase;
  let c: Client;
  beforeAll(async () => {
    db = await createTestDatabase('sqlfn');
    await runMigrations(db.url);
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
    await db.drop();
  });

  it('names every function of the migrated database in exactly one file, with CREATE OR REPLACE', async () => {
    const migrated = await definitions(c);
    const named = new Map<string, string[]>();
    for (const f of sqlFiles()) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      expect({ f, plainCreate: /CREATE\s+FUNCTION/i.test(text) }).toEqual({ f, plainCreate: false });
      for (const m of text.matchAll(/CREATE OR REPLACE FUNCTION\s+(\w+)\s*\(/g))
        named.set(m[1], [...(named.get(m[1]) ?? []), f]);
    }
    const names = [...new Set([...migrated.keys()].map((sig) => sig.slice(0, sig.indexOf('('))))].sort();
    expect([...named.keys()].sort()).toEqual(names);
    for (const [name, files] of named) expect({ name, files: files.length }).toEqual({ name, files: 1 });
    expect(names).toEqual(
      expect.arrayContaining(['ledger_earn', 'pos_record_purchase', 'events_ledger_transaction']),
    );
  });

  it('has, after every migration, exactly the bodies of the files', async () => {
    const migrated = await definitions(c);
    await c.query('BEGIN');
    try {
      for (const f of sqlFiles()) await c.query(readFileSync(join(ROOT, f), 'utf8'));
      const fromFiles = await definitions(c);
      // No file defines a function the migrations did not create (same signatures) ...
      expect([...fromFiles.keys()]).toEqual([...migrated.keys()]);
      // ... and each body is the migrated one.
      const differing = [...migrated].filter(
        ([sig, def]) => normalise(def) !== normalise(fromFiles.get(sig)!),
      );
      expect(differing.map(([sig]) => sig)).toEqual([]);
    } finally {
      await c.query('ROLLBACK');
    }
  });
});
