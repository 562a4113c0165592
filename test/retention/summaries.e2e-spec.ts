import { Client, Pool } from 'pg';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { RetentionSummaryConsumer } from '../../apps/api/src/retention/retention-summary.consumer';
import { createTestApp, TestApp } from '../support/app';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';
import { coffee, publishRules, txn } from '../support/loyalty';

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

const localDay = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );

/**
 * The precomputed retention summaries: whatever order, repetition and
 * concurrency the events arrive in, the rows equal a brute-force computation
 * from the raw purchases, lines, returns and imported history.
 */
describe('retention: precomputed summaries', () => {
  let t: TestApp;
  let pg: Client;
  let pool: Pool;
  const consumer = new RetentionSummaryConsumer();
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    pool = new Pool({ connectionString: t.db.url, max: 6 });
  });
  afterAll(async () => {
    await pool.end();
    await pg.end();
    await t.close();
  });

  /** Summary rows of a business as [key, day, amount, purchases], sorted. */
  const summaries = async (businessId: string) => ({
    days: (
      await pg.query<{ k: string; d: string; a: string; n: number }>(
        `SELECT customer_key AS k, day::text AS d, amount::text AS a, purchases AS n FROM retention_customer_days
          WHERE business_id = $1 ORDER BY 1, 2`,
        [businessId],
      )
    ).rows.map((r) => [r.k, r.d, Number(r.a), r.n]),
    categories: (
      await pg.query<{ k: string; d: string; c: string; a: string }>(
        `SELECT customer_key AS k, day::text AS d, category AS c, amount::text AS a FROM retention_category_days
          WHERE business_id = $1 ORDER BY 1, 2, 3`,
        [businessId],
      )
    ).rows.map((r) => [r.k, r.d, r.c, Number(r.a)]),
    histories: (
      await pg.query<{ k: string; h: unknown }>(
        `SELECT customer_key AS k, history AS h FROM retention_customer_histories WHERE business_id = $1 ORDER BY 1`,
        [businessId],
      )
    ).rows.map((r) => [r.k, r.h]),
  });

  /** The same, computed here in plain code from the raw rows. */
  const bruteForce = async (businessId: string, timeZone: string) => {
    const purchases = (
      await pg.query<{ id: string; m: string; at: Date; total: string }>(
        `SELECT id, member_id::text AS m, occurred_at AS at, total::text FROM purchases WHERE business_id = $1`,
        [businessId],
      )
    ).rows;
    const lines = (
      await pg.query<{ p: string; q: number; r: number; u: string; c: string | null }>(
        `SELECT purchase_id AS p, quantity AS q, returned_quantity AS r, unit_price::text AS u, category AS c
           FROM purchase_lines WHERE business_id = $1`,
        [businessId],
      )
    ).rows;
    const history = (
      await pg.query<{ hc: string; m: string | null; at: Date; a: string; c: string | null }>(
        `SELECT hc.id AS hc, hc.member_id::text AS m, h.occurred_at AS at, h.amount::text AS a, h.category AS c
           FROM history_purchases h JOIN history_customers hc ON hc.business_id = h.business_id AND hc.id = h.customer_id
          WHERE h.business_id = $1`,
        [businessId],
      )
    ).rows;
    const days = new Map<string, [string, string, number, number]>();
    const cats = new Map<string, [string, string, string, number]>();
    const addDay = (k: string, d: string, a: number) => {
      const key = `${k}|${d}`;
      const row = days.get(key) ?? [k, d, 0, 0];
      row[2] += a;
      row[3] += 1;
      days.set(key, row);
    };
    const addCat = (k: string, d: string, c: string, a: number) => {
      const key = `${k}|${d}|${c}`;
      const row = cats.get(key) ?? [k, d, c, 0];
      row[3] += a;
      cats.set(key, row);
    };
    for (const p of purchases) {
      const mine = lines.filter((l) => l.p === p.id);
      const returned = mine.reduce((s, l) => s + l.r * Number(l.u), 0);
      const d = localDay(p.at, timeZone);
      addDay(p.m, d, Math.max(Number(p.total) - returned, 0));
      for (const l of mine) if (l.c) addCat(p.m, d, l.c, l.q * Number(l.u));
    }
    for (const h of history) {
      const k = h.m ?? `h:${h.hc}`;
      const d = localDay(h.at, timeZone);
      addDay(k, d, Number(h.a));
      if (h.c) addCat(k, d, h.c, Number(h.a));
    }
    const cmp = (a: (string | number)[], b: (string | number)[]) =>
      String(a[0]) < String(b[0])
        ? -1
        : String(a[0]) > String(b[0])
          ? 1
          : String(a[1]) < String(b[1])
            ? -1
            : String(a[1]) > String(b[1])
              ? 1
              : String(a[2]) < String(b[2])
                ? -1
                : String(a[2]) > String(b[2])
                  ? 1
                  : 0;
    const sortedDays = [...days.values()].sort(cmp);
    const sortedCats = [...cats.values()].sort(cmp);
    // One row per customer: {d: day numbers, a: amounts, c: {category: day numbers}}, days ascending.
    const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
    const histories = new Map<string, { d: number[]; a: number[]; c: Record<string, number[]> }>();
    for (const [k, d, a] of sortedDays) {
      const h = histories.get(k) ?? { d: [], a: [], c: {} };
      h.d.push(dayNo(d));
      h.a.push(a);
      histories.set(k, h);
    }
    for (const [k, d, c] of sortedCats) {
      const h = histories.get(k)!;
      (h.c[c] ??= []).push(dayNo(d));
    }
    return { days: sortedDays, categories: sortedCats, histories: [...histories] };
  };

  /** Delivers the events: each `times` times, shuffled, `parallel` at once on separate connections. */
  const deliver = async (businessId: string, ids: string[], times: number, seed: number, parallel = 6) => {
    const rand = rng(seed);
    const queue = ids.flatMap((id) => Array.from({ length: times }, () => id));
    for (let i = queue.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [queue[i], queue[j]] = [queue[j], queue[i]];
    }
    const outcomes = { applied: 0, duplicate: 0 };
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let id = queue.pop(); id !== undefined; id = queue.pop())
          outcomes[await consumeEvent(pool, consumer, businessId, id)]++;
      }),
    );
    return outcomes;
  };

  const eventIds = async (businessId: string) =>
    (
      await pg.query<{ id: string }>(
        `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2::text[]) ORDER BY id`,
        [businessId, consumer.types],
      )
    ).rows.map((r) => r.id);

  let b: TestBusiness;
  const TZ = 'Europe/Berlin';

  it('equal a brute-force computation under redelivered, reordered and concurrent events, with returns and imports', async () => {
    b = await makeBusiness(t, { timeZone: TZ });
    await publishRules(t, b, undefined, undefined);
    const rand = rng(17);
    const members: Awaited<ReturnType<typeof makeMember>>[] = [];
    for (let i = 0; i < 6; i++) members.push(await makeMember(t, b));
    const bought: { id: string; member: number; lines: { lineId: string; quantity: number }[] }[] = [];
    // Purchases around Berlin's midnight (23:xx UTC is the next local day), several on one local day.
    const buy = async (k: number, at: string) => {
      t.clock.set(at);
      const lines = [
        coffee('c', 1 + Math.floor(rand() * 3), 300 + Math.floor(rand() * 100)),
        {
          lineId: 'k',
          sku: 'CAKE',
          category: 'pastry',
          quantity: 1,
          unitPrice: 250 + Math.floor(rand() * 200),
        },
        { lineId: 'x', sku: 'MISC', quantity: 1, unitPrice: 100 },
      ];
      const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) - Math.floor(rand() * 150);
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: txn(), member: { cardPayload: members[k].card.payload }, total, lines });
      expect(r.status).toBe(201);
      bought.push({
        id: r.body.purchase.id,
        member: k,
        lines: lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
      });
    };
    const times = [
      '2026-02-10T08:00:00Z',
      '2026-02-10T22:30:00Z',
      '2026-02-10T23:30:00Z',
      '2026-02-11T12:00:00Z',
    ];
    for (const at of times) for (let k = 0; k < members.length; k++) if (rand() < 0.8) await buy(k, at);
    for (let k = 0; k < members.length; k++) await buy(k, '2026-02-20T10:00:00Z');

    // Phase 1: half of the events so far, twice each, concurrently.
    const first = await eventIds(b.id);
    const half = first.filter((_, i) => i % 2 === 0);
    expect(await deliver(b.id, half, 2, 1)).toEqual({ applied: half.length, duplicate: half.length });

    // More happens: returns (partial, full, a second partial of the same purchase) and later purchases.
    t.clock.set('2026-02-25T10:00:00Z');
    const ret = async (p: (typeof bought)[number], lines?: { lineId: string; quantity: number }[]) => {
      const r = await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: txn('R'), purchaseId: p.id, ...(lines ? { lines } : {}) });
      expect(r.status).toBe(201);
    };
    await ret(bought[0]);
    await ret(bought[1], [{ lineId: 'k', quantity: 1 }]);
    await ret(bought[1], [{ lineId: 'x', quantity: 1 }]);
    await ret(bought[2], [{ lineId: 'c', quantity: 1 }]);
    for (let k = 0; k < members.length; k++) await buy(k, '2026-02-26T10:00:00Z');

    // Imported history: a customer linked to member 0 by email, two unlinked ones, one with categories.
    const csv = [
      'purchase_id,customer_id,customer_email,date,amount,category',
      `H1,OLD-0,${members[0].email},2025-06-01,12.50,coffee`,
      `H2,OLD-0,${members[0].email},2026-02-10,3.00,pastry`,
      'H3,OLD-1,,2025-07-01,20.00,',
      'H4,OLD-1,,2025-07-01,5.00,coffee',
      'H5,OLD-2,,2025-08-15T23:30:00Z,7.25,food',
    ];
    const imp = await t
      .http()
      .post('/api/imports/purchases')
      .set(b.auth)
      .set('Content-Type', 'text/csv')
      .send(csv.join('\n'));
    expect(imp.body).toMatchObject({ state: 'completed', rowsRejected: 0, purchasesImported: 5 });

    // Phase 2: every event (old ones again), three times each, shuffled, six at once.
    const all = await eventIds(b.id);
    const outcome = await deliver(b.id, all, 3, 2);
    expect(outcome.applied).toBe(all.length - half.length);
    expect(outcome.applied + outcome.duplicate).toBe(all.length * 3);

    const want = await bruteForce(b.id, TZ);
    expect(want.days.length).toBeGreaterThan(15);
    expect(want.categories.length).toBeGreaterThan(20);
    // Several purchases merged into one day, and a day counted on the local (not the UTC) date.
    expect(want.days.some((r) => (r[3] as number) > 1)).toBe(true);
    expect(want.days.some((r) => r[1] === '2026-02-11')).toBe(true);
    expect(await summaries(b.id)).toEqual(want);
  });

  it('a redelivery is a duplicate; a consumer that fails after its write leaves nothing behind', async () => {
    const ids = await eventIds(b.id);
    const before = await summaries(b.id);
    // Knock one member's rows out, then deliver an already-consumed event of theirs: a duplicate, nothing changes.
    const one = ids[0];
    expect(await consumeEvent(pool, consumer, b.id, one)).toBe('duplicate');
    const failing = {
      name: 'events:retention-summary-failing-test',
      types: consumer.types,
      handle: async (
        tx: Parameters<RetentionSummaryConsumer['handle']>[0],
        e: Parameters<RetentionSummaryConsumer['handle']>[1],
      ) => {
        await tx.query(`DELETE FROM retention_customer_days WHERE business_id = $1`, [b.id]);
        await consumer.handle(tx, e);
        throw new Error('injected');
      },
    };
    await expect(consumeEvent(pool, failing, b.id, one)).rejects.toThrow('injected');
    expect(await summaries(b.id)).toEqual(before);
  });

  it('the rebuild recomputes them from the sources; owners only; bad input is a 400 that writes nothing; another business is untouched', async () => {
    const want = await bruteForce(b.id, TZ);
    await pg.query(`DELETE FROM retention_customer_days WHERE business_id = $1`, [b.id]);
    await pg.query(`UPDATE retention_category_days SET amount = amount + 1 WHERE business_id = $1`, [b.id]);
    const other = await makeBusiness(t);
    const o = await makeMember(t, other);
    await t
      .http()
      .post('/api/pos/purchases')
      .set(other.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: o.card.payload },
        total: 999,
        lines: [coffee('c', 1, 999)],
      })
      .expect(201);
    const r = await t.http().post('/api/retention/summaries/rebuild').set(b.auth);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      customers: new Set(want.days.map((d) => d[0])).size,
      days: want.days.length,
      categoryDays: want.categories.length,
      millis: expect.any(Number),
    });
    expect(await summaries(b.id)).toEqual(want);
    // The other business's purchase was not consumed yet, and its rows were not touched by this rebuild.
    expect((await summaries(other.id)).days).toEqual([]);
    const theirs = await t.http().post('/api/retention/summaries/rebuild').set(other.auth).expect(200);
    expect(theirs.body).toMatchObject({ customers: 1, days: 1, categoryDays: 1 });
    expect(await summaries(b.id)).toEqual(want);

    const manager = await makeStaff(t, b, 'manager');
    const snap = await snapshot(pg);
    const bad = await t
      .http()
      .post('/api/retention/summaries/rebuild')
      .query({ businessId: other.id })
      .set(b.auth);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(ERROR_BODY);
    expect((await t.http().post('/api/retention/summaries/rebuild').set(manager.auth)).status).toBe(403);
    expect((await t.http().post('/api/retention/summaries/rebuild')).status).toBe(401);
    expect(await snapshot(pg)).toEqual(snap);
  });

  it('the reports read the summaries: the review changes when only the summaries change', async () => {
    const before = await t
      .http()
      .get('/api/retention/review')
      .query({ month: '2026-02' })
      .set(b.auth)
      .expect(200);
    const total = (s: { totalValue: number }[]) => s.reduce((x, y) => x + y.totalValue, 0);
    // The review reads the per-customer histories: add 100000 to each customer's first day there.
    const n = await pg.query(
      `UPDATE retention_customer_histories
          SET history = jsonb_set(history, '{a,0}', to_jsonb((history->'a'->>0)::bigint + 100000))
        WHERE business_id = $1`,
      [b.id],
    );
    expect(n.rowCount).toBeGreaterThan(6);
    const after = await t
      .http()
      .get('/api/retention/review')
      .query({ month: '2026-02' })
      .set(b.auth)
      .expect(200);
    expect(total(after.body.segments) - total(before.body.segments)).toBe(100000 * n.rowCount!);
    await t.http().post('/api/retention/summaries/rebuild').set(b.auth).expect(200);
    const again = await t
      .http()
      .get('/api/retention/review')
      .query({ month: '2026-02' })
      .set(b.auth)
      .expect(200);
    expect(again.body).toEqual(before.body);
  });
});
