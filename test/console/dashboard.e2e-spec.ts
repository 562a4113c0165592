import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, makeStaff, TestBusiness } from '../support/factories';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';
import { applyDashboardEvents } from './dashboard-events';

/**
 * GET /api/dashboard against a brute-force count: the test drives a café through
 * four weeks (members joining, purchases, rewards, stamp cards, manual adjustments),
 * keeps its own tally in plain JavaScript from what it did and what the API
 * answered, and the dashboard must show exactly those numbers, week by week.
 */
describe('GET /api/dashboard', () => {
  let t: TestApp;
  let b: TestBusiness;
  let pos: Record<string, string>;
  const BERLIN_OFFSET_MS = 3600_000; // CET; the test stays before the switch to summer time

  /** Monday (Berlin) of the week an instant falls in, as YYYY-MM-DD. */
  const weekOf = (iso: string): string => {
    const local = new Date(new Date(iso).getTime() + BERLIN_OFFSET_MS);
    const back = (local.getUTCDay() + 6) % 7;
    return new Date(local.getTime() - back * 86400_000).toISOString().slice(0, 10);
  };

  interface Week {
    newMembers: number;
    active: Set<string>;
    purchases: number;
    revenue: number;
    pointsIssued: number;
    pointsRedeemed: number;
    stampCardsCompleted: number;
  }
  const weeks = new Map<string, Week>();
  const week = (iso: string): Week => {
    const k = weekOf(iso);
    if (!weeks.has(k))
      weeks.set(k, {
        newMembers: 0,
        active: new Set(),
        purchases: 0,
        revenue: 0,
        pointsIssued: 0,
        pointsRedeemed: 0,
        stampCardsCompleted: 0,
      });
    return weeks.get(k)!;
  };
  const stamps = new Map<string, number>();
  const redeemedByReward = new Map<string, number>();
  const lastPurchase = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-02-01T08:00:00Z' });
    b = await makeBusiness(t);
    pos = (await makePosKey(t, b)).auth;
    await publishRules(t, b, CAFE_RULES);
  });
  afterAll(async () => t.close());

  async function join(at: string) {
    t.clock.set(at);
    const m = await makeMember(t, b);
    week(at).newMembers++;
    return m;
  }

  async function buy(at: string, memberId: string, memberNumber: string, coffees: number, cake = 0) {
    t.clock.set(at);
    const lines = [coffee('1', coffees, 350)];
    if (cake) lines.push({ lineId: '2', sku: 'CAKE', category: 'bakery', quantity: cake, unitPrice: 420 });
    const total = coffees * 350 + cake * 420;
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(pos)
      .send({ transactionId: txn(), member: { memberNumber }, total, lines });
    expect(r.status).toBe(201);
    const w = week(at);
    w.purchases++;
    w.revenue += total;
    w.active.add(memberId);
    lastPurchase.set(memberId, at);
    for (const e of r.body.earned as { kind: string; amount: number }[]) {
      if (e.kind === 'stamps') {
        const before = stamps.get(memberId) ?? 0;
        const after = before + e.amount;
        stamps.set(memberId, after);
        w.stampCardsCompleted += Math.floor(after / 10) - Math.floor(before / 10);
      } else w.pointsIssued += e.amount;
    }
  }

  async function redeem(
    at: string,
    memberId: string,
    memberNumber: string,
    reward: { id: string },
    cost: number,
  ) {
    t.clock.set(at);
    const r = await t
      .http()
      .post('/api/pos/redemptions')
      .set(pos)
      .send({ idempotencyKey: txn('R'), member: { memberNumber }, rewardId: reward.id });
    expect(r.status).toBe(201);
    if (cost > 0) week(at).pointsRedeemed += cost;
    else stamps.set(memberId, (stamps.get(memberId) ?? 0) - 10);
    redeemedByReward.set(reward.id, (redeemedByReward.get(reward.id) ?? 0) + 1);
  }

  it('equals a brute-force tally of four weeks of a café, week by week', async () => {
    const owner = b.auth;
    t.clock.set('2026-02-01T08:30:00Z');
    const euroOff = await makeReward(t, b, {
      name: 'One euro off',
      cost: { kind: 'points', points: 5 },
      benefit: { kind: 'amount_off', amount: 100 },
    });
    const freeCoffee = await makeReward(t, b, {
      name: 'Free coffee',
      cost: { kind: 'stamp_card', cardId: 'coffee' },
      benefit: { kind: 'free_item', sku: null, description: 'Any coffee', maxValue: 450 },
    });

    // Before the window (the week of 2 February): must not count in any week.
    const early = await join('2026-02-03T10:00:00Z');
    await buy('2026-02-03T10:05:00Z', early.id, early.memberNumber, 11);
    await redeem('2026-02-03T10:06:00Z', early.id, early.memberNumber, euroOff, 5);
    redeemedByReward.set(euroOff.id, 0);
    const ana = await join('2026-02-09T10:00:00Z');
    const ben = await join('2026-02-11T15:00:00Z');
    await buy('2026-02-09T10:05:00Z', ana.id, ana.memberNumber, 12); // 42.00: 42 points, 12 stamps (1 card)
    await buy('2026-02-12T09:00:00Z', ben.id, ben.memberNumber, 2, 1);
    // Sunday 23:30 UTC is Monday 00:30 in Berlin: counts in the week of 16 February.
    await buy('2026-02-15T23:30:00Z', ana.id, ana.memberNumber, 9); // 21 stamps: the second card
    const cleo = await join('2026-02-17T12:00:00Z');
    await buy('2026-02-18T12:00:00Z', cleo.id, cleo.memberNumber, 1, 2);
    await redeem('2026-02-18T12:05:00Z', ana.id, ana.memberNumber, euroOff, 5);
    await redeem('2026-02-19T08:00:00Z', ana.id, ana.memberNumber, freeCoffee, 0);
    await buy('2026-02-24T08:00:00Z', ben.id, ben.memberNumber, 3);
    await redeem('2026-02-24T08:10:00Z', ben.id, ben.memberNumber, euroOff, 5);
    await redeem('2026-02-25T08:10:00Z', ana.id, ana.memberNumber, euroOff, 5);
    // Manual adjustments: a credit counts as issued, a debit is not a redemption.
    t.clock.set('2026-02-25T09:00:00Z');
    const credit = await t
      .http()
      .post(`/api/members/${cleo.id}/adjustments`)
      .set(owner)
      .send({ amount: 30, reason: 'Birthday goodwill', idempotencyKey: 'dash-credit-1' });
    expect(credit.status).toBe(201);
    week('2026-02-25T09:00:00Z').pointsIssued += 30;
    const debit = await t
      .http()
      .post(`/api/members/${cleo.id}/adjustments`)
      .set(owner)
      .send({ amount: -4, reason: 'Typed twice', idempotencyKey: 'dash-debit-1' });
    expect(debit.status).toBe(201);
    const dan = await join('2026-03-02T09:00:00Z');
    await buy('2026-03-03T10:00:00Z', dan.id, dan.memberNumber, 10); // exactly one card
    await buy('2026-03-03T11:00:00Z', ana.id, ana.memberNumber, 1);
    t.clock.set('2026-03-04T12:00:00Z');
    // The dashboard reads weeks kept by the consumer events:dashboard (the worker's job here).
    await applyDashboardEvents(t.db.url);

    const r = await t.http().get('/api/dashboard').query({ weeks: 4 }).set(owner);
    expect(r.status).toBe(200);
    // weeks=4 ends with this week (2 March): 9, 16, 23 February and 2 March.
    const keys = ['2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02'];
    expect(weeks.get('2026-02-02')?.purchases).toBe(1);
    expect(r.body.weeks.map((w: { weekStart: string }) => w.weekStart)).toEqual(keys);
    const expected = keys.map((k) => {
      const w = weeks.get(k);
      return {
        weekStart: k,
        newMembers: w?.newMembers ?? 0,
        activeMembers: w?.active.size ?? 0,
        purchases: w?.purchases ?? 0,
        revenue: w?.revenue ?? 0,
        pointsIssued: w?.pointsIssued ?? 0,
        pointsRedeemed: w?.pointsRedeemed ?? 0,
        stampCardsCompleted: w?.stampCardsCompleted ?? 0,
      };
    });
    expect(r.body.weeks).toEqual(expected);
    // Non-trivial data: every series has something in it.
    for (const key of ['newMembers', 'purchases', 'revenue', 'pointsIssued', 'pointsRedeemed'] as const)
      expect(expected.some((w) => w[key] > 0)).toBe(true);
    expect(expected.reduce((s, w) => s + w.stampCardsCompleted, 0)).toBe(3);
    expect(weeks.get('2026-02-02')?.stampCardsCompleted).toBe(1);

    const now = new Date('2026-03-04T12:00:00Z').getTime();
    const active30 = [...lastPurchase.values()].filter((at) => now - new Date(at).getTime() < 30 * 86400_000);
    expect(r.body.totals).toEqual({ members: 5, activeMembers30d: active30.length });
    expect(r.body.topRewards).toEqual(
      [...redeemedByReward.entries()]
        .map(([rewardId, n]) => ({
          rewardId,
          name: rewardId === euroOff.id ? 'One euro off' : 'Free coffee',
          redemptions: n,
        }))
        .sort((x, y) => y.redemptions - x.redemptions),
    );
    expect(r.body).toMatchObject({ currency: 'EUR', timeZone: 'Europe/Berlin' });

    // The window moves: with one week only this week's numbers remain.
    const one = await t.http().get('/api/dashboard').query({ weeks: 1 }).set(owner).expect(200);
    expect(one.body.weeks).toEqual([expected[3]]);
  });

  it('is for owners and managers of the business only', async () => {
    const cashier = await makeStaff(t, b, 'cashier');
    const manager = await makeStaff(t, b, 'manager');
    expect((await t.http().get('/api/dashboard').set(cashier.auth)).status).toBe(403);
    expect((await t.http().get('/api/dashboard').set(pos)).status).toBe(403);
    expect((await t.http().get('/api/dashboard')).status).toBe(401);
    const mine = await t.http().get('/api/dashboard').set(manager.auth).expect(200);
    expect(mine.body.totals.members).toBe(5);
    // Another business sees only its own (empty) numbers.
    const other = await makeBusiness(t);
    const theirs = await t.http().get('/api/dashboard').set(other.auth).expect(200);
    expect(theirs.body.totals).toEqual({ members: 0, activeMembers30d: 0 });
    expect(theirs.body.topRewards).toEqual([]);
    for (const w of theirs.body.weeks as Record<string, unknown>[])
      expect(Object.entries(w).filter(([k, v]) => k !== 'weekStart' && v !== 0)).toEqual([]);
  });

  it('refuses a bad weeks parameter', async () => {
    for (const weeks of ['0', '53', 'x', '1.5', '-1']) {
      const r = await t.http().get('/api/dashboard').query({ weeks }).set(b.auth);
      expect({ weeks, status: r.status, code: r.body.error?.code }).toEqual({
        weeks,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });
});
