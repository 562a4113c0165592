import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeStaff, TestBusiness } from '../support/factories';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const monthNo = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

describe('retention: the monthly review', () => {
  let t: TestApp;
  let pg: Client;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const importCsv = async (b: TestBusiness, lines: string[]) => {
    const r = await t
      .http()
      .post('/api/imports/purchases')
      .set(b.auth)
      .set('Content-Type', 'text/csv')
      .send(lines.join('\n'));
    expect(r.body).toMatchObject({ state: 'completed', rowsRejected: 0 });
  };

  it('80/20, value segments and cohort curves equal a brute-force computation on random data', async () => {
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    const rand = rng(7);
    const rows: { c: string; day: string; amount: number }[] = [];
    const lines = ['purchase_id,customer_id,date,amount'];
    for (let c = 0; c < 60; c++) {
      const start = Math.floor(rand() * 600);
      const n = 1 + Math.floor(rand() * 15);
      for (let i = 0; i < n; i++) {
        const day = addDays('2024-07-01', Math.min(start + Math.floor(rand() * 300), 608));
        const amount = 50 + Math.floor(rand() * 3000);
        lines.push(`R${c}-${i},K${c},${day},${(amount / 100).toFixed(2)}`);
        rows.push({ c: `K${c}`, day, amount });
      }
    }
    await importCsv(b, lines);
    for (const month of ['2026-02', '2025-10']) {
      const res = await t.http().get('/api/retention/review').query({ month }).set(b.auth);
      expect(res.status).toBe(200);
      const asOf = month === '2026-02' ? '2026-02-28' : '2025-10-31';
      expect(res.body).toMatchObject({ month, asOf, currency: 'EUR' });
      const upTo = rows.filter((r) => r.day <= asOf);
      // 80/20 over the 365 days to asOf.
      const year = new Map<string, number>();
      for (const r of upTo) if (r.day >= addDays(asOf, -364)) year.set(r.c, (year.get(r.c) ?? 0) + r.amount);
      const vals = [...year.values()].sort((x, y) => y - x);
      const top = Math.ceil(0.2 * vals.length);
      const topValue = vals.slice(0, top).reduce((s, v) => s + v, 0);
      const total = vals.reduce((s, v) => s + v, 0);
      expect(res.body.concentration).toEqual({
        customers: vals.length,
        topCustomers: top,
        topValue,
        totalValue: total,
        share: topValue / total,
      });
      // Segments by lifetime revenue.
      const life = new Map<string, number>();
      for (const r of upTo) life.set(r.c, (life.get(r.c) ?? 0) + r.amount);
      const lv = [...life.values()].sort((x, y) => y - x);
      const cut1 = Math.round(0.2 * lv.length);
      const cut2 = Math.round(0.5 * lv.length);
      const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
      expect(
        res.body.segments.map((s: { name: string; customers: number; totalValue: number }) => [
          s.name,
          s.customers,
          s.totalValue,
        ]),
      ).toEqual([
        ['top', cut1, sum(lv.slice(0, cut1))],
        ['middle', cut2 - cut1, sum(lv.slice(cut1, cut2))],
        ['low', lv.length - cut2, sum(lv.slice(cut2))],
      ]);
      // Cohorts by first purchase month (no members here).
      const first = new Map<string, string>();
      const active = new Map<string, Set<number>>();
      for (const r of upTo) {
        if (!first.has(r.c) || r.day < first.get(r.c)!) first.set(r.c, r.day);
        active.set(r.c, (active.get(r.c) ?? new Set()).add(monthNo(r.day)));
      }
      const cohorts = new Map<number, string[]>();
      for (const [c, d] of first) cohorts.set(monthNo(d), [...(cohorts.get(monthNo(d)) ?? []), c]);
      const want = [...cohorts.keys()]
        .sort((x, y) => x - y)
        .slice(-24)
        .map((m) => {
          const members = cohorts.get(m)!;
          const act = Array.from(
            { length: monthNo(asOf) - m + 1 },
            (_, k) => members.filter((c) => active.get(c)!.has(m + k)).length,
          );
          return {
            cohort: `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`,
            size: members.length,
            active: act,
          };
        });
      expect(
        res.body.cohorts.map((c: { cohort: string; size: number; active: number[] }) => ({
          cohort: c.cohort,
          size: c.size,
          active: c.active,
        })),
      ).toEqual(want);
    }
    const csv = await t
      .http()
      .get('/api/retention/review/cohorts.csv')
      .query({ month: '2026-02' })
      .set(b.auth)
      .expect(200);
    const json = await t.http().get('/api/retention/review').query({ month: '2026-02' }).set(b.auth);
    const parsed = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(parsed.length).toBe(
      json.body.cohorts.reduce((s: number, c: { active: number[] }) => s + c.active.length, 0),
    );
    const seg = parse(
      (await t.http().get('/api/retention/review/segments.csv').set(b.auth).expect(200)).text,
      { columns: true },
    ) as Record<string, string>[];
    expect(seg.map((r) => r.name)).toEqual(['top', 'middle', 'low', 'top 20 % of the last 365 days (80/20)']);
  });

  it('raises each alert on a crafted history, with its evidence, and as CSV', async () => {
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    const lines = ['purchase_id,customer_id,customer_name,date,amount,category'];
    // 25 customers, one order a month, their orders falling from 10.00 to 8.00: AOV falls 20 % business-wide and per customer.
    for (let c = 0; c < 25; c++)
      ['2025-12-10', '2026-01-10', '2026-02-10'].forEach((d, i) =>
        lines.push(`A${c}-${i},A${c},Alice ${c},${d},${[10, 9, 8][i]}.00,coffee`),
      );
    // A weekly regular who stopped on 3 December.
    for (let i = 0; i < 10; i++) lines.push(`R-${i},R,Rita,${addDays('2025-10-01', 7 * i)},4.00,coffee`);
    // A customer who comes every 10 days and stopped buying cake in mid-November.
    for (let i = 0; i < 27; i++) {
      const d = addDays('2025-06-10', 10 * i);
      lines.push(`K-${i},K,Karl,${d},5.00,${d <= '2025-11-15' ? 'cake' : 'coffee'}`);
    }
    await importCsv(b, lines);
    const res = await t.http().get('/api/retention/review').set(b.auth);
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2026-03-02');
    const a = res.body.alerts;
    // Business-wide: every order of the three months (one per customer and day here), counted from the file.
    const months = ['2025-12', '2026-01', '2026-02'].map((month) => {
      const these = lines
        .slice(1)
        .map((l) => l.split(','))
        .filter((f) => f[3].startsWith(month));
      const revenue = these.reduce((s, f) => s + Math.round(Number(f[4]) * 100), 0);
      return { month, orders: these.length, revenue, averageOrderValue: revenue / these.length };
    });
    expect(months[0].orders).toBeGreaterThan(25);
    expect(a.aovFallingBusiness).toEqual([
      {
        kind: 'aov-falling',
        scope: 'business',
        customerId: null,
        name: null,
        evidence: {
          months: months.map((m) => ({ ...m, averageOrderValue: expect.closeTo(m.averageOrderValue, 9) })),
          drop: expect.closeTo(
            (months[0].averageOrderValue - months[2].averageOrderValue) / months[0].averageOrderValue,
            9,
          ),
        },
      },
    ]);
    expect(a.aovFallingCustomers).toHaveLength(25);
    expect(a.aovFallingCustomers[0]).toMatchObject({
      scope: 'customer',
      name: expect.stringMatching(/^Alice \d+$/),
    });
    expect(a.dryingUp).toEqual([
      expect.objectContaining({
        kind: 'drying-up',
        name: 'Rita',
        evidence: expect.objectContaining({
          reason: 'overdue',
          visits: 10,
          lastVisit: '2025-12-03',
          medianGapDays: 7,
          daysSinceLast: 89,
        }),
      }),
    ]);
    expect(a.categoryDropped).toEqual([
      expect.objectContaining({
        kind: 'category-dropped',
        name: 'Karl',
        evidence: expect.objectContaining({
          category: 'cake',
          lastCategoryPurchase: '2025-11-07',
          recentCategories: ['coffee'],
        }),
      }),
    ]);
    const csv = await t.http().get('/api/retention/review/alerts.csv').set(b.auth).expect(200);
    const parsed = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(parsed.length).toBe(1 + 25 + 1 + 1);
    expect(parsed.find((r) => r.kind === 'drying-up')).toMatchObject({ name: 'Rita', month: '2026-03' });
    expect(JSON.parse(parsed.find((r) => r.kind === 'category-dropped')!.evidence).category).toBe('cake');
    // As of the end of November, Karl still bought cake recently and Rita was not overdue yet.
    const nov = await t.http().get('/api/retention/review').query({ month: '2025-11' }).set(b.auth);
    expect(nov.body.alerts.categoryDropped).toEqual([]);
    expect(nov.body.alerts.dryingUp).toEqual([]);
  });

  it('bad input is a 400 and writes nothing; owners and managers only; another business sees none of it', async () => {
    const b = await makeBusiness(t);
    await importCsv(b, ['purchase_id,customer_id,date,amount', 'X1,C1,2026-01-05,3.00']);
    const cashier = await makeStaff(t, b, 'cashier');
    const before = await snapshot(pg);
    const paths = [
      '/api/retention/review',
      '/api/retention/review/alerts.csv',
      '/api/retention/review/cohorts.csv',
      '/api/retention/review/segments.csv',
    ];
    for (const path of paths) {
      for (const q of [
        { month: '2026-13' },
        { month: '2026-04' },
        { month: '26-01' },
        { month: '2026-01-01' },
        { other: 'x' },
      ]) {
        const r = await t.http().get(path).query(q).set(b.auth);
        expect({ path, q, status: r.status }).toEqual({ path, q, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
      expect((await t.http().get(path).set(cashier.auth)).status).toBe(403);
      expect((await t.http().get(path)).status).toBe(401);
    }
    expect(await snapshot(pg)).toEqual(before);
    const other = await makeBusiness(t);
    const theirs = await t.http().get('/api/retention/review').set(other.auth).expect(200);
    expect(theirs.body.cohorts).toEqual([]);
    expect(theirs.body.concentration.customers).toBe(0);
    const mine = await t.http().get('/api/retention/review').set(b.auth).expect(200);
    expect(mine.body.concentration.customers).toBe(1);
  });
});
