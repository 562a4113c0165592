import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';

const DAY = 86_400_000;
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY;

describe('retention: the defection workflow', () => {
  let t: TestApp;
  let pg: Client;
  let b: TestBusiness;
  let member: Awaited<ReturnType<typeof makeMember>>;
  const TODAY = '2026-03-02';

  const importCsv = (lines: string[]) =>
    t
      .http()
      .post('/api/imports/purchases')
      .set(b.auth)
      .set('Content-Type', 'text/csv')
      .send(lines.join('\n'));

  beforeAll(async () => {
    t = await createTestApp({ clockStart: `${TODAY}T09:00:00Z` });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    b = await makeBusiness(t, { timeZone: 'UTC' });
    member = await makeMember(t, b, { firstName: 'Mo', lastName: 'Member', email: 'mo@example.test' });
    const lines = ['purchase_id,customer_id,customer_name,customer_email,date,amount'];
    for (let i = 0; i < 10; i++) lines.push(`R-${i},R,Rita,,${addDays('2025-10-01', 7 * i)},4.00`);
    for (let i = 0; i < 6; i++) lines.push(`Q-${i},Q,Quentin,,${addDays('2025-08-01', 14 * i)},20.00`);
    for (let i = 0; i < 20; i++) lines.push(`S-${i},S,Sam,,${addDays('2025-10-18', 7 * i)},3.00`);
    // The member's history, matched by email: every 10 days, stopped on 20 December.
    for (let i = 0; i < 8; i++)
      lines.push(`M-${i},M,Mo,mo@example.test,${addDays('2025-10-21', 10 * i)},6.00`);
    expect((await importCsv(lines)).body).toMatchObject({ state: 'completed', rowsRejected: 0 });
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const historyId = async (ext: string) =>
    `h:${(await pg.query(`SELECT id FROM history_customers WHERE business_id = $1 AND external_id = $2`, [b.id, ext])).rows[0].id}`;

  it('ranks overdue customers by value × risk (the heuristic below the model minimums)', async () => {
    const res = await t.http().get('/api/retention/at-risk').set(b.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ asOf: TODAY, method: 'heuristic' });
    const expected = [
      { id: await historyId('R'), name: 'Rita', last: addDays('2025-10-01', 63), gap: 7, value: 4000 },
      { id: await historyId('Q'), name: 'Quentin', last: addDays('2025-08-01', 70), gap: 14, value: 12000 },
      { id: member.id, name: 'Mo Member', last: addDays('2025-10-21', 70), gap: 10, value: 4800 },
    ]
      .map((c) => {
        const since = daysBetween(c.last, TODAY);
        const risk = 1 - (2 * c.gap) / since;
        return { ...c, since, risk, score: c.value * risk };
      })
      .sort((x, y) => y.score - x.score);
    expect(res.body.customers).toEqual(
      expected.map((c) => ({
        customerId: c.id,
        name: c.name,
        source: c.id.startsWith('h:') ? 'imported' : 'member',
        lastVisit: c.last,
        daysSinceLast: c.since,
        visits: expect.any(Number),
        overdueAfterDays: 2 * c.gap,
        pAlive: null,
        value: c.value,
        risk: expect.closeTo(c.risk, 12),
        score: Math.round(c.score),
        lastCall: null,
      })),
    );
    const two = await t.http().get('/api/retention/at-risk').query({ limit: '2' }).set(b.auth);
    expect(two.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(
      expected.slice(0, 2).map((c) => c.id),
    );
  });

  it('records calls; reasons feed the why report; a customer who buys after the call is won back', async () => {
    const manager = await makeStaff(t, b, 'manager');
    const rita = await historyId('R');
    const quentin = await historyId('Q');
    const c1 = await t.http().post('/api/retention/calls').set(manager.auth).send({
      customerId: rita,
      reached: true,
      reason: 'price',
      reasonText: 'Too dear since the price rise',
      outcome: 'will_return',
      followUpOn: '2026-03-16',
    });
    expect(c1.status).toBe(201);
    expect(c1.body).toEqual({
      id: expect.any(String),
      customerId: rita,
      staffId: manager.id,
      calledAt: '2026-03-02T09:00:00.000Z',
      reached: true,
      reason: 'price',
      reasonText: 'Too dear since the price rise',
      outcome: 'will_return',
      followUpOn: '2026-03-16',
    });
    await t
      .http()
      .post('/api/retention/calls')
      .set(b.auth)
      .send({ customerId: quentin, reached: false, outcome: 'no_answer' })
      .expect(201);
    t.clock.set('2026-03-02T10:00:00Z');
    await t
      .http()
      .post('/api/retention/calls')
      .set(b.auth)
      .send({
        customerId: member.id,
        reached: true,
        reason: 'other',
        reasonText: 'Works from home now',
        outcome: 'declined',
      })
      .expect(201);
    await t
      .http()
      .post('/api/retention/calls')
      .set(b.auth)
      .send({ customerId: quentin, reached: true, reason: 'moved', outcome: 'declined' })
      .expect(201);

    // The at-risk list shows each customer's latest call.
    const list = await t.http().get('/api/retention/at-risk').set(b.auth);
    const q = list.body.customers.find((c: { customerId: string }) => c.customerId === quentin);
    expect(q.lastCall).toEqual({
      calledAt: '2026-03-02T10:00:00.000Z',
      reached: true,
      outcome: 'declined',
      reason: 'moved',
      followUpOn: null,
    });

    // Rita comes back on 5 March (an imported purchase after the call counts too).
    t.clock.set('2026-03-06T09:00:00Z');
    expect(
      (await importCsv(['purchase_id,customer_id,date,amount', 'R-back,R,2026-03-05 12:00,4.50'])).body
        .purchasesImported,
    ).toBe(1);
    const why = await t.http().get('/api/retention/why').set(b.auth);
    expect(why.status).toBe(200);
    expect(why.body).toMatchObject({
      from: '2025-03-07',
      to: '2026-03-06',
      called: 3,
      reached: 3,
      wonBack: 1,
      wonBackRate: 1 / 3,
      wonBackCustomers: [
        {
          customerId: rita,
          name: 'Rita',
          calledAt: '2026-03-02T09:00:00.000Z',
          returnedAt: '2026-03-05T12:00:00.000Z',
        },
      ],
    });
    expect(why.body.reasons).toEqual([
      { reason: 'moved', customers: 1, share: 1 / 3, texts: [] },
      { reason: 'other', customers: 1, share: 1 / 3, texts: ['Works from home now'] },
      { reason: 'price', customers: 1, share: 1 / 3, texts: ['Too dear since the price rise'] },
    ]);
    const calls = await t
      .http()
      .get('/api/retention/calls')
      .query({ customerId: quentin })
      .set(b.auth)
      .expect(200);
    expect(calls.body.items.map((c: { outcome: string }) => c.outcome)).toEqual(['declined', 'no_answer']);
    const before = await t.http().get('/api/retention/why').query({ to: '2026-03-01' }).set(b.auth);
    expect(before.body).toMatchObject({ called: 0, wonBack: 0, wonBackRate: 0, reasons: [] });
  });

  it('bad input is a 400 and writes nothing; another business’s customer is a 404; owners and managers only', async () => {
    const rita = await historyId('R');
    const other = await makeBusiness(t);
    const foreignMember = await makeMember(t, other);
    const cashier = await makeStaff(t, b, 'cashier');
    const before = await snapshot(pg);
    const valid = { customerId: rita, reached: true, reason: 'price', outcome: 'will_return' };
    const bad: object[] = [
      {},
      { ...valid, customerId: 'R' },
      { ...valid, customerId: 12 },
      { ...valid, reached: 'yes' },
      { ...valid, reason: 'weather' },
      { ...valid, outcome: 'maybe' },
      { ...valid, outcome: 'no_answer' },
      { ...valid, reached: false, outcome: 'no_answer' },
      { customerId: rita, reached: false, outcome: 'declined' },
      { ...valid, reason: 'other' },
      { ...valid, reasonText: 'x'.repeat(501) },
      { ...valid, followUpOn: '2026-02-30' },
      { ...valid, followUpOn: '2026-03-01' },
      { ...valid, isAdmin: true },
      [valid],
    ];
    for (const body of bad) {
      const r = await t.http().post('/api/retention/calls').set(b.auth).send(body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(r.body).toEqual(ERROR_BODY);
    }
    for (const [path, q] of [
      ['/api/retention/at-risk', { limit: '0' }],
      ['/api/retention/at-risk', { limit: '501' }],
      ['/api/retention/calls', { customerId: 'x' }],
      ['/api/retention/why', { from: '2026-02-30' }],
      ['/api/retention/why', { from: '2026-03-02', to: '2026-03-01' }],
    ] as const) {
      const r = await t.http().get(path).query(q).set(b.auth);
      expect({ path, q, status: r.status }).toEqual({ path, q, status: 400 });
    }
    // Another business's member, and this business's imported customer called from another business: 404.
    for (const [auth, customerId] of [
      [b.auth, foreignMember.id],
      [other.auth, rita],
      [other.auth, member.id],
      [b.auth, '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60'],
    ] as const) {
      const r = await t
        .http()
        .post('/api/retention/calls')
        .set(auth)
        .send({ ...valid, customerId });
      expect({ customerId, status: r.status }).toEqual({ customerId, status: 404 });
    }
    for (const [method, path] of [
      ['get', '/api/retention/at-risk'],
      ['get', '/api/retention/calls'],
      ['get', '/api/retention/why'],
      ['post', '/api/retention/calls'],
    ] as const) {
      const http = t.http();
      const asCashier = http[method](path).set(cashier.auth);
      expect((await (method === 'post' ? asCashier.send(valid) : asCashier)).status).toBe(403);
      expect((await t.http()[method](path)).status).toBe(401);
    }
    expect(await snapshot(pg)).toEqual(before);
    expect((await t.http().get('/api/retention/calls').set(other.auth)).body).toEqual({ items: [] });
    expect((await t.http().get('/api/retention/at-risk').set(other.auth)).body.customers).toEqual([]);
    expect((await t.http().get('/api/retention/why').set(other.auth)).body).toMatchObject({
      called: 0,
      reasons: [],
    });
  });
});
