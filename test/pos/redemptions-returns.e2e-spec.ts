import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, TestBusiness } from '../support/factories';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';

describe('redemptions and returns', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-05-04T09:00:00Z' });
  });
  afterAll(async () => t.close());

  async function setup(program?: object) {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    if (program) await t.http().patch('/api/program').set(b.auth).send(program).expect(200);
    const m = await makeMember(t, b);
    const reward = await makeReward(t, b, {
      name: '5 off',
      cost: { kind: 'points', points: 100 },
      benefit: { kind: 'amount_off', amount: 500 },
    });
    return { b, m, reward };
  }

  const buy = (b: TestBusiness, payload: string, body: object) =>
    t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: payload }, ...body });
  const points = async (b: TestBusiness, payload: string) =>
    (await t.http().post('/api/scan').set(b.auth).send({ payload })).body.points.available as number;

  it('50 concurrent redemptions against a balance that covers one: exactly one succeeds', async () => {
    const { b, m, reward } = await setup();
    await buy(b, m.card.payload, { total: 15000 }).expect(201); // 150 points: covers one 100-point reward
    const key = await makePosKey(t, b);
    const rs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .post('/api/pos/redemptions')
          .set(i % 2 ? key.auth : b.auth)
          .send({
            idempotencyKey: `race-${i}`,
            member: { cardPayload: m.card.payload },
            rewardId: reward.id,
          }),
      ),
    );
    const ok = rs.filter((r) => r.status === 201);
    const refused = rs.filter((r) => r.status === 422);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) expect(r.body.error.code).toBe('INSUFFICIENT_BALANCE');
    expect(await points(b, m.card.payload)).toBe(50);
    expect((await t.http().get('/api/ledger/verify').set(b.auth)).body.ok).toBe(true);
  });

  it('a redemption is idempotent; a refused one writes nothing and leaves its key free', async () => {
    const { b, m, reward } = await setup();
    const poor = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: 'k1', member: { cardPayload: m.card.payload }, rewardId: reward.id });
    expect(poor.status).toBe(422);
    await buy(b, m.card.payload, { total: 10000 }).expect(201);
    const body = { idempotencyKey: 'k1', member: { cardPayload: m.card.payload }, rewardId: reward.id };
    const [a, c] = await Promise.all([
      t.http().post('/api/pos/redemptions').set(b.auth).send(body),
      t.http().post('/api/pos/redemptions').set(b.auth).send(body),
    ]);
    expect([a.status, c.status]).toEqual([201, 201]);
    expect(a.body.redemption).toEqual(c.body.redemption);
    expect(a.body.redemption.discount).toBe(500);
    expect(await points(b, m.card.payload)).toBe(0);
    const other = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ ...body, rewardId: '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60' });
    expect(other.status).toBe(404);
  });

  it('a redemption together with a purchase is atomic: refused reward, no purchase', async () => {
    const { b, m, reward } = await setup();
    const id = txn();
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: id,
        member: { cardPayload: m.card.payload },
        total: 2000,
        redeem: [{ rewardId: reward.id }],
      });
    expect(r.status).toBe(422);
    expect(await points(b, m.card.payload)).toBe(0);
    // The same transaction id can be sent again once it can succeed.
    await buy(b, m.card.payload, { total: 10000 }).expect(201);
    const again = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: id,
        member: { cardPayload: m.card.payload },
        total: 2000,
        redeem: [{ rewardId: reward.id }],
      });
    expect(again.status).toBe(201);
    expect(again.body.redemptions).toEqual([
      expect.objectContaining({ rewardId: reward.id, cost: 100, discount: 500 }),
    ]);
    // The total is the sale before the reward: 20.00 - 5.00 paid earns 15 points.
    expect(again.body.purchase).toMatchObject({ saleAmount: 2000, rewardDiscount: 500, total: 1500 });
    expect(again.body.summary.points.available).toBe(15);
  });

  it('a partial return reverses exactly what the returned lines earned; the same lines twice change nothing', async () => {
    const { b, m } = await setup();
    const p = await buy(b, m.card.payload, { total: 1050, lines: [coffee('c', 3, 350)] });
    expect(p.body.earned.map((e: { amount: number }) => e.amount)).toEqual([10, 3]);
    const purchaseId = p.body.purchase.id;
    const r1 = await t
      .http()
      .post('/api/pos/returns')
      .set(b.auth)
      .send({ idempotencyKey: 'ret-1', purchaseId, lines: [{ lineId: 'c', quantity: 1 }] });
    expect(r1.status).toBe(201);
    // Cumulative floor: floor(10*1/3) = 3 points, 1 stamp.
    expect(r1.body.reversed.map((x: { kind: string; amount: number }) => [x.kind, x.amount])).toEqual([
      ['points', 3],
      ['stamps', 1],
    ]);
    expect(r1.body.summary.points.available).toBe(7);
    expect(r1.body.summary.stampCards[0].progress).toBe(2);
    const replay = await t
      .http()
      .post('/api/pos/returns')
      .set(b.auth)
      .send({ idempotencyKey: 'ret-1', purchaseId, lines: [{ lineId: 'c', quantity: 1 }] });
    expect(replay.body.reversed).toEqual(r1.body.reversed);
    expect(replay.body.replayed).toBe(true);
    const tooMany = await t
      .http()
      .post('/api/pos/returns')
      .set(b.auth)
      .send({ idempotencyKey: 'ret-2', purchaseId, lines: [{ lineId: 'c', quantity: 3 }] });
    expect(tooMany.status).toBe(422);
    const rest = await t
      .http()
      .post('/api/pos/returns')
      .set(b.auth)
      .send({ idempotencyKey: 'ret-3', purchaseId });
    expect(rest.body.reversed.map((x: { amount: number }) => x.amount)).toEqual([7, 2]);
    expect(rest.body.summary.points.available).toBe(0);
    expect(rest.body.summary.stampCards[0].progress).toBe(0);
    const nothingLeft = await t
      .http()
      .post('/api/pos/returns')
      .set(b.auth)
      .send({ idempotencyKey: 'ret-4', purchaseId });
    expect(nothingLeft.status).toBe(422);
    expect(await points(b, m.card.payload)).toBe(0);
  });

  describe('a return after a partial redemption follows the program policy', () => {
    async function scenario(policy: 'clamp' | 'refuse' | 'allow_negative') {
      const { b, m, reward } = await setup({ reversalPolicy: policy });
      const p = await buy(b, m.card.payload, {
        total: 15000,
        lines: [{ lineId: 'x', sku: 'BEANS', category: 'retail', quantity: 1, unitPrice: 15000 }],
      });
      await t
        .http()
        .post('/api/pos/redemptions')
        .set(b.auth)
        .send({ idempotencyKey: txn('R'), member: { cardPayload: m.card.payload }, rewardId: reward.id })
        .expect(201);
      expect(await points(b, m.card.payload)).toBe(50);
      const r = await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: txn('ret'), purchaseId: p.body.purchase.id });
      return { b, m, r };
    }

    it('clamp: takes back what is left (50 of 150), balance 0', async () => {
      const { b, m, r } = await scenario('clamp');
      expect(r.status).toBe(201);
      expect(r.body.reversed[0]).toMatchObject({ kind: 'points', amount: 50, requested: 150 });
      expect(await points(b, m.card.payload)).toBe(0);
    });

    it('refuse: the return is rejected and nothing changes', async () => {
      const { b, m, r } = await scenario('refuse');
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('REVERSAL_REFUSED');
      expect(await points(b, m.card.payload)).toBe(50);
    });

    it('allow_negative: takes back all 150, balance -100', async () => {
      const { b, m, r } = await scenario('allow_negative');
      expect(r.status).toBe(201);
      expect(r.body.reversed[0]).toMatchObject({ amount: 150 });
      expect(await points(b, m.card.payload)).toBe(-100);
      // The next purchase first pays off the debt (the ledger settles it; the answer shows the result).
      const next = await buy(b, m.card.payload, { total: 3000 });
      expect(next.status).toBe(201);
      expect(next.body.earned[0]).toMatchObject({ kind: 'points', amount: 30 });
      expect(next.body.summary.points.available).toBe(-70);
      expect(await points(b, m.card.payload)).toBe(-70);
      const verify = await t.http().get('/api/ledger/verify').set(b.auth);
      expect(verify.body).toMatchObject({ ok: true });
    });
  });

  it('rewards redeemed on a returned purchase are restored or not by the program setting', async () => {
    for (const restore of [true, false]) {
      const { b, m, reward } = await setup({ restoreRewardsOnReturn: restore });
      await buy(b, m.card.payload, { total: 10000 }).expect(201);
      const p = await buy(b, m.card.payload, { total: 2000, redeem: [{ rewardId: reward.id }] });
      expect(p.body.summary.points.available).toBe(15);
      const r = await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: txn('ret'), purchaseId: p.body.purchase.id });
      expect(r.status).toBe(201);
      expect(r.body.restoredRewards).toHaveLength(restore ? 1 : 0);
      expect(await points(b, m.card.payload)).toBe(restore ? 100 : 0);
    }
  });

  it('rule preview: what a proposed change would have given, without writing anything', async () => {
    const { b, m } = await setup();
    const m2 = await makeMember(t, b);
    await buy(b, m.card.payload, { total: 1000, lines: [coffee('1', 2, 500)] });
    await buy(b, m2.card.payload, {
      total: 3000,
      lines: [{ lineId: '1', sku: 'BEANS', category: 'retail', quantity: 1, unitPrice: 3000 }],
    });
    const proposed = {
      ...CAFE_RULES,
      multipliers: [
        {
          id: 'coffee-x2',
          name: 'Coffee double',
          match: { skus: [], categories: ['coffee'] },
          multiplierBp: 20000,
        },
      ],
    };
    const r = await t.http().post('/api/rules/preview').set(b.auth).send({ ruleSet: proposed, days: 7 });
    expect(r.status).toBe(200);
    expect(r.body.purchases).toBe(2);
    expect(r.body.current.points).toBe(40);
    expect(r.body.proposed.points).toBe(50);
    expect(r.body.gainers).toBe(1);
    expect(r.body.changedMembers[0]).toMatchObject({ memberId: m.id, pointsDelta: 10 });
    const rules = await t.http().get('/api/rules').set(b.auth);
    expect(rules.body.versions).toHaveLength(1);
  });

  it('each refusal has its own code (docs/API.md) and writes nothing', async () => {
    const { b, m, reward } = await setup();
    const p = await buy(b, m.card.payload, { total: 1050, lines: [coffee('c', 3, 350)] });
    const purchaseId = p.body.purchase.id;
    const ret = (key: string, lines?: object[]) =>
      t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: key, purchaseId, ...(lines ? { lines } : {}) });
    const returnsWritten = async () =>
      (await t.http().get(`/api/pos/purchases?memberId=${m.id}`).set(b.auth)).body.items[0].lines[0]
        .returnedQuantity as number;

    const unknown = await ret('e-1', [{ lineId: 'nope', quantity: 1 }]);
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const repeated = await ret('e-2', [
      { lineId: 'c', quantity: 1 },
      { lineId: 'c', quantity: 1 },
    ]);
    expect([repeated.status, repeated.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const tooMany = await ret('e-3', [{ lineId: 'c', quantity: 4 }]);
    expect([tooMany.status, tooMany.body.error.code]).toEqual([422, 'RETURN_EXCEEDS_PURCHASE']);
    expect(tooMany.body.error.details).toMatchObject({ lineId: 'c', purchased: 3, requested: 4 });
    expect(await returnsWritten()).toBe(0);
    await ret('e-4').expect(201);
    const nothingLeft = await ret('e-5');
    expect([nothingLeft.status, nothingLeft.body.error.code]).toEqual([422, 'NOTHING_TO_RETURN']);
    // A withdrawn reward: REWARD_NOT_AVAILABLE (not the generic UNPROCESSABLE).
    await buy(b, m.card.payload, { total: 20000 }).expect(201);
    await t.http().patch(`/api/rewards/${reward.id}`).set(b.auth).send({ active: false }).expect(200);
    const withdrawn = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: txn('R'), member: { cardPayload: m.card.payload }, rewardId: reward.id });
    expect([withdrawn.status, withdrawn.body.error.code]).toEqual([422, 'REWARD_NOT_AVAILABLE']);
    expect(withdrawn.body.error.details).toMatchObject({ rewardId: reward.id, reason: 'withdrawn' });
    expect(await points(b, m.card.payload)).toBe(200);
  });
});
