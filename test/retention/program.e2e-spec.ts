import { Client } from 'pg';
import { parse } from 'csv-parse/sync';
import { LedgerScheduler } from '../../apps/api/src/ledger/ledger.scheduler';
import { createTestApp, TestApp } from '../support/app';
import { ERROR_BODY, snapshot } from '../support/bad-input';
import { makeBusiness, makeMember, makeStaff, TestBusiness } from '../support/factories';
import { CAFE_RULES, makeReward, publishRules, txn } from '../support/loyalty';
import { applyRetentionEvents } from './summaries';

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

const RULES = { ...CAFE_RULES, pointsExpiry: { afterMonths: 1 } };

/** Points liability, breakage and program cost (GET /api/retention/program). */
describe('retention: points liability, breakage, program cost', () => {
  let t: TestApp;
  let pg: Client;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-12-01T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const buy = async (b: TestBusiness, m: { card: { payload: string } }, at: string, total: number) => {
    t.clock.set(at);
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total });
    expect(r.status).toBe(201);
    return r.body as { purchase: { id: string } };
  };
  const redeem = async (b: TestBusiness, m: { card: { payload: string } }, rewardId: string, at: string) => {
    t.clock.set(at);
    return t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: txn('R'), member: { cardPayload: m.card.payload }, rewardId });
  };

  it('on a crafted history: every figure as worked out by hand, with its arithmetic, and as CSV', async () => {
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b, RULES);
    const five = await makeReward(t, b, {
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
    await buy(b, a, '2025-12-01T09:00:00Z', 15000); // 150 points, expire end of 1 Jan
    expect((await redeem(b, a, five.id, '2025-12-05T09:00:00Z')).status).toBe(201); // 100 of them
    await buy(b, bb, '2025-12-02T09:00:00Z', 8000); // 80 points, never used
    t.clock.set('2026-01-10T12:00:00Z');
    await t.app.get(LedgerScheduler).runOnce(); // expires a's 50 and b's 80
    await buy(b, d, '2026-01-20T09:00:00Z', 2000); // 20 points, lapse 20 Feb, not settled
    await buy(b, c, '2026-02-20T09:00:00Z', 3000); // 30 points, still valid
    t.clock.set('2026-03-02T09:00:00Z');
    await applyRetentionEvents(t.db.url);

    const r = await t.http().get('/api/retention/program').set(b.auth);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      asOf: '2026-03-02',
      currency: 'EUR',
      from: '2025-04-01',
      to: '2026-03-02',
      outstanding: { points: 30, available: 50, pending: 0, held: 0, holders: 2 },
      pointValue: { minorUnitsPerPoint: 5, method: 'redemptions' },
      liability: { value: 150, arithmetic: '30 points × 0.0500 EUR = 1.50 EUR' },
      breakage: { lapsedIssued: 250, expired: 150, expiredSettled: 130, expiredUnsettled: 20, rate: 0.6 },
      expectedRedemption: {
        points: 12,
        value: 60,
        arithmetic: '30 points × (1 − 0.6000) = 12 points × 0.0500 EUR = 0.60 EUR',
      },
      cost: {
        rewards: [
          { rewardId: five.id, rewardName: '5 off', unit: 'points', redemptions: 1, cost: 100, money: 500 },
        ],
        redemptions: 1,
        money: 500,
        memberRevenue: 28000,
        members: 4,
        costShare: 500 / 28000,
      },
    });
    expect(r.body.definition).toMatch(/breakage/i);

    const csv = await t.http().get('/api/retention/program.csv').set(b.auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    const fig = (name: string) => rows.find((x) => x.figure === name)?.value;
    expect(fig('liability')).toBe('150');
    expect(fig('breakage rate')).toBe('0.6');
    expect(fig('program cost')).toBe('500');
    expect(fig('member revenue')).toBe('28000');

    const red = await t.http().get('/api/retention/redemptions.csv').set(b.auth).expect(200);
    expect(parse(red.text, { columns: true })).toEqual([
      { month: '2025-12', rewardId: five.id, rewardName: '5 off', redemptions: '1', cost: '100' },
    ]);
  });

  it('equals a brute-force computation from the raw ledger, redemption and purchase rows on random data', async () => {
    const b = await makeBusiness(t, { timeZone: 'Europe/Berlin' });
    t.clock.set('2025-11-01T09:00:00Z');
    await publishRules(t, b, RULES);
    const rewards = [
      await makeReward(t, b, {
        name: 'Coffee',
        cost: { kind: 'points', points: 40 },
        benefit: { kind: 'free_item', sku: 'ESPRESSO', maxValue: 350, description: 'Espresso' },
      }),
      await makeReward(t, b, {
        name: '5 off',
        cost: { kind: 'points', points: 100 },
        benefit: { kind: 'amount_off', amount: 500 },
      }),
    ];
    const rand = rng(99);
    const members: Awaited<ReturnType<typeof makeMember>>[] = [];
    for (let i = 0; i < 8; i++) members.push(await makeMember(t, b));
    const start = Date.parse('2025-11-02T08:00:00Z');
    const events: { at: number; kind: 'buy' | 'redeem'; m: number }[] = [];
    for (let i = 0; i < 60; i++)
      events.push({
        at: start + Math.floor(rand() * 110 * 86_400_000),
        kind: rand() < 0.7 ? 'buy' : 'redeem',
        m: Math.floor(rand() * 8),
      });
    events.sort((x, y) => x.at - y.at);
    let settled = false;
    let redeemed = 0;
    for (const e of events) {
      const at = new Date(e.at).toISOString();
      if (!settled && e.at > Date.parse('2026-01-15T00:00:00Z')) {
        t.clock.set('2026-01-15T00:00:00Z');
        await t.app.get(LedgerScheduler).runOnce();
        settled = true;
      }
      if (e.kind === 'buy') await buy(b, members[e.m], at, 500 + Math.floor(rand() * 9000));
      else {
        const res = await redeem(b, members[e.m], rewards[Math.floor(rand() * 2)].id, at);
        if (res.status === 201) redeemed++;
      }
    }
    expect(redeemed).toBeGreaterThan(2);
    t.clock.set('2026-03-01T10:00:00Z');
    await applyRetentionEvents(t.db.url);
    const now = new Date('2026-03-01T10:00:00Z');

    // Brute force, in plain code over raw rows.
    const accounts = (
      await pg.query<{ id: string }>(
        `SELECT id::text FROM ledger_accounts WHERE business_id = $1 AND unit = 'points' AND owner_type = 'member'`,
        [b.id],
      )
    ).rows.map((x) => x.id);
    const entries = (
      await pg.query<{ a: string; amount: string }>(
        `SELECT account_id::text AS a, amount::text FROM ledger_entries WHERE business_id = $1`,
        [b.id],
      )
    ).rows.filter((e) => accounts.includes(e.a));
    const lots = (
      await pg.query<{
        a: string;
        kind: string;
        status: string;
        amount: string;
        remaining: string;
        exp: Date | null;
      }>(
        `SELECT account_id::text AS a, kind, status, amount::text, remaining::text, expires_at AS exp FROM ledger_lots WHERE business_id = $1`,
        [b.id],
      )
    ).rows.filter((l) => accounts.includes(l.a) && l.kind === 'earn');
    const txs = (
      await pg.query<{ a: string; kind: string; amount: string; at: Date }>(
        `SELECT account_id::text AS a, kind, amount::text, effective_at AS at FROM ledger_transactions WHERE business_id = $1`,
        [b.id],
      )
    ).rows.filter((x) => accounts.includes(x.a) && x.kind === 'expire' && x.at <= now);
    const lapsed = lots.filter((l) => l.status !== 'voided' && l.exp !== null && l.exp <= now);
    const lapsedIssued = lapsed.reduce((s, l) => s + Number(l.amount), 0);
    const unsettled = lapsed
      .filter((l) => l.status === 'available')
      .reduce((s, l) => s + Number(l.remaining), 0);
    const expiredSettled = txs.reduce((s, x) => s + Number(x.amount), 0);
    const balance = entries.reduce((s, e) => s + Number(e.amount), 0);
    const outstanding = balance - unsettled;
    const reds = (
      await pg.query<{
        reward: string;
        unit: string;
        cost: string;
        discount: string;
        at: Date;
        status: string;
      }>(
        `SELECT reward_id AS reward, unit, cost::text, discount::text, created_at AS at, status FROM redemptions WHERE business_id = $1`,
        [b.id],
      )
    ).rows.filter((x) => x.status === 'redeemed');
    const face = (id: string) => (id === rewards[0].id ? 350 : 500);
    const money = reds.reduce(
      (s, x) => s + (Number(x.discount) > 0 ? Number(x.discount) : face(x.reward)),
      0,
    );
    const pts = reds.filter((x) => x.unit === 'points').reduce((s, x) => s + Number(x.cost), 0);
    const purchases = (
      await pg.query<{ total: string; ret: string }>(
        `SELECT p.total::text, (SELECT coalesce(sum(returned_quantity * unit_price), 0) FROM purchase_lines l
                                  WHERE l.business_id = p.business_id AND l.purchase_id = p.id)::text AS ret
           FROM purchases p WHERE p.business_id = $1`,
        [b.id],
      )
    ).rows;
    const revenue = purchases.reduce((s, p) => s + Math.max(Number(p.total) - Number(p.ret), 0), 0);
    const value = money / pts;
    const rate = lapsedIssued ? (expiredSettled + unsettled) / lapsedIssued : null;
    expect(lapsedIssued).toBeGreaterThan(0);
    expect(expiredSettled).toBeGreaterThan(0);

    const r = await t.http().get('/api/retention/program').set(b.auth).expect(200);
    expect(r.body.outstanding.points).toBe(outstanding);
    expect(r.body.breakage).toEqual({
      lapsedIssued,
      expired: expiredSettled + unsettled,
      expiredSettled,
      expiredUnsettled: unsettled,
      rate,
    });
    expect(r.body.pointValue.minorUnitsPerPoint).toBeCloseTo(value, 10);
    expect(r.body.liability.value).toBe(Math.round(outstanding * value));
    const expected = Math.round(outstanding * (1 - (rate ?? 0)));
    expect(r.body.expectedRedemption).toMatchObject({
      points: expected,
      value: Math.round(expected * value),
    });
    expect(r.body.cost).toMatchObject({ redemptions: reds.length, money, memberRevenue: revenue });
    expect(r.body.cost.rewards.reduce((s: number, x: { cost: number }) => s + x.cost, 0)).toBe(pts);
  });

  it('bad input is a 400 that writes nothing; owners and managers only; another business sees only its own', async () => {
    const b = await makeBusiness(t);
    const cashier = await makeStaff(t, b, 'cashier');
    const manager = await makeStaff(t, b, 'manager');
    const other = await makeBusiness(t);
    const before = await snapshot(pg);
    for (const path of [
      '/api/retention/program',
      '/api/retention/program.csv',
      '/api/retention/redemptions.csv',
    ]) {
      const bad = await t.http().get(path).query({ businessId: other.id }).set(b.auth);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual(ERROR_BODY);
      expect((await t.http().get(path).set(cashier.auth)).status).toBe(403);
      expect((await t.http().get(path)).status).toBe(401);
      expect((await t.http().get(path).set(manager.auth)).status).toBe(200);
    }
    const theirs = await t.http().get('/api/retention/program').set(other.auth).expect(200);
    expect(theirs.body).toMatchObject({
      outstanding: { points: 0, holders: 0 },
      pointValue: { minorUnitsPerPoint: null, method: 'none' },
      liability: { value: null },
      breakage: { lapsedIssued: 0, rate: null },
      cost: { rewards: [], money: 0, memberRevenue: 0, costShare: null },
    });
    expect(await snapshot(pg)).toEqual(before);
  });
});
