import { Client, Pool } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import {
  joinMember,
  makeBusiness,
  makeMember,
  makePosKey,
  makeStaff,
  TestBusiness,
} from '../support/factories';
import { CAFE_RULES, publishRules, txn } from '../support/loyalty';
import { consumeEvent, type EventConsumer } from '../../apps/api/src/events/consumer';
import { EVENT_CONSUMERS } from '../../apps/api/src/events/worker.service';
import { startWorker, type RunningWorker } from '../../apps/api/src/events/worker';
import { TierEvaluationService, TierStateConsumer } from '../../apps/api/src/tiers/tier-sync';
import { TiersService } from '../../apps/api/src/tiers/tiers.service';

/** Spend-based, calendar year, held to the end of the following year, drop one step. */
const PROGRAM = {
  basis: 'spend',
  window: { kind: 'calendar_year' },
  exclusions: { skus: ['GIFT-CARD'], categories: [] },
  holdPeriods: 1,
  downgrade: 'one_step',
  graceDays: 0,
  returnsCanDowngrade: false,
  tiers: [
    { id: 'member', name: 'Member', reach: 0, keep: 0 },
    {
      id: 'silver',
      name: 'Silver',
      reach: 10000,
      keep: 8000,
      benefits: { multiplierBp: 12500, reachBonusPoints: 50 },
    },
    {
      id: 'gold',
      name: 'Gold',
      reach: 30000,
      keep: 25000,
      benefits: { multiplierBp: 15000, reachBonusPoints: 200 },
    },
  ],
};

describe('club tiers (app)', () => {
  let t: TestApp;
  let pg: Pool;
  const workers: RunningWorker[] = [];

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
    pg = new Pool({ connectionString: t.db.url, max: 4 });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await pg.end();
    await t.close();
  });

  /** Applies every purchase and return event of the business to the tier consumer, in outbox order. */
  async function consume(b: TestBusiness): Promise<void> {
    const consumer = t.app.get(TierStateConsumer);
    const evs = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type IN ('purchase.recorded', 'return.recorded')
        ORDER BY id`,
      [b.id],
    );
    for (const e of evs.rows) await consumeEvent(pg, consumer, b.id, e.id);
  }

  async function cafe(program: object = PROGRAM, overrides: Record<string, unknown> = {}) {
    const b = await makeBusiness(t, { timeZone: 'UTC', ...overrides });
    await publishRules(t, b, CAFE_RULES);
    const r = await t.http().put('/api/tiers/program').set(b.auth).send({ program });
    expect(r.status).toBe(200);
    return b;
  }

  const buy = async (b: TestBusiness, payload: string, total: number, sku = 'CAKE') => {
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: payload },
        total,
        lines: [{ lineId: 'l1', sku, category: 'food', quantity: 1, unitPrice: total }],
      });
    expect(r.status).toBe(201);
    return r.body as { purchase: { id: string } };
  };

  const tierOf = async (b: TestBusiness, memberId: string) => {
    const r = await t.http().get(`/api/members/${memberId}/tier`).set(b.auth);
    expect(r.status).toBe(200);
    return r.body as {
      id: string;
      until: string | null;
      progress: { kind: string; text: string; missing: number }[];
      history: { from: string | null; to: string; reason: string; programVersion: number }[];
    };
  };

  const points = async (b: TestBusiness, memberId: string) => {
    const r = await pg.query<{ reason: string; amount: string }>(
      `SELECT reason, idempotency_key FROM ledger_transactions WHERE business_id = $1 AND idempotency_key LIKE $2`,
      [b.id, `tier-reach:${memberId}:%`],
    );
    return r.rows;
  };

  const fingerprint = async () =>
    (
      await pg.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM tier_program_versions) || '/' || (SELECT count(*) FROM member_tier_states) || '/' ||
                (SELECT count(*) FROM member_tier_history) || '/' || (SELECT count(*) FROM tier_evaluations) ||
                '/' || (SELECT count(*) FROM ledger_transactions) AS n`,
      )
    ).rows[0].n;

  it('publishes versioned programs validated by the library; never backdated; tiers kept', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    const empty = await t.http().get('/api/tiers/program').set(b.auth).expect(200);
    expect(empty.body).toEqual({ current: null, versions: [] });
    const v1 = await t.http().put('/api/tiers/program').set(b.auth).send({ program: PROGRAM }).expect(200);
    expect(v1.body).toMatchObject({ version: 1, effectiveFrom: '2026-03-02T09:00:00.000Z' });
    expect(v1.body.program.tiers[1].benefits).toEqual({
      multiplierBp: 12500,
      rewardIds: [],
      reachBonusPoints: 50,
      birthdayBonusPoints: 0,
    });
    const later = { ...PROGRAM, graceDays: 14 };
    const v2 = await t
      .http()
      .put('/api/tiers/program')
      .set(b.auth)
      .send({ program: later, effectiveFrom: '2026-04-01T00:00:00Z' })
      .expect(200);
    expect(v2.body.version).toBe(2);
    const got = await t.http().get('/api/tiers/program').set(b.auth).expect(200);
    expect(got.body.current.version).toBe(1);
    expect(got.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const before = await fingerprint();
    const refused = [
      { program: { ...PROGRAM, tiers: PROGRAM.tiers.slice(0, 2) }, effectiveFrom: '2026-05-01T00:00:00Z' },
      { program: PROGRAM, effectiveFrom: '2026-03-01T00:00:00Z' },
      { program: PROGRAM, effectiveFrom: '2026-03-20T00:00:00Z' },
      { program: { ...PROGRAM, basis: 'balance' } },
      { program: { ...PROGRAM, tiers: [] } },
      { program: PROGRAM, effectiveFrom: 'tomorrow' },
      { program: 'gold' },
      {},
    ];
    for (const body of refused) {
      const r = await t.http().put('/api/tiers/program').set(b.auth).send(body);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await fingerprint()).toBe(before);
    // Cashiers read, only owners and managers publish.
    const cashier = await makeStaff(t, b, 'cashier');
    await t.http().get('/api/tiers/program').set(cashier.auth).expect(200);
    await t.http().put('/api/tiers/program').set(cashier.auth).send({ program: PROGRAM }).expect(403);
  });

  it('upgrades on the crossing purchase, posts the reach bonus once, explains the progress', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const b = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.card.payload, 6000);
    await consume(b);
    let tier = await tierOf(b, m.id);
    expect(tier.id).toBe('member');
    expect(tier.progress.map((p) => p.text)).toEqual(['€40.00 more spend by 31 Dec 2026 to reach Silver']);

    t.clock.set('2026-03-03T09:00:00Z');
    await buy(b, m.card.payload, 4000);
    await consume(b);
    await consume(b); // redelivery: nothing more
    tier = await tierOf(b, m.id);
    expect(tier.id).toBe('silver');
    expect(tier.until).toBe('2028-01-01T00:00:00.000Z');
    expect(tier.history.map((h) => [h.from, h.to, h.reason])).toEqual([
      ['member', 'silver', 'reached'],
      [null, 'member', 'joined'],
    ]);
    expect(tier.progress.map((p) => p.text)).toEqual([
      '€200.00 more spend by 31 Dec 2026 to reach Gold',
      'to keep Silver: €80.00 more spend by 31 Dec 2027',
    ]);
    const bonus = await points(b, m.id);
    expect(bonus).toHaveLength(1);
    // The next scan shows the tier (read by the scan's one query), with progress and benefits.
    const scan = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload }).expect(200);
    // 60 + 40 points from the purchases, 50 from reaching Silver.
    expect(scan.body.points.available).toBe(150);
    expect(scan.body.tier).toMatchObject({
      id: 'silver',
      name: 'Silver',
      since: '2026-03-03T09:00:00.000Z',
      until: '2028-01-01T00:00:00.000Z',
      benefits: { multiplierBp: 12500, reachBonusPoints: 50, birthdayBonusPoints: 0, rewardIds: [] },
    });
    expect(scan.body.tier.progress[0]).toMatchObject({
      kind: 'reach',
      tierId: 'gold',
      current: 10000,
      missing: 20000,
      by: '2026-12-31',
      text: '€200.00 more spend by 31 Dec 2026 to reach Gold',
    });

    const verify = await t.http().get('/api/tiers/verify').set(b.auth).expect(200);
    expect(verify.body).toEqual({ checked: 1, differing: [] });
  });

  it('the worker relays purchases to the registered tier consumer: the next scan shows the upgrade', async () => {
    t.clock.set('2026-03-05T09:00:00Z');
    const b = await cafe();
    const m = await makeMember(t, b);
    const consumers = t.app.get<EventConsumer[]>(EVENT_CONSUMERS);
    expect(consumers.map((c) => c.name)).toContain('events:tier-state');
    const w = await startWorker({
      databaseUrl: t.db.url,
      consumers,
      settleSeconds: 0,
      concurrency: 2,
      relayIntervalMs: 50,
      pollIntervalMs: 100,
    });
    try {
      await buy(b, m.card.payload, 12000);
      const until = Date.now() + 20_000;
      let tier: string | undefined;
      while (Date.now() < until) {
        await w.relay();
        const scan = await t
          .http()
          .post('/api/scan')
          .set(b.auth)
          .send({ payload: m.card.payload })
          .expect(200);
        tier = scan.body.tier?.id;
        if (tier === 'silver') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(tier).toBe('silver');
    } finally {
      await w.stop();
    }
  });

  it('the scan with a tier is still one SQL query (the stored state joined into it)', async () => {
    t.clock.set('2026-03-06T09:00:00Z');
    const b = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.card.payload, 12000);
    await consume(b);
    // A till's POS key; warm the caches (key, rules, rewards, tier programs) as after the first scan.
    const till = (await makePosKey(t, b)).auth;
    await t.http().post('/api/scan').set(till).send({ payload: m.card.payload }).expect(200);
    const sent: string[] = [];
    const query = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (
      this: Client,
      ...args: unknown[]
    ) {
      const q = args[0] as string | { text: string };
      sent.push(typeof q === 'string' ? q : q.text);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
    let r;
    try {
      r = await t.http().post('/api/scan').set(till).send({ payload: m.card.payload }).expect(200);
    } finally {
      spy.mockRestore();
    }
    expect(sent.filter((q) => /member_tier_states/.test(q))).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(r.body.tier).toMatchObject({ id: 'silver' });
  });

  it('a return below the threshold: keeps the tier by default, takes it away when the program says so', async () => {
    t.clock.set('2026-05-04T09:00:00Z');
    for (const returnsCanDowngrade of [false, true]) {
      const b = await cafe({ ...PROGRAM, returnsCanDowngrade });
      const m = await makeMember(t, b);
      await buy(b, m.card.payload, 4000);
      const big = await buy(b, m.card.payload, 7000);
      await consume(b);
      expect((await tierOf(b, m.id)).id).toBe('silver');
      await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: txn('ret'), purchaseId: big.purchase.id })
        .expect(201);
      await consume(b);
      const tier = await tierOf(b, m.id);
      expect({ returnsCanDowngrade, tier: tier.id }).toEqual({
        returnsCanDowngrade,
        tier: returnsCanDowngrade ? 'member' : 'silver',
      });
      if (returnsCanDowngrade)
        expect(tier.history[0]).toMatchObject({ from: 'silver', to: 'member', reason: 'returned' });
      // Progress went down in both cases to 40.00: 60.00 short of Silver, or 260.00 short of Gold.
      expect(tier.progress[0]).toMatchObject(
        returnsCanDowngrade
          ? { kind: 'reach', tierId: 'silver', current: 4000, missing: 6000 }
          : { kind: 'reach', tierId: 'gold', current: 4000, missing: 26000 },
      );
      // The bonus is not taken back, and was paid once.
      expect(await points(b, m.id)).toHaveLength(1);
      const v = await t.http().get('/api/tiers/verify').set(b.auth).expect(200);
      expect(v.body).toEqual({ checked: 1, differing: [] });
    }
  });

  it('evaluates at period end exactly once per member with two workers at once; downgrades by the rules', async () => {
    t.clock.set('2026-06-01T09:00:00Z');
    const b = await cafe();
    const kept = await makeMember(t, b);
    const dropped = await makeMember(t, b);
    const quiet = await makeMember(t, b);
    await buy(b, kept.card.payload, 12000);
    await buy(b, dropped.card.payload, 31000);
    await consume(b);
    t.clock.set('2027-06-01T09:00:00Z');
    await buy(b, kept.card.payload, 9000); // 90.00 in 2027 >= keep 80.00
    await consume(b);

    // 1 January 2028: Silver and Gold reached in 2026 are held to the end of 2027, then reviewed.
    t.clock.set('2028-01-01T00:05:00Z');
    const svc = t.app.get(TierEvaluationService);
    const runs: string[] = [];
    const opts = {
      databaseUrl: t.db.url,
      consumers: [],
      settleSeconds: 0,
      concurrency: 2,
      pollIntervalMs: 100,
      tierEvaluate: async () => {
        runs.push('run');
        return svc.runOnce();
      },
    };
    workers.push(...(await Promise.all([startWorker(opts), startWorker(opts)])));
    // Two jobs, one per worker, racing over the same members (besides the every-minute cron).
    await pg.query(
      `SELECT graphile_worker.add_job('tiers:evaluate', '{}'::json), graphile_worker.add_job('tiers:evaluate', '{}'::json)`,
    );
    const until = Date.now() + 20_000;
    for (;;) {
      const left = await pg.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'tiers:evaluate'`,
      );
      if (left.rows[0].n === 0 && runs.length >= 2) break;
      if (Date.now() > until) throw new Error('evaluation jobs did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }
    // And two more runs straight from the service at the same time: nothing left to do.
    const again = await Promise.all([svc.runOnce(), svc.runOnce()]);
    expect(again.map((r) => r.evaluated)).toEqual([0, 0]);

    expect((await tierOf(b, kept.id)).id).toBe('silver');
    expect((await tierOf(b, dropped.id)).id).toBe('silver'); // Gold → one step down
    expect((await tierOf(b, quiet.id)).id).toBe('member');
    const evals = await pg.query<{ member_id: string; n: number }>(
      `SELECT member_id, count(*)::int AS n FROM tier_evaluations WHERE business_id = $1 GROUP BY member_id`,
      [b.id],
    );
    for (const r of evals.rows) expect(r.n).toBe(1);
    expect(new Set(evals.rows.map((r) => r.member_id))).toEqual(new Set([kept.id, dropped.id, quiet.id]));
    const h = await pg.query<{ member_id: string; reason: string; to_tier: string }>(
      `SELECT member_id, reason, to_tier FROM member_tier_history
        WHERE business_id = $1 AND at = '2028-01-01T00:00:00Z' ORDER BY member_id`,
      [b.id],
    );
    expect(h.rows.map((r) => [r.member_id, r.reason, r.to_tier]).sort()).toEqual(
      [
        [kept.id, 'kept', 'silver'],
        [dropped.id, 'downgraded', 'silver'],
      ].sort(),
    );
    const v = await t.http().get('/api/tiers/verify').set(b.auth).expect(200);
    expect(v.body).toEqual({ checked: 3, differing: [] });
    for (const w of workers.splice(0)) await w.stop();
  });

  it('events consumed out of order (parallel jobs) end in the same state as in order', async () => {
    t.clock.set('2026-04-01T09:00:00Z');
    const b = await cafe();
    const m = await makeMember(t, b);
    const first = await buy(b, m.card.payload, 8000);
    t.clock.set('2026-04-02T09:00:00Z');
    await buy(b, m.card.payload, 3000);
    t.clock.set('2026-04-03T09:00:00Z');
    await t
      .http()
      .post('/api/pos/returns')
      .set(b.auth)
      .send({
        idempotencyKey: txn('ret'),
        purchaseId: first.purchase.id,
        lines: [{ lineId: 'l1', quantity: 1 }],
      })
      .expect(201);
    const consumer = t.app.get(TierStateConsumer);
    const evs = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type IN ('purchase.recorded', 'return.recorded')
        ORDER BY id DESC`,
      [b.id],
    );
    expect(evs.rows).toHaveLength(3);
    for (const e of evs.rows) await consumeEvent(pg, consumer, b.id, e.id);
    const tier = await tierOf(b, m.id);
    // 80.00 + 30.00 crossed Silver on 2 April; the return of the 80.00 line does not take it away.
    expect(tier.id).toBe('silver');
    expect(tier.progress[0]).toMatchObject({ tierId: 'gold', current: 3000 });
    expect(await points(b, m.id)).toHaveLength(1);
    expect((await t.http().get('/api/tiers/verify').set(b.auth).expect(200)).body).toEqual({
      checked: 1,
      differing: [],
    });
  });

  it('manual status: a floor with a reason and an expiry, audited, never a ceiling; it ends at its expiry', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const b = await cafe();
    const other = await cafe();
    const m = await makeMember(t, b);
    const rich = await makeMember(t, b);
    await buy(b, m.card.payload, 5000);
    await buy(b, rich.card.payload, 31000);
    await consume(b);
    const manual = (memberId: string, body: object, auth = b.auth) =>
      t.http().post(`/api/members/${memberId}/tier/manual`).set(auth).send(body);
    const good = { tierId: 'gold', reason: 'Status match: Gold next door', until: '2026-04-01T00:00:00Z' };

    const before = await fingerprint();
    for (const body of [
      { ...good, tierId: 'platinum' },
      { ...good, tierId: 'member' },
      { ...good, until: '2026-03-01T00:00:00Z' },
      { ...good, until: 'soon' },
      { ...good, reason: '  ' },
      { ...good, reason: 'x'.repeat(201) },
      { tierId: 'gold' },
      { ...good, extra: true },
    ]) {
      const r = await manual(m.id, body);
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect((await manual('not-a-uuid', good)).status).toBe(400);
    expect((await manual(m.id, good, other.auth)).status).toBe(404);
    const cashier = await makeStaff(t, b, 'cashier');
    expect((await manual(m.id, good, cashier.auth)).status).toBe(403);
    expect(await fingerprint()).toBe(before);

    const set = await manual(m.id, good).expect(200);
    expect(set.body).toMatchObject({ id: 'gold', until: '2026-04-01T00:00:00.000Z' });
    expect(set.body.history[0]).toMatchObject({ from: 'member', to: 'gold', reason: 'manual' });
    const audit = await pg.query(
      `SELECT tier_id, reason, until, set_by FROM member_tier_manual WHERE business_id = $1 AND member_id = $2`,
      [b.id, m.id],
    );
    expect(audit.rows).toEqual([
      {
        tier_id: 'gold',
        reason: 'Status match: Gold next door',
        until: new Date('2026-04-01T00:00:00Z'),
        set_by: b.ownerId,
      },
    ]);
    const scan = await t.http().post('/api/scan').set(b.auth).send({ payload: m.card.payload }).expect(200);
    expect(scan.body.tier).toMatchObject({ id: 'gold', until: '2026-04-01T00:00:00.000Z' });
    // A floor, never a ceiling: Silver as a floor leaves a Gold member in Gold. No bonus for a floor.
    await manual(rich.id, { ...good, tierId: 'silver' }).expect(200);
    expect((await tierOf(b, rich.id)).id).toBe('gold');
    expect(await points(b, m.id)).toHaveLength(0);

    // At its expiry the period-end run ends it: back to the earned tier.
    t.clock.set('2026-04-01T00:01:00Z');
    await t.app.get(TierEvaluationService).runOnce();
    const after = await tierOf(b, m.id);
    expect(after.id).toBe('member');
    expect(after.history[0]).toMatchObject({ from: 'gold', to: 'member', reason: 'manual_ended' });
    expect((await t.http().get('/api/tiers/verify').set(b.auth).expect(200)).body).toEqual({
      checked: 2,
      differing: [],
    });
  });

  it('a new version: upgrades at its start; a late purchase from before it counts under the old exclusions', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const b = await cafe();
    const m = await makeMember(t, b);
    const n = await makeMember(t, b);
    await buy(b, m.card.payload, 6000);
    await buy(b, n.card.payload, 4000);
    await consume(b);
    // From 1 April: food no longer qualifies, Silver from 50.00.
    const v2 = {
      ...PROGRAM,
      exclusions: { skus: ['GIFT-CARD'], categories: ['food'] },
      tiers: [PROGRAM.tiers[0], { ...PROGRAM.tiers[1], reach: 5000, keep: 4000 }, PROGRAM.tiers[2]],
    };
    await t
      .http()
      .put('/api/tiers/program')
      .set(b.auth)
      .send({ program: v2, effectiveFrom: '2026-04-01T00:00:00Z' })
      .expect(200);
    t.clock.set('2026-04-01T00:01:00Z');
    await t.app.get(TierEvaluationService).runOnce();
    const tm = await tierOf(b, m.id);
    expect(tm.id).toBe('silver');
    expect(tm.history[0]).toMatchObject({ to: 'silver', reason: 'program_changed', programVersion: 2 });
    expect((await tierOf(b, n.id)).id).toBe('member');

    // Recorded on 2 April, happened on 31 March: food still qualified then (version 1's exclusions).
    t.clock.set('2026-04-02T10:00:00Z');
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({
        transactionId: txn(),
        member: { cardPayload: n.card.payload },
        occurredAt: '2026-03-31T12:00:00Z',
        total: 1500,
        lines: [{ lineId: 'l1', sku: 'CAKE', category: 'food', quantity: 1, unitPrice: 1500 }],
      })
      .expect(201);
    await buy(b, n.card.payload, 2000); // food today: excluded under version 2
    await consume(b);
    const tn = await tierOf(b, n.id);
    expect(tn.id).toBe('silver');
    expect(tn.history[0]).toMatchObject({
      from: 'member',
      to: 'silver',
      reason: 'reached',
      programVersion: 2,
    });
    expect(tn.progress[0]).toMatchObject({ kind: 'reach', tierId: 'gold', current: 5500 });
    expect((await t.http().get('/api/tiers/verify').set(b.auth).expect(200)).body).toEqual({
      checked: 2,
      differing: [],
    });
  });

  it('verify names the member whose stored state differs from the recompute', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const b = await cafe();
    const a = await makeMember(t, b);
    const c = await makeMember(t, b);
    await buy(b, a.card.payload, 5000);
    await buy(b, c.card.payload, 15000);
    await consume(b);
    expect((await t.http().get('/api/tiers/verify').set(b.auth).expect(200)).body).toEqual({
      checked: 2,
      differing: [],
    });
    await pg.query(
      `UPDATE member_tier_states SET state = jsonb_set(state, '{effective,tierId}', '"gold"')
        WHERE business_id = $1 AND member_id = $2`,
      [b.id, c.id],
    );
    const v = await t.http().get('/api/tiers/verify').set(b.auth).expect(200);
    expect(v.body).toEqual({ checked: 2, differing: [{ memberId: c.id, fields: ['effective'] }] });
    // The stored view (what the scan shows) is checked too, against the view of the recomputed state.
    const original = await pg.query<{ view: unknown }>(
      `SELECT view FROM member_tier_states WHERE business_id = $1 AND member_id = $2`,
      [b.id, a.id],
    );
    expect(original.rows[0].view).toMatchObject({ view: { progress: [{ kind: 'reach' }] } });
    await pg.query(
      `UPDATE member_tier_states SET view = jsonb_set(view, '{view,progress,0,missing}', '1')
        WHERE business_id = $1 AND member_id = $2`,
      [b.id, a.id],
    );
    const v2 = await t.http().get('/api/tiers/verify').set(b.auth).expect(200);
    expect(v2.body.differing).toEqual([
      { memberId: [a.id, c.id].sort()[0], fields: [a.id < c.id ? 'view' : 'effective'] },
      { memberId: [a.id, c.id].sort()[1], fields: [a.id < c.id ? 'effective' : 'view'] },
    ]);
    await pg.query(`UPDATE member_tier_states SET view = $3 WHERE business_id = $1 AND member_id = $2`, [
      b.id,
      a.id,
      JSON.stringify(original.rows[0].view),
    ]);
    // The command (npm run tiers:verify) checks every business the same way.
    const all = await t.app.get(TiersService).verifyAll();
    expect(all.find((r) => r.businessId === b.id)).toEqual({
      businessId: b.id,
      checked: 2,
      differing: [{ memberId: c.id, fields: ['effective'] }],
    });
  });

  it('previews a proposed program without writing anything', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const b = await cafe();
    const low = await makeMember(t, b);
    const mid = await makeMember(t, b);
    await buy(b, low.card.payload, 5000);
    await buy(b, mid.card.payload, 15000);
    await consume(b);
    const before = await fingerprint();
    const proposed = {
      ...PROGRAM,
      tiers: [
        PROGRAM.tiers[0],
        { ...PROGRAM.tiers[1], reach: 4000, keep: 4000 },
        { ...PROGRAM.tiers[2], reach: 12000, keep: 12000 },
      ],
    };
    const r = await t.http().post('/api/tiers/preview').set(b.auth).send({ program: proposed }).expect(200);
    expect(r.body).toEqual({
      current: { member: 1, silver: 1 },
      proposed: { member: 0, silver: 1, gold: 1 },
      up: 2,
      down: 0,
      unchanged: 0,
      moves: expect.arrayContaining([
        // Each mover with their name and number (the console links them).
        {
          memberId: low.id,
          name: expect.stringMatching(/^Mia Member /),
          memberNumber: low.memberNumber,
          from: 'member',
          to: 'silver',
          direction: 'up',
        },
        {
          memberId: mid.id,
          name: expect.stringMatching(/^Mia Member /),
          memberNumber: mid.memberNumber,
          from: 'silver',
          to: 'gold',
          direction: 'up',
        },
      ]),
    });
    expect(await fingerprint()).toBe(before);
  });

  it('/me/loyalty shows the tier with its progress and end', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const b = await cafe();
    const j = await joinMember(t, b.slug, {
      firstName: 'Ida',
      email: 'ida-tier@example.test',
      password: 'member pass 7',
    });
    await buy(b, j.card.payload, 10500);
    await consume(b);
    const l = await t.http().get('/api/me/loyalty').set(j.auth).expect(200);
    expect(l.body.tier).toMatchObject({
      id: 'silver',
      until: '2028-01-01T00:00:00.000Z',
      progress: [
        expect.objectContaining({ text: '€195.00 more spend by 31 Dec 2026 to reach Gold' }),
        expect.objectContaining({ kind: 'keep', tierId: 'silver' }),
      ],
    });
  });

  it('refuses bad input with 400 and writes nothing; another business gets 404', async () => {
    t.clock.set('2026-03-10T09:00:00Z');
    const b = await cafe();
    const other = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.card.payload, 12000);
    await consume(b);
    const before = await fingerprint();
    const bad: ['put' | 'post' | 'get', string, object?][] = [
      ['put', '/api/tiers/program', { program: [] }],
      ['put', '/api/tiers/program', { program: PROGRAM, effectiveFrom: 42 }],
      ['put', '/api/tiers/program', { program: PROGRAM, extra: 1 }],
      ['post', '/api/tiers/preview', { program: { ...PROGRAM, window: { kind: 'weekly' } } }],
      ['post', '/api/tiers/preview', { program: PROGRAM, limit: 0 }],
      ['post', '/api/tiers/preview', {}],
      ['get', '/api/members/not-a-uuid/tier'],
    ];
    for (const [method, path, body] of bad) {
      const http = t.http();
      const req = (
        method === 'put' ? http.put(path) : method === 'post' ? http.post(path) : http.get(path)
      ).set(b.auth);
      const r = body ? await req.send(body) : await req;
      expect({ path, body, status: r.status }).toEqual({ path, body, status: 400 });
    }
    expect(await fingerprint()).toBe(before);
    // Another business: the member is not found; its own program and verify do not see b's members.
    await t.http().get(`/api/members/${m.id}/tier`).set(other.auth).expect(404);
    expect((await t.http().get('/api/tiers/verify').set(other.auth).expect(200)).body).toEqual({
      checked: 0,
      differing: [],
    });
    const p = await t
      .http()
      .post('/api/tiers/preview')
      .set(other.auth)
      .send({ program: PROGRAM })
      .expect(200);
    expect(p.body.current).toEqual({});
    // The member's own business still reads it.
    expect((await t.http().get(`/api/members/${m.id}/tier`).set(b.auth)).status).toBe(200);
  });
});
