import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, makeStaff, TestBusiness } from '../support/factories';
import { badBodies, ERROR_BODY, snapshot } from '../support/bad-input';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';

/** Bad input on every counter, rules and rewards endpoint (400, nothing written), and tenant isolation (404). */
describe('POS, rules and rewards: bad input and tenant isolation', () => {
  let t: TestApp;
  let a: TestBusiness;
  let b: TestBusiness;
  let memberA: Awaited<ReturnType<typeof makeMember>>;
  let memberB: Awaited<ReturnType<typeof makeMember>>;
  let rewardA: { id: string };
  let purchaseA: string;
  let pg: Client;

  beforeAll(async () => {
    t = await createTestApp();
    a = await makeBusiness(t);
    b = await makeBusiness(t);
    await publishRules(t, a);
    await publishRules(t, b);
    memberA = await makeMember(t, a);
    memberB = await makeMember(t, b);
    rewardA = await makeReward(t, a, {
      name: 'Cookie',
      cost: { kind: 'points', points: 5 },
      benefit: { kind: 'amount_off', amount: 100 },
    });
    const p = await t
      .http()
      .post('/api/pos/purchases')
      .set(a.auth)
      .send({
        transactionId: 'A-1',
        member: { cardPayload: memberA.card.payload },
        total: 2000,
        lines: [coffee('1', 2, 1000)],
      });
    purchaseA = p.body.purchase.id;
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const cases = () => [
    {
      name: 'purchase',
      method: 'post' as const,
      path: '/api/pos/purchases',
      valid: {
        transactionId: 'NEW-1',
        member: { cardPayload: memberA.card.payload },
        total: 1000,
        occurredAt: '2026-03-02T08:00:00Z',
        locationId: a.locationId,
        lines: [coffee('1')],
        redeem: [{ rewardId: rewardA.id }],
      },
      required: ['transactionId', 'member', 'total'],
    },
    {
      name: 'redemption',
      method: 'post' as const,
      path: '/api/pos/redemptions',
      valid: {
        idempotencyKey: 'r-1',
        member: { cardPayload: memberA.card.payload },
        rewardId: rewardA.id,
        purchaseId: purchaseA,
        purchaseTotal: 500,
      },
      required: ['idempotencyKey', 'member', 'rewardId'],
    },
    {
      name: 'return',
      method: 'post' as const,
      path: '/api/pos/returns',
      valid: { idempotencyKey: 'ret-1', purchaseId: purchaseA, lines: [{ lineId: '1', quantity: 1 }] },
      required: ['idempotencyKey', 'purchaseId'],
    },
    {
      name: 'scan',
      method: 'post' as const,
      path: '/api/scan',
      valid: { payload: memberA.card.payload },
      required: [],
    },
    {
      name: 'publish rules',
      method: 'put' as const,
      path: '/api/rules',
      valid: { ruleSet: CAFE_RULES, effectiveFrom: '2030-01-01T00:00:00Z' },
      required: ['ruleSet'],
    },
    {
      name: 'preview rules',
      method: 'post' as const,
      path: '/api/rules/preview',
      valid: { ruleSet: CAFE_RULES, days: 7, limit: 10 },
      required: ['ruleSet'],
    },
    {
      name: 'program',
      method: 'patch' as const,
      path: '/api/program',
      valid: { reversalPolicy: 'clamp', restoreRewardsOnReturn: true },
      required: [],
    },
    {
      name: 'create reward',
      method: 'post' as const,
      path: '/api/rewards',
      valid: {
        name: 'X',
        cost: { kind: 'points', points: 10 },
        benefit: { kind: 'amount_off', amount: 100 },
        active: true,
      },
      required: ['name', 'cost', 'benefit'],
    },
    {
      name: 'update reward',
      method: 'patch' as const,
      path: `/api/rewards/${'$REWARD'}`,
      valid: { name: 'Y', active: false },
      required: [],
    },
  ];

  it.each([
    'purchase',
    'redemption',
    'return',
    'scan',
    'publish rules',
    'preview rules',
    'program',
    'create reward',
    'update reward',
  ])('%s: every bad body is a 400 with the error body and writes nothing', async (name) => {
    const c = cases().find((x) => x.name === name)!;
    const path = c.path.replace('$REWARD', rewardA.id);
    const before = await snapshot(pg);
    const bodies = badBodies(c.valid as Record<string, unknown>, c.required);
    for (const [what, body] of bodies) {
      const http = t.http();
      const r = await http[c.method](path)
        .set(a.auth)
        .send(body as object);
      const label = `${name}: ${what}`;
      expect({ label, status: r.status }).toEqual({ label, status: 400 });
      expect(r.body).toEqual(ERROR_BODY);
    }
    expect(await snapshot(pg)).toEqual(before);
  });

  it('nested and semantic bad input is a 400 too, with nothing written', async () => {
    const before = await snapshot(pg);
    const bad: [string, string, object][] = [
      ['post', '/api/pos/purchases', { transactionId: 'N2', member: {}, total: 100 }],
      [
        'post',
        '/api/pos/purchases',
        {
          transactionId: 'N2',
          member: { cardPayload: memberA.card.payload, memberNumber: '100001' },
          total: 100,
        },
      ],
      [
        'post',
        '/api/pos/purchases',
        {
          transactionId: 'N2',
          member: { cardPayload: memberA.card.payload },
          total: 100,
          lines: [{ lineId: '1', quantity: 0, unitPrice: 1 }],
        },
      ],
      [
        'post',
        '/api/pos/purchases',
        {
          transactionId: 'N2',
          member: { cardPayload: memberA.card.payload },
          total: 100,
          lines: [coffee('1'), coffee('1')],
        },
      ],
      [
        'post',
        '/api/pos/purchases',
        {
          transactionId: 'N2',
          member: { cardPayload: memberA.card.payload },
          total: 100,
          lines: [{ ...coffee('1'), extra: 1 }],
        },
      ],
      [
        'post',
        '/api/pos/purchases',
        { transactionId: 'has space', member: { cardPayload: memberA.card.payload }, total: 100 },
      ],
      [
        'post',
        '/api/pos/purchases',
        { transactionId: 'N2', member: { cardPayload: memberA.card.payload }, total: 1e12 },
      ],
      ['post', '/api/pos/returns', { idempotencyKey: 'x', purchaseId: 'not-a-uuid' }],
      ['put', '/api/rules', { ruleSet: { ...CAFE_RULES, pendingDays: -1 } }],
      [
        'put',
        '/api/rules',
        { ruleSet: { ...CAFE_RULES, stampCards: [{ ...CAFE_RULES.stampCards[0], cardSize: 0 }] } },
      ],
      ['put', '/api/rules', { ruleSet: { ...CAFE_RULES, surprise: true } }],
      ['put', '/api/rules', { ruleSet: CAFE_RULES, effectiveFrom: '2001-01-01T00:00:00Z' }],
      [
        'post',
        '/api/rewards',
        {
          name: 'X',
          cost: { kind: 'stamp_card', cardId: 'no-such-card' },
          benefit: { kind: 'amount_off', amount: 1 },
        },
      ],
      [
        'post',
        '/api/rewards',
        { name: 'X', cost: { kind: 'points', points: -5 }, benefit: { kind: 'amount_off', amount: 1 } },
      ],
      ['get', '/api/pos/purchases/not-a-uuid', {}],
    ];
    for (const [method, path, body] of bad) {
      const req = (
        t.http() as unknown as Record<
          string,
          (p: string) => {
            set(h: object): {
              send(b: object): Promise<{ status: number; body: { error?: { code: string } } }>;
            };
          }
        >
      )[method](path);
      const r = await req.set(a.auth).send(body);
      expect({ path, body, status: r.status, code: r.body.error?.code }).toEqual({
        path,
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await snapshot(pg)).toEqual(before);
  });

  it("another business's credentials on every counter, rules and rewards endpoint: 404 (or the card refusal), A unchanged", async () => {
    const cashierB = await makeStaff(t, b, 'cashier');
    const keyB = await makePosKey(t, b);
    const before = await snapshot(pg);
    const aRows = (
      await pg.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE business_id = $1`, [a.id])
    ).rows[0].n;
    for (const auth of [b.auth, cashierB.auth, keyB.auth]) {
      expect((await t.http().get(`/api/pos/purchases/${purchaseA}`).set(auth)).status).toBe(404);
      const ret = await t
        .http()
        .post('/api/pos/returns')
        .set(auth)
        .send({ idempotencyKey: txn('x'), purchaseId: purchaseA });
      expect(ret.status).toBe(404);
      const red = await t
        .http()
        .post('/api/pos/redemptions')
        .set(auth)
        .send({
          idempotencyKey: txn('x'),
          member: { cardPayload: memberB.card.payload },
          rewardId: rewardA.id,
        });
      expect(red.status).toBe(404);
      const redOnA = await t
        .http()
        .post('/api/pos/redemptions')
        .set(auth)
        .send({
          idempotencyKey: txn('x'),
          member: { cardPayload: memberB.card.payload },
          rewardId: rewardA.id,
          purchaseId: purchaseA,
        });
      expect(redOnA.status).toBe(404);
      const buy = await t
        .http()
        .post('/api/pos/purchases')
        .set(auth)
        .send({ transactionId: txn('x'), member: { cardPayload: memberA.card.payload }, total: 100 });
      expect(buy.status).toBe(422);
      expect(buy.body.error.code).toBe('CARD_FOREIGN_BUSINESS');
      const scan = await t.http().post('/api/scan').set(auth).send({ payload: memberA.card.payload });
      expect(scan.body.error.code).toBe('CARD_FOREIGN_BUSINESS');
    }
    expect(
      (await t.http().patch(`/api/rewards/${rewardA.id}`).set(b.auth).send({ active: false })).status,
    ).toBe(404);
    const rewardsB = await t.http().get('/api/rewards').set(b.auth);
    expect(rewardsB.body.items.map((r: { id: string }) => r.id)).not.toContain(rewardA.id);
    const rulesB = await t.http().get('/api/rules').set(b.auth);
    expect(rulesB.body.versions).toHaveLength(1);
    // Nothing was written (but B's API key's last-use time); A's ledger is untouched.
    const after = await snapshot(pg);
    expect({ ...after, api_keys: after.api_keys.split(':')[0] }).toEqual({
      ...before,
      api_keys: before.api_keys.split(':')[0],
    });
    expect(
      (await pg.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE business_id = $1`, [a.id])).rows[0]
        .n,
    ).toBe(aRows);
    // The purchase transaction id namespace is per business: B may use A's id for its own purchase.
    const same = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: 'A-1', member: { cardPayload: memberB.card.payload }, total: 100 });
    expect(same.status).toBe(201);
    expect(same.body.purchase.memberId).toBe(memberB.id);
  });
});
