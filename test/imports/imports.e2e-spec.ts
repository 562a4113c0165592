import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { importPurchases } from '../../apps/api/src/imports/importer';
import { createTestApp, TestApp } from '../support/app';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';

const MESSY = readFileSync(join(__dirname, 'fixtures/messy.csv'));

/** Every problem of the messy fixture, by line (BOM, CRLF, quoted commas, an empty line in it). */
const MESSY_BAD_ROWS = [
  { line: 3, field: 'amount', problem: 'not a decimal amount (digits, optional "." and decimals)' },
  { line: 4, field: 'date', problem: 'not a calendar date' },
  { line: 5, field: 'amount', problem: 'negative: returns and refunds are not imported' },
  { line: 6, field: 'purchase_id', problem: 'duplicate of line 2' },
  { line: 7, field: 'customer_email', problem: 'not an email address' },
  { line: 8, field: 'amount', problem: 'more than 2 decimals' },
  { line: 10, field: 'customer_id', problem: 'missing' },
  { line: 11, field: 'date', problem: 'in the future' },
  { line: 12, field: 'date', problem: 'not a date YYYY-MM-DD[ HH:MM[:SS]][Z|±HH:MM]' },
  { line: 13, field: 'amount', problem: 'not a decimal amount (digits, optional "." and decimals)' },
  { line: 14, field: 'row', problem: '3 columns, the header has 8' },
];

describe('historical purchase import', () => {
  let t: TestApp;
  let pg: Client;
  beforeAll(async () => {
    t = await createTestApp();
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const upload = (b: { auth: { Authorization: string } }, body: Buffer | string, query = '') =>
    t.http().post(`/api/imports/purchases${query}`).set(b.auth).set('Content-Type', 'text/csv').send(body);

  async function stored(b: TestBusiness) {
    const r = await pg.query<{
      ext: string;
      cust: string;
      name: string;
      utc: string;
      amount: string;
      sku: string | null;
      category: string | null;
      member_id: string | null;
    }>(
      `SELECT p.external_id AS ext, c.external_id AS cust, c.name, to_char(p.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS utc,
              p.amount, p.sku, p.category, c.member_id
         FROM history_purchases p JOIN history_customers c ON c.business_id = p.business_id AND c.id = p.customer_id
        WHERE p.business_id = $1 ORDER BY p.external_id`,
      [b.id],
    );
    return r.rows;
  }

  it('a dry run reports every bad row by line number and writes nothing', async () => {
    const b = await makeBusiness(t);
    const before = await snapshot(pg);
    const res = await upload(b, MESSY, '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      importId: null,
      dryRun: true,
      state: 'dry-run',
      rowsRead: 14,
      purchasesImported: 3,
      purchasesExisting: 0,
      customersCreated: 3,
      rowsRejected: 11,
      badRows: MESSY_BAD_ROWS,
      badRowsTruncated: false,
      resumedFrom: null,
      linesSkipped: 0,
      error: null,
      pointsAwarded: 0,
      purchasesAwarded: 0,
      pointsAlreadyExpired: 0,
    });
    expect(await snapshot(pg)).toEqual(before);
  });

  it('imports the good rows in the business time zone and currency, links members by email, awards no points; a re-import changes nothing', async () => {
    const b = await makeBusiness(t);
    const jane = await makeMember(t, b, { email: 'jane@example.test' });
    const before = await snapshot(pg);
    const res = await upload(b, MESSY, '?source=old-till.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: false,
      state: 'completed',
      rowsRead: 14,
      purchasesImported: 3,
      purchasesExisting: 0,
      customersCreated: 3,
      rowsRejected: 11,
      badRows: MESSY_BAD_ROWS,
    });
    expect(await stored(b)).toEqual([
      // Europe/Berlin: 08:15 local on 1 March is 07:15 UTC; 23:30 local on 15 March is 22:30 UTC.
      {
        ext: 'R-1',
        cust: 'C-1',
        name: 'Doe, Jane',
        utc: '2025-03-01 07:15',
        amount: '420',
        sku: 'FW',
        category: 'coffee',
        member_id: jane.id,
      },
      {
        ext: 'R-13',
        cust: 'C-4',
        name: 'Dan, again',
        utc: '2025-03-15 22:30',
        amount: '99',
        sku: 'TEA',
        category: 'tea',
        member_id: null,
      },
      {
        ext: 'R-7',
        cust: 'C-3',
        name: 'Carol "CJ" Jones',
        utc: '2025-03-12 23:00',
        amount: '700',
        sku: null,
        category: 'cake',
        member_id: null,
      },
    ]);
    // Only the history tables and the retention summaries changed: no ledger postings, no purchases, no daily summaries.
    const after = await snapshot(pg);
    const changed = Object.keys(after)
      .filter((k) => after[k] !== before[k])
      .sort();
    expect(changed).toEqual([
      'history_customers',
      'history_imports',
      'history_purchases',
      'retention_category_days',
      'retention_customer_days',
      'retention_customer_histories',
    ]);

    const list = await t.http().get('/api/imports').set(b.auth).expect(200);
    expect(list.body.items).toEqual([
      {
        id: res.body.importId,
        source: 'old-till.csv',
        state: 'completed',
        committedLine: 16,
        rowsRead: 14,
        purchasesImported: 3,
        purchasesExisting: 0,
        customersCreated: 3,
        rowsRejected: 11,
        resumedFrom: null,
        error: null,
        startedAt: '2026-03-02T09:00:00.000Z',
        finishedAt: '2026-03-02T09:00:00.000Z',
      },
    ]);

    const again = await upload(b, MESSY, '?source=old-till.csv');
    expect(again.body).toMatchObject({
      state: 'completed',
      purchasesImported: 0,
      purchasesExisting: 3,
      customersCreated: 0,
      resumedFrom: null,
    });
    expect((await stored(b)).length).toBe(3);
    // A dry run now sees the same three as already imported.
    const dry = await upload(b, MESSY, '?dryRun=true');
    expect(dry.body).toMatchObject({ purchasesImported: 0, purchasesExisting: 3, customersCreated: 0 });
  });

  it('a mapping names other headers; a currency without decimals reads whole units', async () => {
    const b = await makeBusiness(t, { currency: 'JPY', timeZone: 'Asia/Tokyo' });
    const csv =
      'Receipt;x,Client,When,Total\nA1;x,K1,2025-01-05 09:00,1500\nA2;x,K1,2025-01-06T09:00:00Z,12.5\n';
    const res = await upload(
      b,
      csv,
      `?mapping=${encodeURIComponent('purchase_id=Receipt;x,customer_id=Client,date=When,amount=Total')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      purchasesImported: 1,
      rowsRejected: 1,
      badRows: [{ line: 3, field: 'amount', problem: 'this currency has no decimals' }],
    });
    expect(await stored(b)).toEqual([
      {
        ext: 'A1;x',
        cust: 'K1',
        name: null,
        utc: '2025-01-05 00:00',
        amount: '1500',
        sku: null,
        category: null,
        member_id: null,
      },
    ]);
  });

  it('a run that breaks off keeps its committed batches on record, and the next run of the same source resumes after them', async () => {
    const b = await makeBusiness(t);
    const ds = t.app.get(DataSource);
    const lines = [
      'purchase_id,customer_id,date,amount',
      ...Array.from(
        { length: 8 },
        (_, i) => `P${i + 1},C${i % 3},2025-0${1 + (i % 6)}-1${i} 10:00,${i + 1}.50`,
      ),
    ];
    // The upload drops after line 8 (P7), slowly enough that each full batch is written first.
    async function* dropped() {
      for (const l of lines.slice(0, 8)) {
        yield `${l}\r\n`;
        await new Promise((r) => setTimeout(r, 30));
      }
      throw new Error('connection reset');
    }
    const first = await importPurchases(ds, {
      businessId: b.id,
      source: 'till.csv',
      input: Readable.from(dropped()),
      mapping: {},
      dryRun: false,
      now: t.clock.now(),
      batchSize: 3,
    });
    expect(first).toMatchObject({ state: 'failed', error: 'connection reset', purchasesImported: 6 });
    // Batches of 3: lines 2-4 and 5-7 committed; line 8 (P7) was in the open batch and is not written.
    const rec = () =>
      pg.query(
        `SELECT id, state, committed_line, error FROM history_imports WHERE business_id = $1 ORDER BY committed_line`,
        [b.id],
      );
    expect((await rec()).rows).toEqual([
      { id: first.importId, state: 'failed', committed_line: 7, error: 'connection reset' },
    ]);
    expect((await stored(b)).map((r) => r.ext)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);

    const second = await importPurchases(ds, {
      businessId: b.id,
      source: 'till.csv',
      input: Readable.from([lines.join('\n')]),
      mapping: {},
      dryRun: false,
      now: t.clock.now(),
      batchSize: 3,
    });
    expect(second).toMatchObject({
      state: 'completed',
      resumedFrom: first.importId,
      linesSkipped: 7,
      purchasesImported: 2,
      purchasesExisting: 0,
      rowsRead: 8,
    });
    expect((await stored(b)).map((r) => `${r.ext}:${r.amount}`)).toEqual([
      'P1:150',
      'P2:250',
      'P3:350',
      'P4:450',
      'P5:550',
      'P6:650',
      'P7:750',
      'P8:850',
    ]);
    expect((await rec()).rows).toEqual([
      { id: first.importId, state: 'resumed', committed_line: 7, error: 'connection reset' },
      { id: second.importId, state: 'completed', committed_line: 9, error: null },
    ]);
    // Completed: a third run of the same source starts from the top again (and finds everything there).
    const third = await importPurchases(ds, {
      businessId: b.id,
      source: 'till.csv',
      input: Readable.from([lines.join('\n')]),
      mapping: {},
      dryRun: false,
      now: t.clock.now(),
    });
    expect(third).toMatchObject({
      state: 'completed',
      resumedFrom: null,
      purchasesImported: 0,
      purchasesExisting: 8,
    });
  });

  it('a file the CSV parser cannot read, broken before its first batch, is refused and nothing is written', async () => {
    const b = await makeBusiness(t);
    const before = await snapshot(pg);
    const csv =
      'purchase_id,customer_id,date,amount\nQ1,C1,2025-01-02,1.00\nQ2,C1,2025-01-03,"2.00\nQ3,C1,2025-01-04,3.00\n';
    for (const dry of ['true', 'false']) {
      const res = await upload(b, csv, `?source=broken.csv&dryRun=${dry}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^the file cannot be read: Quote Not Closed: .* at line 4$/);
    }
    expect(await snapshot(pg)).toEqual(before);
  });

  it('refuses bad requests with 400 and writes nothing', async () => {
    const b = await makeBusiness(t);
    const before = await snapshot(pg);
    const cases: [string, () => ReturnType<typeof upload>][] = [
      ['a JSON body', () => t.http().post('/api/imports/purchases').set(b.auth).send({ csv: 'a,b' })],
      ['no body', () => t.http().post('/api/imports/purchases').set(b.auth)],
      ['an empty file', () => upload(b, '')],
      ['a header without the required columns', () => upload(b, 'id,when,total\n1,2025-01-01,3\n')],
      ['a mapping to a missing column', () => upload(b, MESSY, '?mapping=sku%3DArticle')],
      ['a mapping of an unknown field', () => upload(b, MESSY, '?mapping=price%3Damount')],
      ['a bad dryRun', () => upload(b, MESSY, '?dryRun=yes')],
      ['an unknown parameter', () => upload(b, MESSY, '?force=true')],
      ['an oversized source', () => upload(b, MESSY, `?source=${'x'.repeat(201)}`)],
      ['an unclosed quote in the header', () => upload(b, '"purchase_id,customer_id,date,amount\n')],
    ];
    for (const [name, send] of cases) {
      const res = await send();
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.body).toEqual(ERROR_BODY);
    }
    expect(await snapshot(pg)).toEqual(before);
  });

  it('owners and managers only; another business sees and touches nothing of this one', async () => {
    const a = await makeBusiness(t);
    const other = await makeBusiness(t);
    const manager = await makeStaff(t, a, 'manager');
    const cashier = await makeStaff(t, a, 'cashier');
    const before = await snapshot(pg);
    expect((await upload(cashier, MESSY)).status).toBe(403);
    expect((await t.http().get('/api/imports').set(cashier.auth)).status).toBe(403);
    expect(
      (await t.http().post('/api/imports/purchases').set('Content-Type', 'text/csv').send(MESSY)).status,
    ).toBe(401);
    expect(await snapshot(pg)).toEqual(before);

    const mine = await upload(manager, MESSY, '?source=mine.csv');
    expect(mine.body.purchasesImported).toBe(3);
    expect((await t.http().get(`/api/imports/${mine.body.importId}`).set(a.auth)).body).toMatchObject({
      id: mine.body.importId,
      source: 'mine.csv',
    });
    const foreign = await t.http().get(`/api/imports/${mine.body.importId}`).set(other.auth);
    expect(foreign.status).toBe(404);
    expect((await t.http().get('/api/imports').set(other.auth)).body).toEqual({ items: [] });
    // The same purchase ids in another business are that business's own purchases.
    const theirs = await upload(other, MESSY);
    expect(theirs.body).toMatchObject({ purchasesImported: 3, purchasesExisting: 0, customersCreated: 3 });
    expect((await stored(a)).length).toBe(3);
  });
});
