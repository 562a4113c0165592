import { DataSource } from 'typeorm';
import { ledgerMigrations } from '@regulars/ledger';
import { dataSourceOptions, runMigrations } from '../../apps/api/src/database/data-source';
import { APP_MIGRATIONS } from '../../apps/api/src/database/migrations';
import { CounterLimitsReceipts1767300000000 } from '../../apps/api/src/database/migrations/1767300000000-CounterLimitsReceipts';
import { createTestDatabase, TestDatabase } from '../support/db';

/** The receipt-code migration on a database with purchases recorded before it. */
describe('receipt codes of purchases recorded before the migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('receipts');
  });
  afterAll(async () => db.drop());

  it('get their id suffix as code, or a hashed one where two of a business share it', async () => {
    const before = APP_MIGRATIONS.slice(0, APP_MIGRATIONS.indexOf(CounterLimitsReceipts1767300000000));
    const old = new DataSource({
      ...dataSourceOptions(db.url, 2),
      migrations: [...before, ...ledgerMigrations],
    });
    await old.initialize();
    const b1 = '11111111-1111-4111-8111-111111111111';
    const b2 = '22222222-2222-4222-8222-222222222222';
    const m = '33333333-3333-4333-8333-333333333333';
    const ids = {
      first: '00000000-0000-7000-8000-0000aaaa0001',
      twin: '00000000-0000-7000-8000-1111aaaa0001', // same last 8 hex digits, same business
      other: '00000000-0000-7000-8000-2222aaaa0001', // same digits, another business
      plain: '00000000-0000-7000-8000-0000bbbb0002',
    };
    try {
      await old.runMigrations({ transaction: 'each' });
      for (const b of [b1, b2]) {
        await old.query(
          `INSERT INTO businesses (id, name, slug, currency, time_zone, created_at) VALUES ($1, 'B', $2, 'EUR', 'UTC', now())`,
          [b, `shop-${b.slice(0, 4)}`],
        );
        await old.query(
          `INSERT INTO members (business_id, id, member_number, first_name, search_name, source, created_at)
           VALUES ($1, $2, 100001, 'M', 'm', 'counter', now())`,
          [b, m],
        );
      }
      const insert = (b: string, id: string, at: string) =>
        old.query(
          `INSERT INTO purchases (business_id, id, transaction_id, member_id, recorded_by, occurred_at, recorded_at, total, request_hash)
           VALUES ($1, $2::uuid, $2::text, $3, 'test', $4, $4, 1, 'x')`,
          [b, id, m, at],
        );
      await insert(b1, ids.first, '2026-01-01T00:00:00Z');
      await insert(b1, ids.twin, '2026-01-02T00:00:00Z');
      await insert(b2, ids.other, '2026-01-01T00:00:00Z');
      await insert(b1, ids.plain, '2026-01-03T00:00:00Z');
    } finally {
      await old.destroy();
    }

    await runMigrations(db.url);
    const ds = new DataSource(dataSourceOptions(db.url, 2));
    await ds.initialize();
    try {
      const rows = (await ds.query(`SELECT id, receipt_code FROM purchases`)) as {
        id: string;
        receipt_code: string;
      }[];
      const code = Object.fromEntries(rows.map((r) => [r.id, r.receipt_code]));
      expect(code[ids.first]).toBe('AAAA0001');
      expect(code[ids.other]).toBe('AAAA0001');
      expect(code[ids.plain]).toBe('BBBB0002');
      expect(code[ids.twin]).toMatch(/^[0-9A-F]{8}$/);
      expect(code[ids.twin]).not.toBe('AAAA0001');
      const idx = (await ds.query(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'purchases' AND indexname LIKE '%receipt%'`,
      )) as { indexname: string }[];
      expect(idx.map((i) => i.indexname)).toEqual(['uq_purchases_receipt']);
    } finally {
      await ds.destroy();
    }
  });
});
