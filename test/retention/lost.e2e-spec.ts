import { parse } from 'csv-parse/sync';
import { createTestApp, TestApp } from '../support/app';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';
import { coffee, publishRules, txn } from '../support/loyalty';
import { applyRetentionEvents } from './summaries';
import { Client } from 'pg';

/** Seeded PRNG (mulberry32) so that a failure can be replayed. */
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
const berlinDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const isoOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
const monthNo = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;

interface Row {
  customer: string;
  at: string;
  amount: number;
}

/** The report computed the slow, obvious way from the rows the test itself wrote. */
function bruteForce(rows: Row[], asOf: string, lapse: number) {
  const per = new Map<string, { day: string; amount: number }[]>();
  for (const r of rows) {
    const day = berlinDay(r.at);
    if (day > asOf) continue;
    per.set(r.customer, [...(per.get(r.customer) ?? []), { day, amount: r.amount }]);
  }
  const factor = Array.from({ length: 12 }, (_, i) => 1 / 1.01 ** (i + 1)).reduce((a, b) => a + b, 0);
  const lost: {
    customer: string;
    lostOn: string;
    lastDay: string;
    visits: number;
    total: number;
    monthly: number;
    future: number;
  }[] = [];
  for (const [customer, list] of per) {
    const days = list.map((x) => dayNo(x.day));
    const first = Math.min(...days);
    const last = Math.max(...days);
    const lostOn = isoOf(last + lapse + 1);
    if (lostOn > asOf || monthNo(lostOn) <= monthNo(asOf) - 12) continue;
    const total = list.reduce((s, x) => s + x.amount, 0);
    const monthly = total / Math.max(1, (last - first + 1) / (365.25 / 12));
    lost.push({
      customer,
      lostOn,
      lastDay: isoOf(last),
      visits: new Set(days).size,
      total,
      monthly,
      future: monthly * factor,
    });
  }
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = monthNo(asOf) - 11 + i;
    const label = `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    const these = lost.filter((l) => l.lostOn.slice(0, 7) === label);
    return { month: label, lost: these.length, future: these.reduce((s, l) => s + l.future, 0) };
  });
  return { lost, months };
}

describe('retention: lost customers', () => {
  let t: TestApp;
  let pg: Client;
  let b: TestBusiness;
  const rows: Row[] = [];
  /** customer key in the report → the test's own customer name */
  let memberId: string;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    b = await makeBusiness(t);
    await publishRules(t, b);
    // One member whose imported history (matched by email) and live purchases are one customer.
    const m = await makeMember(t, b, { email: 'c0@example.test' });
    memberId = m.id;
    const rand = rng(20261130);
    const lines = ['purchase_id,customer_id,customer_email,date,amount'];
    const start = Date.parse('2024-06-01T00:00:00Z');
    const end = Date.parse('2026-03-01T23:00:00Z');
    for (let c = 0; c < 45; c++) {
      const n = 1 + Math.floor(rand() * 10);
      // Some drift away early, some stay: each customer's visits lie in a random window.
      const from = start + rand() * (end - start);
      const to = from + rand() * (end - from);
      for (let i = 0; i < n; i++) {
        const at = new Date(from + rand() * (to - from));
        at.setUTCSeconds(0, 0);
        const amount = 100 + Math.floor(rand() * 4900);
        const id = `P${c}-${i}`;
        lines.push(
          `${id},C${c},${c === 0 ? 'c0@example.test' : ''},${at.toISOString()},${(amount / 100).toFixed(2)}`,
        );
        rows.push({ customer: c === 0 ? memberId : `C${c}`, at: at.toISOString(), amount });
      }
    }
    // Around midnight: 22:30 UTC on 31 May is already 1 June in Berlin.
    lines.push('MID-1,C99,,2025-05-31T22:30:00Z,5.00');
    rows.push({ customer: 'C99', at: '2025-05-31T22:30:00Z', amount: 500 });
    const imp = await t
      .http()
      .post('/api/imports/purchases')
      .set(b.auth)
      .set('Content-Type', 'text/csv')
      .send(lines.join('\n'));
    expect(imp.body).toMatchObject({ state: 'completed', rowsRejected: 0 });

    // Live purchases of the member at the counter, on two days.
    for (const at of ['2025-10-05T08:00:00Z', '2025-11-20T16:45:00Z']) {
      t.clock.set(at);
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({
          transactionId: txn(),
          member: { cardPayload: m.card.payload },
          total: 700,
          lines: [coffee('1', 2, 350)],
        });
      expect(r.status).toBe(201);
      rows.push({ customer: memberId, at, amount: 700 });
    }
    t.clock.set('2026-03-02T09:00:00Z');
    // The summaries the reports read are kept by the event consumer (the job queue in production).
    await applyRetentionEvents(t.db.url);
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  // Imported customers without a member are reported as h:<history id>; map them back to the file's ids.
  async function keys(): Promise<Map<string, string>> {
    const r = await pg.query<{ id: string; ext: string }>(
      `SELECT id, external_id AS ext FROM history_customers WHERE business_id = $1 AND member_id IS NULL`,
      [b.id],
    );
    return new Map(r.rows.map((x) => [`h:${x.id}`, x.ext]));
  }

  for (const [asOf, lapse] of [
    [undefined, 90],
    ['2026-01-31', 60],
    ['2025-09-15', 120],
  ] as const) {
    it(`equals a brute-force computation (asOf ${asOf ?? 'today'}, lapse ${lapse} days)`, async () => {
      const q: Record<string, string> = { lapseDays: String(lapse) };
      if (asOf) q.asOf = asOf;
      const res = await t.http().get('/api/retention/lost').query(q).set(b.auth);
      expect(res.status).toBe(200);
      const day = asOf ?? '2026-03-02';
      const want = bruteForce(rows, day, lapse);
      const ext = await keys();
      const got = res.body as {
        asOf: string;
        method: string;
        modelReasons: string[];
        months: { month: string; lost: number; futureValue: number }[];
        totals: { lost: number; futureValue: number };
        customers: {
          customerId: string;
          lostOn: string;
          lastDay: string;
          visits: number;
          totalSpend: number;
          monthlyValue: number;
          futureValue: number;
          futureMethod: string;
          arithmetic: string;
        }[];
      };
      expect(got.asOf).toBe(day);
      // Fewer than 300 customers: the documented fallback, with the reason.
      expect(got.method).toBe('fallback');
      expect(got.modelReasons[0]).toMatch(/customers, fewer than the 300 needed/);
      expect(want.lost.length).toBeGreaterThan(3);
      expect(got.months.map((m) => [m.month, m.lost])).toEqual(want.months.map((m) => [m.month, m.lost]));
      for (let i = 0; i < 12; i++)
        expect(Math.abs(got.months[i].futureValue - want.months[i].future)).toBeLessThanOrEqual(1);
      const mine = got.customers
        .map((c) => ({
          customer: ext.get(c.customerId) ?? c.customerId,
          lostOn: c.lostOn,
          lastDay: c.lastDay,
          visits: c.visits,
          total: c.totalSpend,
          monthly: c.monthlyValue,
          future: c.futureValue,
        }))
        .sort((x, y) => x.customer.localeCompare(y.customer));
      const theirs = want.lost
        .map((l) => ({ ...l, monthly: Math.round(l.monthly), future: Math.round(l.future) }))
        .sort((x, y) => x.customer.localeCompare(y.customer));
      expect(mine).toEqual(theirs);
      expect(got.totals.lost).toBe(want.lost.length);
      for (const c of got.customers) {
        expect(c.futureMethod).toBe('fallback');
        expect(c.arithmetic).toMatch(
          new RegExp(
            `^${c.totalSpend} spent over [0-9.]+ months = [0-9.]+ a month × 11\\.2551 .* = [0-9.]+$`,
          ),
        );
      }
    });
  }

  it('the member counts once, with imported history and live purchases together', async () => {
    const res = await t
      .http()
      .get('/api/retention/lost')
      .query({ asOf: '2026-03-02', lapseDays: '30' })
      .set(b.auth);
    const want = bruteForce(rows, '2026-03-02', 30).lost.find((l) => l.customer === memberId);
    const got = res.body.customers.filter((c: { customerId: string }) => c.customerId === memberId);
    if (want)
      expect(got).toEqual([
        expect.objectContaining({
          source: 'member',
          lastDay: want.lastDay,
          visits: want.visits,
          totalSpend: want.total,
        }),
      ]);
    else expect(got).toEqual([]);
    expect(rows.filter((r) => r.customer === memberId).length).toBeGreaterThan(2);
  });

  it('as CSV: the same customers, one row each', async () => {
    const json = await t.http().get('/api/retention/lost').set(b.auth).expect(200);
    const csv = await t.http().get('/api/retention/lost.csv').set(b.auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const parsed = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(parsed.length).toBe(json.body.customers.length);
    expect(parsed.map((r) => [r.customerId, r.lostOn, Number(r.futureValue), r.arithmetic])).toEqual(
      json.body.customers.map(
        (c: { customerId: string; lostOn: string; futureValue: number; arithmetic: string }) => [
          c.customerId,
          c.lostOn,
          c.futureValue,
          c.arithmetic,
        ],
      ),
    );
  });

  it('bad input is a 400 and writes nothing; owners and managers only; another business sees none of it', async () => {
    const before = await snapshot(pg);
    for (const q of [
      { asOf: '2026-02-30' },
      { asOf: '2026-03-03' },
      { asOf: 'today' },
      { lapseDays: '10' },
      { lapseDays: '366' },
      { lapseDays: '9x' },
      { extra: '1' },
    ]) {
      for (const path of ['/api/retention/lost', '/api/retention/lost.csv']) {
        const r = await t.http().get(path).query(q).set(b.auth);
        expect({ q, path, status: r.status }).toEqual({ q, path, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
    }
    const cashier = await makeStaff(t, b, 'cashier');
    expect((await t.http().get('/api/retention/lost').set(cashier.auth)).status).toBe(403);
    expect((await t.http().get('/api/retention/lost.csv')).status).toBe(401);
    const manager = await makeStaff(t, b, 'manager');
    expect((await t.http().get('/api/retention/lost').set(manager.auth)).status).toBe(200);
    const other = await makeBusiness(t);
    const theirs = await t.http().get('/api/retention/lost').set(other.auth).expect(200);
    expect(theirs.body.totals).toEqual({ lost: 0, monthlyValue: 0, futureValue: 0 });
    expect(theirs.body.customers).toEqual([]);
    const snap = await snapshot(pg);
    // Only the staff just made were written.
    expect(
      Object.keys(snap).filter(
        (k) =>
          snap[k] !== before[k] &&
          ![
            'staff_users',
            'businesses',
            'locations',
            'loyalty_programs',
            'domain_events',
            'daily_business_summaries',
          ].includes(k),
      ),
    ).toEqual([]);
  });
});
