import { Client } from 'pg';
import { LedgerScheduler } from '../../apps/api/src/ledger/ledger.scheduler';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey } from '../support/factories';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';

describe('purchases at the counter', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
  });
  afterAll(async () => t.close());

  it('earns points and stamps with reasons, and the scan answer shows them', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const m = await makeMember(t, b);
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 1240,
        lines: [
          coffee('1', 2, 350),
          { lineId: '2', sku: 'CAKE', category: 'bakery', quantity: 1, unitPrice: 540 },
        ],
      });
    expect(r.status).toBe(201);
    expect(r.body.earned).toEqual([
      expect.objectContaining({ kind: 'points', amount: 12, reason: expect.stringContaining('12') }),
      expect.objectContaining({
        kind: 'stamps',
        cardId: 'coffee',
        amount: 2,
        reason: expect.stringContaining('Coffee card'),
      }),
    ]);
    expect(r.body.summary.points).toMatchObject({ available: 12, pending: 0 });
    // Purchase ids are time-ordered UUIDv7; the stored answer is readable by id.
    expect(r.body.purchase.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const stored = await t.http().get(`/api/pos/purchases/${r.body.purchase.id}`).set(b.auth);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ ...r.body, replayed: undefined });
    expect(r.body.summary.stampCards).toEqual([
      expect.objectContaining({ cardId: 'coffee', progress: 2, size: 10, completedCards: 0 }),
    ]);
    const scan = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({ member: { id: m.id }, tier: null, points: { available: 12 } });
    const byNumber = await t.http().post('/api/scan').set(b.auth).send({ memberNumber: m.memberNumber });
    expect(byNumber.body.points.available).toBe(12);
  });

  it('a purchase reuses the scan just before only while it is current: balances, name and card are checked', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const m = await makeMember(t, b);
    const card = { cardPayload: m.card.payload };
    const buy = (member: object, total: number) =>
      t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: txn(), member, total, lines: [coffee('1', 1, total)] });
    const scan = (payload: string) => t.http().post('/api/scan').set(b.auth).send({ payload });

    // Balances changed behind the scan (a purchase by member number): the purchase by card is exact.
    expect((await scan(m.card.payload)).body.points.available).toBe(0);
    expect((await buy({ memberNumber: m.memberNumber }, 1000)).body.summary.points.available).toBe(10);
    const second = await buy(card, 500);
    expect(second.status).toBe(201);
    expect(second.body.summary.points.available).toBe(15);
    expect(second.body.summary.stampCards[0].progress).toBe(2);
    expect(second.body.earned[1].reason).toContain('2');

    // The member was renamed between scan and purchase: the answer shows the new name.
    await scan(m.card.payload);
    const renamed = await t.http().patch(`/api/members/${m.id}`).set(b.auth).send({ firstName: 'Renamed' });
    expect(renamed.status).toBe(200);
    const third = await buy(card, 300);
    expect(third.status).toBe(201);
    expect(third.body.summary.member.firstName).toBe('Renamed');
    expect(third.body.summary.points.available).toBe(18);

    // The card was reissued between scan and purchase: the old card is refused and nothing is written.
    await scan(m.card.payload);
    const fresh = await t.http().post(`/api/members/${m.id}/card/reissue`).set(b.auth).send({});
    expect(fresh.status).toBe(201);
    const refused = await buy(card, 900);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CARD_REVOKED');
    const after = await scan(fresh.body.payload);
    expect(after.body.points.available).toBe(18);
    expect(after.body.stampCards[0].progress).toBe(3);
    expect((await t.http().get('/api/ledger/verify').set(b.auth)).body).toEqual({ ok: true, violations: [] });
  });

  it('the same purchase sent 5 times concurrently: one purchase, five equal answers', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const m = await makeMember(t, b);
    const key = await makePosKey(t, b);
    const body = {
      transactionId: txn('RETRY'),
      member: { cardPayload: m.card.payload },
      total: 1000,
      lines: [coffee('1', 1, 1000)],
    };
    const rs = await Promise.all(
      Array.from({ length: 5 }, () => t.http().post('/api/pos/purchases').set(key.auth).send(body)),
    );
    expect(rs.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const strip = (x: Record<string, unknown>) => ({ ...x, replayed: undefined });
    for (const r of rs) expect(strip(r.body)).toEqual(strip(rs[0].body));
    expect(rs.filter((r) => r.body.replayed === false)).toHaveLength(1);
    const scan = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
    expect(scan.body.points.available).toBe(10);
    expect(scan.body.stampCards[0].progress).toBe(1);
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const count = await c.query(`SELECT count(*)::int AS n FROM purchases WHERE business_id = $1`, [b.id]);
    await c.end();
    expect(count.rows[0].n).toBe(1);
  });

  it('concurrent different purchases of one member all count (no deadlock, no lost stamp)', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const m = await makeMember(t, b);
    // 12 one-coffee purchases of the member at once.
    const twelveAtOnce = (prefix: string) =>
      Promise.all(
        Array.from({ length: 12 }, () =>
          t
            .http()
            .post('/api/pos/purchases')
            .set(b.auth)
            .send({
              transactionId: txn(prefix),
              member: { cardPayload: m.card.payload },
              total: 350,
              lines: [coffee('1')],
            }),
        ),
      );
    const rs = await twelveAtOnce('P');
    expect(rs.map((r) => r.status)).toEqual(Array(12).fill(201));
    const scan = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
    expect(scan.body.points.available).toBe(36);
    expect(scan.body.stampCards[0]).toMatchObject({ completedCards: 1, progress: 2 });
    // Reasons show exact progress because the member's counter operations are serialised.
    const completions = rs.map((r) => r.body.earned[1].cardsCompleted as number);
    expect(completions.reduce((a, c) => a + c, 0)).toBe(1);
    // Each answer shows the balance right after its own purchase: 3, 6, ..., 36 in some order.
    const shown = (xs: typeof rs) =>
      xs.map((r) => r.body.summary.points.available as number).sort((a, c) => a - c);
    expect(shown(rs)).toEqual(Array.from({ length: 12 }, (_, i) => 3 * (i + 1)));

    // Again, all starting from the read the scan just left for them: stale for all but the first
    // to commit, so the others are re-checked and re-evaluated, and every answer is still exact.
    expect((await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload })).status).toBe(200);
    const again = await twelveAtOnce('Q');
    expect(again.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(shown(again)).toEqual(Array.from({ length: 12 }, (_, i) => 36 + 3 * (i + 1)));
    const progress = again
      .map((r) => r.body.summary.stampCards[0] as { progress: number; completedCards: number })
      .map((c) => c.completedCards * 10 + c.progress)
      .sort((a, c) => a - c);
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i + 1));
    expect((await t.http().get('/api/ledger/verify').set(b.auth)).body).toEqual({ ok: true, violations: [] });
  });

  it('the same transaction id with a different request is a 409 and changes nothing', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const m = await makeMember(t, b);
    const id = txn();
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: id, member: { cardPayload: m.card.payload }, total: 500 })
      .expect(201);
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: id, member: { cardPayload: m.card.payload }, total: 5000 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(
      (await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload })).body.points.available,
    ).toBe(5);
  });

  it('the tenth coffee fills the card; the stamp-card reward is redeemed and progress goes on', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const free = await makeReward(t, b, {
      name: 'Free coffee',
      cost: { kind: 'stamp_card', cardId: 'coffee' },
      benefit: { kind: 'free_item', sku: 'ESPRESSO', description: 'Espresso', maxValue: 350 },
    });
    const m = await makeMember(t, b);
    for (let i = 1; i <= 9; i++) {
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({
          transactionId: txn(),
          member: { cardPayload: m.card.payload },
          total: 350,
          lines: [coffee('1')],
        });
      expect(r.body.summary.stampCards[0]).toMatchObject({ progress: i, completedCards: 0 });
      expect(r.body.summary.rewardsAvailable).toEqual([]);
    }
    const tenth = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 350,
        lines: [coffee('1')],
      });
    expect(tenth.body.earned[1]).toMatchObject({ kind: 'stamps', cardsCompleted: 1 });
    expect(tenth.body.summary.stampCards[0]).toMatchObject({ progress: 0, completedCards: 1 });
    expect(tenth.body.summary.rewardsAvailable).toEqual([expect.objectContaining({ id: free.id, times: 1 })]);
    const red = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: txn('R'), member: { cardPayload: m.card.payload }, rewardId: free.id });
    expect(red.status).toBe(201);
    expect(red.body.redemption).toMatchObject({ cost: 10, unit: 'stamps:coffee', discount: 350 });
    expect(red.body.summary.stampCards[0]).toMatchObject({ progress: 0, completedCards: 0 });
    // Overflow carries: 3 coffees on a new card.
    const more = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 1050,
        lines: [coffee('1', 3)],
      });
    expect(more.body.summary.stampCards[0]).toMatchObject({ progress: 3, completedCards: 0 });
  });

  it('a rule change in the middle of a day: a late purchase from before it earns under the old rules', async () => {
    const b = await makeBusiness(t);
    t.clock.set('2026-03-03T08:00:00Z');
    await publishRules(t, b);
    const m = await makeMember(t, b);
    t.clock.set('2026-03-03T12:00:00Z');
    const v2 = await publishRules(t, b, { ...CAFE_RULES, points: { ...CAFE_RULES.points, pointsPer: 3 } });
    expect(v2.version).toBe(2);
    t.clock.set('2026-03-03T14:00:00Z');
    const late = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 1000,
        occurredAt: '2026-03-03T11:30:00Z',
      });
    expect(late.body.purchase.ruleVersion).toBe(1);
    expect(late.body.earned[0].amount).toBe(10);
    const now = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 1000 });
    expect(now.body.purchase.ruleVersion).toBe(2);
    expect(now.body.earned[0].amount).toBe(30);
    const future = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: m.card.payload },
        total: 1000,
        occurredAt: '2026-03-04T14:00:00Z',
      });
    expect(future.status).toBe(400);
  });

  it('a rule version published through another app instance counts at once, although this instance cached the rules', async () => {
    const b = await makeBusiness(t);
    t.clock.set('2026-03-05T08:00:00Z');
    await publishRules(t, b);
    const m = await makeMember(t, b);
    const buy = () =>
      t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 1000 })
        .expect(201);
    const first = await buy(); // loads this instance's rule cache
    expect(first.body.purchase.ruleVersion).toBe(1);
    expect(first.body.earned[0].amount).toBe(10);
    // What another instance's publish writes; this instance's cache is not told.
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    await c.query(
      `INSERT INTO rule_set_versions (business_id, version, effective_from, rules, created_at)
       SELECT business_id, 2, $2, jsonb_set(rules, '{points,pointsPer}', '3'), $2
         FROM rule_set_versions WHERE business_id = $1 AND version = 1`,
      [b.id, '2026-03-05T08:30:00Z'],
    );
    await c.end();
    t.clock.set('2026-03-05T09:00:00Z');
    const second = await buy();
    expect(second.body.purchase.ruleVersion).toBe(2);
    expect(second.body.earned[0].amount).toBe(30);
    expect(second.body.summary.points.available).toBe(40);
  });

  it('pending points become spendable after the pending period (settle run), and expire exactly once', async () => {
    const b = await makeBusiness(t);
    t.clock.set('2026-04-01T10:00:00Z');
    await publishRules(t, b, { ...CAFE_RULES, pendingDays: 14, pointsExpiry: { afterMonths: 1 } });
    const m = await makeMember(t, b);
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 2000 });
    expect(r.body.summary.points).toMatchObject({ available: 0, pending: 20 });
    const settle = t.app.get(LedgerScheduler);
    t.clock.set('2026-04-15T10:00:01Z');
    await settle.runOnce(b.id);
    const mid = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
    expect(mid.body.points).toMatchObject({ available: 20, pending: 0 });
    expect(mid.body.points.expiringSoon).toEqual([
      { amount: 20, expiresAt: expect.stringMatching(/^2026-05-0[12]T/) },
    ]);
    t.clock.set('2026-06-01T00:00:00Z');
    const [a1, a2] = await Promise.all([settle.runOnce(b.id), settle.runOnce(b.id)]);
    expect(a1.expired + a2.expired).toBe(20);
    const after = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload });
    expect(after.body.points).toMatchObject({ available: 0, pending: 0 });
    const verify = await t.http().get('/api/ledger/verify').set(b.auth);
    expect(verify.body).toEqual({ ok: true, violations: [] });
  });
});
