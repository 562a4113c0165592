import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff } from '../support/factories';
import { makeReward, publishRules, txn } from '../support/loyalty';
import { applyRetentionEvents } from './summaries';

describe('retention: redemption data', () => {
  let t: TestApp;
  let pg: Client;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-05-01T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  it('counts redemptions per month and reward, and compares redeemers with non-redeemers', async () => {
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b);
    const reward = await makeReward(t, b, {
      name: '5 off',
      cost: { kind: 'points', points: 100 },
      benefit: { kind: 'amount_off', amount: 500 },
    });
    const [a, bb, c, d] = [
      await makeMember(t, b),
      await makeMember(t, b),
      await makeMember(t, b),
      await makeMember(t, b),
    ];
    const buy = async (m: { card: { payload: string } }, at: string) => {
      t.clock.set(at);
      await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 15000 })
        .expect(201);
    };
    const redeem = async (m: { card: { payload: string } }, at: string) => {
      t.clock.set(at);
      await t
        .http()
        .post('/api/pos/redemptions')
        .set(b.auth)
        .send({ idempotencyKey: txn('R'), member: { cardPayload: m.card.payload }, rewardId: reward.id })
        .expect(201);
    };
    await buy(a, '2025-08-20T09:00:00Z');
    await buy(a, '2025-11-10T09:00:00Z');
    await redeem(a, '2025-11-10T10:00:00Z');
    await buy(a, '2026-02-20T09:00:00Z');
    await buy(bb, '2025-12-01T09:00:00Z');
    await redeem(bb, '2026-01-05T09:00:00Z');
    await buy(c, '2025-06-01T09:00:00Z');
    await buy(c, '2026-02-01T09:00:00Z');
    await buy(d, '2025-09-01T09:00:00Z');
    await buy(d, '2025-09-15T09:00:00Z');
    t.clock.set('2026-03-02T09:00:00Z');
    // The summaries the report reads are kept by the event consumer (the job queue in production).
    await applyRetentionEvents(t.db.url);

    const res = await t.http().get('/api/retention/redemptions').set(b.auth);
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2026-03-02');
    expect(res.body.months).toEqual([
      { month: '2025-11', rewardId: reward.id, rewardName: '5 off', redemptions: 1, cost: 100 },
      { month: '2026-01', rewardId: reward.id, rewardName: '5 off', redemptions: 1, cost: 100 },
    ]);
    // Redeemers: a (active, 3 visit days), bb (last purchase 1 Dec: inactive, 1 day).
    // Non-redeemers: c (active, 2 days), d (inactive, 2 days).
    expect(res.body.groups).toEqual([
      { group: 'redeemers', customers: 2, activeShare: 0.5, visitsPerMonth: 4 / 2 / 12 },
      { group: 'non-redeemers', customers: 2, activeShare: 0.5, visitsPerMonth: 4 / 2 / 12 },
    ]);

    // Before vs after the first redemption: only a's is 90+ days old (10 Nov); a visited on 10 Nov (the day of
    // the redemption: after) and on 20 Feb (102 days later: outside); before it on 20 Aug (82 days earlier).
    expect(res.body.firstRedemption).toEqual({ customers: 1, visitsBefore: 1, visitsAfter: 1 });

    const cashier = await makeStaff(t, b, 'cashier');
    const other = await makeBusiness(t);
    const before = await snapshot(pg);
    expect((await t.http().get('/api/retention/redemptions').set(cashier.auth)).status).toBe(403);
    expect((await t.http().get('/api/retention/redemptions')).status).toBe(401);
    expect(
      (await t.http().get('/api/retention/redemptions').query({ month: '2026-01' }).set(b.auth)).status,
    ).toBe(400);
    const theirs = await t.http().get('/api/retention/redemptions').set(other.auth).expect(200);
    expect(theirs.body.months).toEqual([]);
    expect(theirs.body.groups.map((g: { customers: number }) => g.customers)).toEqual([0, 0]);
    expect(await snapshot(pg)).toEqual(before);
  });
});
