import { Client } from 'pg';
import { badBodies, ERROR_BODY, snapshot } from '../support/bad-input';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, makeStaff, TestBusiness } from '../support/factories';
import { CAFE_RULES, coffee, publishRules, txn } from '../support/loyalty';

/**
 * The console's member routes: balances, history, purchases with lines, and the
 * manual points adjustment (a ledger posting with its audit row; idempotent;
 * validated; owners and managers of the member's business only).
 */
describe('member activity and manual adjustments', () => {
  let t: TestApp;
  let a: TestBusiness;
  let b: TestBusiness;
  let pg: Client;
  let member: Awaited<ReturnType<typeof makeMember>>;
  const MISSING = '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60';

  beforeAll(async () => {
    t = await createTestApp();
    a = await makeBusiness(t);
    b = await makeBusiness(t);
    await publishRules(t, a, CAFE_RULES);
    member = await makeMember(t, a, { firstName: 'Greta', lastName: 'Adjust' });
    const pos = await makePosKey(t, a);
    await t
      .http()
      .post('/api/pos/purchases')
      .set(pos.auth)
      .send({
        transactionId: txn(),
        member: { memberNumber: member.memberNumber },
        total: 1120,
        lines: [
          coffee('1', 2, 350),
          { lineId: '2', sku: 'CAKE', category: 'bakery', quantity: 1, unitPrice: 420 },
        ],
      })
      .expect(201);
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const adjust = (body: object, auth = a.auth, id = member.id) =>
    t.http().post(`/api/members/${id}/adjustments`).set(auth).send(body);

  it('shows balances, stamp progress and purchases with their lines', async () => {
    const l = await t.http().get(`/api/members/${member.id}/loyalty`).set(a.auth).expect(200);
    expect(l.body.points).toMatchObject({ available: 11, pending: 0, held: 0 });
    expect(l.body.stampCards).toEqual([
      {
        cardId: 'coffee',
        name: 'Coffee card',
        size: 10,
        progress: 2,
        completedCards: 0,
        rewardId: 'free-coffee',
      },
    ]);
    const p = await t.http().get(`/api/members/${member.id}/purchases`).set(a.auth).expect(200);
    expect(p.body.nextCursor).toBeNull();
    expect(p.body.items).toHaveLength(1);
    expect(p.body.items[0]).toMatchObject({ total: 1120 });
    expect(p.body.items[0].lines).toEqual([
      { lineId: '1', sku: 'ESPRESSO', category: 'coffee', quantity: 2, unitPrice: 350, returnedQuantity: 0 },
      { lineId: '2', sku: 'CAKE', category: 'bakery', quantity: 1, unitPrice: 420, returnedQuantity: 0 },
    ]);
  });

  it('posts a credit to the ledger, audits who, when and why, and shows it in the history', async () => {
    t.clock.set('2026-03-02T10:00:00Z');
    const manager = await makeStaff(t, a, 'manager');
    const r = await adjust(
      { amount: 50, reason: 'Machine broke: goodwill', idempotencyKey: 'adj-credit-0001' },
      manager.auth,
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      memberId: member.id,
      amount: 50,
      reason: 'Machine broke: goodwill',
      staffId: manager.id,
      staffName: expect.stringMatching(/^manager /),
      createdAt: '2026-03-02T10:00:00.000Z',
      balanceAfter: 61,
      ledgerTransactionId: expect.stringMatching(/^\d+$/),
    });
    // A retry with the same key: the same answer, nothing posted twice.
    t.clock.set('2026-03-02T10:00:05Z');
    const again = await adjust(
      { amount: 50, reason: 'Machine broke: goodwill', idempotencyKey: 'adj-credit-0001' },
      manager.auth,
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(r.body);
    const l = await t.http().get(`/api/members/${member.id}/loyalty`).set(a.auth).expect(200);
    expect(l.body.points.available).toBe(61);

    const h = await t.http().get(`/api/members/${member.id}/history`).set(a.auth).expect(200);
    expect(h.body.items[0]).toMatchObject({
      unit: 'points',
      kind: 'earn',
      amount: 50,
      balanceAfter: 61,
      reason: 'Adjustment: Machine broke: goodwill',
      at: '2026-03-02T10:00:00.000Z',
    });
    const list = await t.http().get(`/api/members/${member.id}/adjustments`).set(a.auth).expect(200);
    expect(list.body.items).toEqual([r.body]);
    const rows = await pg.query(
      `SELECT staff_id, amount::int, reason, created_at FROM point_adjustments WHERE business_id = $1`,
      [a.id],
    );
    expect(rows.rows).toEqual([
      {
        staff_id: manager.id,
        amount: 50,
        reason: 'Machine broke: goodwill',
        created_at: new Date('2026-03-02T10:00:00Z'),
      },
    ]);
    // The member sees it in their own history too (the same ledger statement).
    expect((await t.http().get('/api/ledger/verify').set(a.auth)).body).toEqual({ ok: true, violations: [] });
  });

  it('takes points away, refuses more than the balance, and refuses a reused key with other details', async () => {
    const d = await adjust({ amount: -11, reason: 'Entered twice', idempotencyKey: 'adj-debit-0001' });
    expect(d.status).toBe(201);
    expect(d.body.balanceAfter).toBe(50);
    const tooMuch = await adjust({ amount: -51, reason: 'Too much', idempotencyKey: 'adj-debit-0002' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_BALANCE');
    const n = await pg.query(`SELECT count(*)::int AS n FROM point_adjustments WHERE business_id = $1`, [
      a.id,
    ]);
    expect(n.rows[0].n).toBe(2);
    // The refused key stays free.
    const ok = await adjust({ amount: -50, reason: 'Too much', idempotencyKey: 'adj-debit-0002' });
    expect(ok.status).toBe(201);
    expect(ok.body.balanceAfter).toBe(0);
    const conflict = await adjust({ amount: -10, reason: 'Entered twice', idempotencyKey: 'adj-debit-0001' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const h = await t.http().get(`/api/members/${member.id}/history`).set(a.auth).expect(200);
    expect(
      h.body.items.slice(0, 2).map((e: { amount: number; reason: string }) => [e.amount, e.reason]),
    ).toEqual([
      [-50, 'Adjustment: Too much'],
      [-11, 'Adjustment: Entered twice'],
    ]);
  });

  it('pages through all purchases and the whole history with the cursors', async () => {
    const m = await makeMember(t, a, { firstName: 'Paula', lastName: 'Pages' });
    const pos = await makePosKey(t, a);
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      t.clock.advance(60_000);
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(pos.auth)
        .send({
          transactionId: txn('P'),
          member: { memberNumber: m.memberNumber },
          total: 350,
          lines: [coffee('1')],
        })
        .expect(201);
      made.push(r.body.purchase.id as string);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await t
        .http()
        .get(`/api/members/${m.id}/purchases`)
        .query(cursor ? { cursor } : {})
        .set(a.auth)
        .expect(200);
      seen.push(...(r.body.items as { id: string }[]).map((x) => x.id));
      cursor = r.body.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual([...made].reverse());
    // History: 23 points earns and 23 stamp earns, newest first, across pages of 50.
    const entries: { unit: string }[] = [];
    cursor = undefined;
    do {
      const page: { items: { unit: string }[]; nextCursor: string | null } = (
        await t
          .http()
          .get(`/api/members/${m.id}/history`)
          .query(cursor ? { cursor } : {})
          .set(a.auth)
          .expect(200)
      ).body;
      entries.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(entries.filter((e) => e.unit === 'points')).toHaveLength(23);
    expect(entries.filter((e) => e.unit === 'stamps:coffee')).toHaveLength(23);
  });

  it('refuses bad input with a 400 and writes nothing', async () => {
    const before = await snapshot(pg);
    const valid = { amount: 5, reason: 'A good reason', idempotencyKey: 'adj-bad-00001' };
    const cases: [string, unknown][] = [
      ...badBodies(valid, ['amount', 'reason', 'idempotencyKey']),
      ['amount zero', { ...valid, amount: 0 }],
      ['amount too large', { ...valid, amount: 1_000_001 }],
      ['reason blank', { ...valid, reason: '    ' }],
      ['reason too short', { ...valid, reason: 'ab' }],
      ['reason too short once trimmed', { ...valid, reason: '  ab  ' }],
      ['key too short', { ...valid, idempotencyKey: 'short' }],
      ['key with spaces', { ...valid, idempotencyKey: 'has spaces here' }],
    ];
    for (const [what, body] of cases) {
      // "amount negative" from badBodies is a valid debit; it is refused for the empty balance (422).
      const r = await adjust(body as object);
      if (what === 'amount negative') {
        expect({ what, status: r.status }).toEqual({ what, status: 422 });
        continue;
      }
      expect({ what, status: r.status }).toEqual({ what, status: 400 });
      expect(r.body).toEqual(ERROR_BODY);
    }
    for (const path of [
      '/api/members/zzz/loyalty',
      '/api/members/zzz/history',
      '/api/members/zzz/purchases',
      '/api/members/zzz/adjustments',
    ]) {
      expect((await t.http().get(path).set(a.auth)).status).toBe(400);
    }
    expect((await adjust(valid, a.auth, 'zzz')).status).toBe(400);
    for (const cursor of ['abc', "1' OR 1=1"]) {
      expect(
        (await t.http().get(`/api/members/${member.id}/history`).query({ cursor }).set(a.auth)).status,
      ).toBe(400);
      expect(
        (await t.http().get(`/api/members/${member.id}/purchases`).query({ cursor }).set(a.auth)).status,
      ).toBe(400);
    }
    expect(await snapshot(pg)).toEqual(before);
  });

  it("answers another business's member exactly like a missing one, and keeps cashiers and POS keys out", async () => {
    const before = await snapshot(pg);
    const cashierA = await makeStaff(t, a, 'cashier');
    const keyA = await makePosKey(t, a);
    const snapshotAfterSetup = await snapshot(pg);
    const calls: {
      name: string;
      send: (
        id: string,
        auth: Record<string, string>,
      ) => Promise<{ status: number; body: { error?: unknown } }>;
    }[] = [
      { name: 'loyalty', send: (id, auth) => t.http().get(`/api/members/${id}/loyalty`).set(auth) },
      { name: 'history', send: (id, auth) => t.http().get(`/api/members/${id}/history`).set(auth) },
      { name: 'purchases', send: (id, auth) => t.http().get(`/api/members/${id}/purchases`).set(auth) },
      { name: 'adjustments', send: (id, auth) => t.http().get(`/api/members/${id}/adjustments`).set(auth) },
      {
        name: 'adjust',
        send: (id, auth) =>
          t
            .http()
            .post(`/api/members/${id}/adjustments`)
            .set(auth)
            .send({ amount: 5, reason: 'Foreign try', idempotencyKey: 'adj-foreign-01' }),
      },
    ];
    for (const c of calls) {
      const foreign = await c.send(member.id, b.auth);
      const missing = await c.send(MISSING, b.auth);
      expect({ c: c.name, status: foreign.status }).toEqual({ c: c.name, status: 404 });
      expect(foreign.body.error).toEqual(missing.body.error);
      expect({ c: c.name, status: (await c.send(member.id, cashierA.auth)).status }).toEqual({
        c: c.name,
        status: 403,
      });
      expect({ c: c.name, status: (await c.send(member.id, keyA.auth)).status }).toEqual({
        c: c.name,
        status: 403,
      });
    }
    expect(before).not.toEqual(snapshotAfterSetup);
    // The POS key's last use is recorded; nothing else changed.
    const { api_keys: _keysAfter, ...after } = await snapshot(pg);
    const { api_keys: _keysBefore, ...expected } = snapshotAfterSetup;
    expect(after).toEqual(expected);
  });
});
