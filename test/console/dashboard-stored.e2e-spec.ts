import { Client } from 'pg';
import { LedgerScheduler } from '../../apps/api/src/ledger/ledger.scheduler';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, TestBusiness } from '../support/factories';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';
import { applyDashboardEvents } from './dashboard-events';
import { formerDashboard } from './dashboard-former';

/**
 * The stored dashboard (dashboard_weeks, kept by events:dashboard) against the computation it
 * replaced, kept here verbatim as the brute force: random purchases (some back-dated into earlier
 * weeks), returns, redemptions of points and of stamp cards, manual credits and debits, enrolments,
 * an import with points awarded, a settle run that expires points, and a rules change of the card
 * size; the events delivered two or three times each, shuffled, some handled again without the
 * dedup; compared at several "now"s around a Monday midnight in Berlin.
 */
describe('dashboard from stored weeks', () => {
  let t: TestApp;
  let b: TestBusiness;
  let pg: Client;
  let seed = 20261130;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-01-05T08:00:00Z' });
    b = await makeBusiness(t, { timeZone: 'Europe/Berlin' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  /** The brute force: the dashboard's former SQL over the sources, with today's card sizes. */
  async function bruteForce(
    now: string,
    weeks: number,
    sizes: { unit: string; size: number }[],
    timeZone = 'Europe/Berlin',
  ) {
    const { rows, top, totals } = await formerDashboard(pg, b.id, now, timeZone, weeks, sizes);
    return {
      totals: { members: Number(totals.members), activeMembers30d: Number(totals.active) },
      weeks: rows.map((r) => ({
        weekStart: r.week,
        newMembers: Number(r.new_members),
        activeMembers: Number(r.active_members),
        purchases: Number(r.purchases),
        revenue: Number(r.revenue),
        pointsIssued: Number(r.points_issued),
        pointsRedeemed: Number(r.points_redeemed),
        stampCardsCompleted: Number(r.stamp_cards_completed),
      })),
      topRewards: top.map((x) => ({ rewardId: x.reward_id, name: x.name, redemptions: Number(x.n) })),
    };
  }

  async function dashboard(now: string, weeks = 6) {
    t.clock.set(now);
    const r = await t.http().get('/api/dashboard').query({ weeks }).set(b.auth);
    expect(r.status).toBe(200);
    return { totals: r.body.totals, weeks: r.body.weeks, topRewards: r.body.topRewards };
  }

  it('equals the full computation after random writes, with events redelivered and shuffled', async () => {
    await publishRules(t, b, { ...CAFE_RULES, pointsExpiry: { afterMonths: 1 } });
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
    const members: Awaited<ReturnType<typeof makeMember>>[] = [];
    const purchases: string[] = [];
    let clock = new Date('2026-01-05T08:00:00Z').getTime();
    const counts: Record<string, number> = {};
    const stampsOf = new Map<string, number>(); // rough stamps per member, to aim the card redemptions
    const did = (what: string) => (counts[what] = (counts[what] ?? 0) + 1);

    const step = async () => {
      clock += Math.floor(rand() * 20 * 3600_000);
      t.clock.set(new Date(clock).toISOString());
      const r = rand();
      if (r < 0.12 || members.length < 3) {
        members.push(await makeMember(t, b));
        did('enrolment');
      } else if (r < 0.6) {
        const m = pick(members);
        const back = rand() < 0.25 ? Math.floor(rand() * 12 * 86400_000) : 0;
        const coffees = 1 + Math.floor(rand() * 6);
        const body = {
          transactionId: txn(),
          member: { memberNumber: m.memberNumber },
          total: coffees * 350,
          lines: [coffee('1', coffees, 350)],
          ...(back ? { occurredAt: new Date(clock - back).toISOString() } : {}),
        };
        // Some with a reward redeemed in the same call (ledger key purchase:<transaction id>:redeem:0).
        const withReward = !back && rand() < 0.3;
        let res = await t
          .http()
          .post('/api/pos/purchases')
          .set(b.auth)
          .send(withReward ? { ...body, redeem: [{ rewardId: euroOff.id }] } : body);
        if (withReward && res.status === 201) did('purchase with redemption');
        else if (withReward) res = await t.http().post('/api/pos/purchases').set(b.auth).send(body);
        expect(res.status).toBe(201);
        purchases.push(res.body.purchase.id);
        stampsOf.set(m.memberNumber, (stampsOf.get(m.memberNumber) ?? 0) + body.lines[0].quantity);
        did(back ? 'back-dated purchase' : 'purchase');
      } else if (r < 0.68 && purchases.length) {
        const res = await t
          .http()
          .post('/api/pos/returns')
          .set(b.auth)
          .send({
            idempotencyKey: txn('RET'),
            purchaseId: purchases.splice(Math.floor(rand() * purchases.length), 1)[0],
          });
        expect([201, 409, 422]).toContain(res.status);
        if (res.status === 201) did('return');
      } else if (r < 0.82) {
        const reward = rand() < 0.5 ? euroOff : freeCoffee;
        const most = [...stampsOf.entries()].sort((x, y) => y[1] - x[1])[0]?.[0];
        const m =
          reward === freeCoffee && most ? members.find((x) => x.memberNumber === most)! : pick(members);
        if (reward === freeCoffee) stampsOf.set(m.memberNumber, (stampsOf.get(m.memberNumber) ?? 0) - 10);
        const res = await t
          .http()
          .post('/api/pos/redemptions')
          .set(b.auth)
          .send({ idempotencyKey: txn('R'), member: { memberNumber: m.memberNumber }, rewardId: reward.id });
        if (res.status === 201) did(reward === euroOff ? 'points redemption' : 'stamp redemption');
      } else if (r < 0.95) {
        const m = pick(members);
        const amount = rand() < 0.6 ? 1 + Math.floor(rand() * 30) : -1 - Math.floor(rand() * 3);
        const res = await t
          .http()
          .post(`/api/members/${m.id}/adjustments`)
          .set(b.auth)
          .send({ amount, reason: 'test', idempotencyKey: txn('ADJ') });
        if (res.status === 201) did(amount > 0 ? 'manual credit' : 'manual debit');
      } else {
        await t.app.get(LedgerScheduler).runOnce(b.id);
        did('settle run');
      }
    };

    const deliver = async () => {
      await applyDashboardEvents(t.db.url, { copies: 2 + Math.floor(rand() * 2), random: rand, raw: 0.3 });
    };
    const check = async (now: string, sizes = [{ unit: 'stamps:coffee', size: 10 }], weeks = 6) => {
      const got = await dashboard(now, weeks);
      expect(got).toEqual(await bruteForce(now, weeks, sizes));
      return got;
    };

    for (let i = 0; i < 60; i++) await step();
    // Imported history with points awarded (no purchase events: ledger.posted per award).
    const withEmail = members.slice(0, 3);
    t.clock.set(new Date(clock).toISOString());
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const csv = [
      'purchase_id,customer_id,customer_email,date,amount',
      ...withEmail.map(
        (m, i) => `IMP-${i},C${i},${m.email},${day(clock - (3 + i * 4) * 86400_000)},${12 + i}.50`,
      ),
    ].join('\n');
    const imp = await t
      .http()
      .post('/api/imports/purchases')
      .query({ source: 'till.csv', awardPoints: 'true' })
      .set(b.auth)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(imp.status).toBe(200);
    expect(imp.body.pointsAwarded).toBeGreaterThan(0);
    did('import award');

    await deliver();
    const first = await check(new Date(clock).toISOString());
    expect(first.weeks.some((w: { pointsIssued: number }) => w.pointsIssued > 0)).toBe(true);

    // More writes; the stored weeks are marked and recomputed on read.
    for (let i = 0; i < 40; i++) await step();
    await deliver();
    // Around a Monday midnight in Berlin (23:30 on Sunday, then 00:30 on Monday), and later.
    const sunday = new Date(clock + 7 * 86400_000);
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7));
    const sun = sunday.toISOString().slice(0, 10);
    await check(`${sun}T22:30:00Z`);
    await check(`${sun}T23:30:00Z`);
    await check(`${sun}T23:30:00Z`, undefined, 12);

    // A rules change of the card size: the stored weeks were computed under 10, now 7.
    clock = new Date(`${sun}T23:45:00Z`).getTime();
    t.clock.set(new Date(clock).toISOString());
    await publishRules(t, b, {
      ...CAFE_RULES,
      pointsExpiry: { afterMonths: 1 },
      stampCards: [{ ...CAFE_RULES.stampCards[0], cardSize: 7 }],
    });
    const seven = [{ unit: 'stamps:coffee', size: 7 }];
    await check(`${sun}T23:50:00Z`, seven);
    for (let i = 0; i < 25; i++) await step();
    await deliver();
    await check(new Date(clock).toISOString(), seven);
    await check(new Date(clock + 86400_000).toISOString(), seven, 12);

    // The data were not trivial: every kind of write happened.
    const kinds = [
      'enrolment',
      'purchase',
      'back-dated purchase',
      'return',
      'points redemption',
      'stamp redemption',
      'manual credit',
      'manual debit',
      'settle run',
      'import award',
      'purchase with redemption',
    ];
    expect(kinds.filter((k) => !counts[k])).toEqual([]);
    const expired = await pg.query(
      `SELECT count(*)::int AS n FROM domain_events WHERE business_id = $1 AND type = 'ledger.expired'`,
      [b.id],
    );
    const posted = await pg.query(
      `SELECT count(*)::int AS n FROM domain_events WHERE business_id = $1 AND type = 'ledger.posted'`,
      [b.id],
    );
    expect(posted.rows[0].n).toBeGreaterThan(0);
    console.log(JSON.stringify({ counts, expired: expired.rows[0].n, posted: posted.rows[0].n }));
  });

  it('leaves a week stale until the consumer has seen its events, then catches up', async () => {
    const now = t.clock.now().toISOString();
    const m = await makeMember(t, b);
    const res = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { memberNumber: m.memberNumber },
        total: 700,
        lines: [coffee('1', 2)],
      });
    expect(res.status).toBe(201);
    const seven = [{ unit: 'stamps:coffee', size: 7 }];
    const before = await dashboard(now);
    const truth = await bruteForce(now, 6, seven);
    expect(before.weeks).not.toEqual(truth.weeks); // the purchase is not in the stored week yet
    await applyDashboardEvents(t.db.url);
    expect(await dashboard(now)).toEqual(truth);
  });

  it('recomputes the stored weeks when the business changes its time zone', async () => {
    const now = t.clock.now().toISOString();
    const seven = [{ unit: 'stamps:coffee', size: 7 }];
    expect(await dashboard(now, 12)).toEqual(await bruteForce(now, 12, seven));
    await t.http().patch('/api/business').set(b.auth).send({ timeZone: 'Pacific/Auckland' }).expect(200);
    const got = await dashboard(now, 12);
    expect(got).toEqual(await bruteForce(now, 12, seven, 'Pacific/Auckland'));
    expect(got).not.toEqual(await bruteForce(now, 12, seven)); // the zone matters for these data
  });
});
