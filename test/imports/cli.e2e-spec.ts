import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness } from '../support/factories';

const ROOT = resolve(__dirname, '../..');
const MESSY = join(__dirname, 'fixtures/messy.csv');

/** `npm run import` (the same script, run with tsx as npm does) against this test's database. */
describe('npm run import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const run = (...args: string[]) =>
    spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['apps/api/src/cli/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.db.url },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('dry run, import, re-import: the report on stdout, every bad row on stderr, exit codes', async () => {
    const b = await makeBusiness(t);
    const dry = run('purchases', MESSY, '--business', b.slug, '--dry-run');
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      state: 'dry-run',
      rowsRead: 14,
      purchasesImported: 3,
      rowsRejected: 11,
    });
    expect(dry.stderr).toContain('line 4: date: not a calendar date');
    expect(dry.stderr).toContain('line 6: purchase_id: duplicate of line 2');
    expect(dry.stderr.match(/^line \d+: /gm)).toHaveLength(11);

    const real = run('purchases', MESSY, '--business', b.slug, '--batch', '2');
    expect(real.status).toBe(0);
    expect(JSON.parse(real.stdout)).toMatchObject({
      state: 'completed',
      purchasesImported: 3,
      customersCreated: 3,
    });
    const again = run('purchases', MESSY, '--business', b.slug);
    expect(JSON.parse(again.stdout)).toMatchObject({
      state: 'completed',
      purchasesImported: 0,
      purchasesExisting: 3,
    });
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    const n = await pg.query(`SELECT count(*)::int AS n FROM history_purchases WHERE business_id = $1`, [
      b.id,
    ]);
    const rec = await pg.query(`SELECT source FROM history_imports WHERE business_id = $1`, [b.id]);
    await pg.end();
    expect(n.rows[0].n).toBe(3);
    expect(rec.rows).toEqual([{ source: 'messy.csv' }, { source: 'messy.csv' }]);
  });

  it('refuses a usage error (2), an unknown business or a file without the columns (1)', async () => {
    const b = await makeBusiness(t);
    expect(run('customers', MESSY, '--business', b.slug).status).toBe(2);
    expect(run('purchases', MESSY).status).toBe(2);
    expect(run('purchases', MESSY, '--business', b.slug, '--mapping', 'price=x').status).toBe(2);
    const unknown = run('purchases', MESSY, '--business', 'no-such-cafe');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no business with the slug no-such-cafe');
    const cols = run('purchases', MESSY, '--business', b.slug, '--mapping', 'amount=Total');
    expect(cols.status).toBe(1);
    expect(cols.stderr).toContain('refused: the header has no column for amount (column "Total")');
  });
});
