import { Client, Pool } from 'pg';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, makeStaff, TestBusiness } from '../support/factories';
import { CAFE_RULES, coffee, makeReward, publishRules, txn } from '../support/loyalty';
import { DailySummaryConsumer } from '../../apps/api/src/events/daily-summary.consumer';
import { runConsumerJob, type EventConsumer } from '../../apps/api/src/events/consumer';
import { startWorker, type RunningWorker } from '../../apps/api/src/events/worker';
import { LedgerScheduler } from '../../apps/api/src/ledger/ledger.scheduler';

/**
 * Domain events: written atomically with their change, relayed to the job
 * queue, consumed exactly once in effect however often they are delivered.
 */
describe('domain events', () => {
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

  const eventsOf = async (businessId: string) =>
    (
      await pg.query<{ type: string; payload: Record<string, unknown>; occurred_at: Date }>(
        `SELECT type, payload, occurred_at FROM domain_events WHERE business_id = $1 ORDER BY id`,
        [businessId],
      )
    ).rows;

  const purchase = (b: TestBusiness, payload: string, body: object) =>
    t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: payload }, ...body });

  async function cafe(overrides: Record<string, unknown> = {}, rules: object = CAFE_RULES) {
    const b = await makeBusiness(t, overrides);
    await publishRules(t, b, rules);
    const reward = await makeReward(t, b, {
      name: '1 off',
      cost: { kind: 'points', points: 10 },
      benefit: { kind: 'amount_off', amount: 100 },
    });
    return { b, reward };
  }

  it('writes each change with its event, in the same transaction', async () => {
    t.clock.set('2026-03-02T09:00:00Z');
    const { b, reward } = await cafe();
    const m = await makeMember(t, b);
    const one = await purchase(b, m.card.payload, {
      total: 3500,
      lines: [coffee('l1', 2, 1000), { lineId: 'l2', sku: 'CAKE', quantity: 1, unitPrice: 1500 }],
    }).expect(201);
    // With a redemption: the multi-statement path.
    const steps = await purchase(b, m.card.payload, {
      total: 1200,
      lines: [coffee('l1', 12, 100)],
      redeem: [{ rewardId: reward.id }],
    }).expect(201);
    const alone = await t
      .http()
      .post('/api/pos/redemptions')
      .set(b.auth)
      .send({ idempotencyKey: 'r-1', member: { cardPayload: m.card.payload }, rewardId: reward.id })
      .expect(201);
    const ret = await t
      .http()
      .post('/api/pos/returns')
      .set(b.auth)
      .send({
        idempotencyKey: 'ret-1',
        purchaseId: one.body.purchase.id,
        lines: [{ lineId: 'l2', quantity: 1 }],
      })
      .expect(201);
    await t.http().post(`/api/members/${m.id}/card/reissue`).set(b.auth).send({ reason: 'lost' }).expect(201);
    await t.http().post(`/api/members/${m.id}/card/revoke`).set(b.auth).send({}).expect(200);

    const all = await eventsOf(b.id);
    // The two redemptions' spends (keys redemption:<id>) are ledger.posted; the purchases' own
    // earns (keys purchase:<id>:...) and the return's reversals write no ledger event.
    expect(all.map((e) => e.type)).toEqual([
      'member.enrolled',
      'purchase.recorded',
      'purchase.recorded',
      'ledger.posted',
      'redemption.recorded',
      'ledger.posted',
      'redemption.recorded',
      'return.recorded',
      'card.reissued',
      'card.revoked',
    ]);
    for (const e of all.filter((x) => x.type === 'ledger.posted'))
      expect(e.payload).toMatchObject({
        kind: 'spend',
        unit: 'points',
        ownerType: 'member',
        ownerId: m.id,
        amount: 10,
      });
    const evs = all.filter((e) => e.type !== 'ledger.posted');
    expect(evs[0].payload).toEqual({
      memberId: m.id,
      memberNumber: m.memberNumber,
      cardId: m.card.id,
      source: 'counter',
    });
    expect(evs[1].payload).toEqual({
      purchaseId: one.body.purchase.id,
      transactionId: one.body.purchase.transactionId,
      memberId: m.id,
      locationId: null,
      occurredAt: '2026-03-02T09:00:00+00:00',
      total: 3500,
      ruleVersion: 1,
      points: 35,
      stamps: 2,
      stampCardsCompleted: 0,
    });
    // 12 coffees complete one 10-stamp card (2 + 12 = 14 stamps: one card, 4 towards the next).
    // The reward redeemed with the sale (1.00 off) is not paid, so it earns nothing: 11.00 paid, 11 points.
    expect(evs[2].payload).toMatchObject({
      purchaseId: steps.body.purchase.id,
      total: 1100,
      points: 11,
      stamps: 12,
      stampCardsCompleted: 1,
    });
    expect(evs[3].payload).toEqual({
      redemptionId: steps.body.redemptions[0].id,
      memberId: m.id,
      rewardId: reward.id,
      purchaseId: steps.body.purchase.id,
      unit: 'points',
      cost: 10,
      discount: 100,
    });
    expect(evs[4].payload).toMatchObject({ redemptionId: alone.body.redemption.id, purchaseId: null });
    expect(evs[5].payload).toEqual({
      returnId: ret.body.return.id,
      purchaseId: one.body.purchase.id,
      memberId: m.id,
      lines: [{ lineId: 'l2', quantity: 1 }],
      fullyReturned: false,
      pointsReversed: ret.body.reversed.find((r: { kind: string }) => r.kind === 'points').amount,
      stampsReversed: 0,
      rewardsRestored: 0,
    });
    expect(evs[6].payload).toMatchObject({ memberId: m.id, revokedCardId: m.card.id, reason: 'lost' });
    expect(evs[7].payload).toMatchObject({ memberId: m.id, cardId: evs[6].payload.cardId, reason: null });
  });

  it('the purchase right after its scan is still one SQL round trip, event included', async () => {
    t.clock.set('2026-03-04T09:00:00Z');
    const { b } = await cafe();
    const m = await makeMember(t, b);
    // A POS key, as a till uses; warm the caches (key, rules, rewards, business) as after the first sale.
    const pos = { ...b, auth: (await makePosKey(t, b)).auth as unknown as TestBusiness['auth'] };
    await t.http().post('/api/scan').set(pos.auth).send({ payload: m.card.payload }).expect(200);
    await purchase(pos, m.card.payload, { total: 1000 }).expect(201);
    await t.http().post('/api/scan').set(pos.auth).send({ payload: m.card.payload }).expect(200);
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
      r = await purchase(pos, m.card.payload, { total: 1500, lines: [coffee('l1', 1, 1500)] }).expect(201);
    } finally {
      spy.mockRestore();
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^SELECT pos_record_purchase\(/);
    const evs = await eventsOf(b.id);
    expect(evs[evs.length - 1]).toMatchObject({
      type: 'purchase.recorded',
      payload: { purchaseId: r.body.purchase.id, total: 1500, points: 15, stamps: 1 },
    });
  });

  it('writes ledger.expired and ledger.matured from the settle run', async () => {
    t.clock.set('2026-04-01T10:00:00Z');
    const { b } = await cafe({}, { ...CAFE_RULES, pendingDays: 14, pointsExpiry: { afterMonths: 1 } });
    const m = await makeMember(t, b);
    await purchase(b, m.card.payload, { total: 2000 }).expect(201);
    const settle = t.app.get(LedgerScheduler);
    t.clock.set('2026-04-15T10:00:01Z');
    await settle.runOnce(b.id);
    t.clock.set('2026-06-01T00:00:00Z');
    await settle.runOnce(b.id);
    const ledger = (await eventsOf(b.id)).filter((e) => e.type.startsWith('ledger.'));
    expect(ledger.map((e) => [e.type, e.payload.amount, e.payload.ownerId, e.payload.unit])).toEqual([
      ['ledger.matured', 20, m.id, 'points'],
      ['ledger.expired', 20, m.id, 'points'],
    ]);
    expect(ledger.map((e) => e.occurred_at.toISOString())).toEqual([
      '2026-04-15T10:00:01.000Z',
      '2026-06-01T00:00:00.000Z',
    ]);
  });

  it('a purchase that rolls back leaves no event (one-call and multi-statement paths)', async () => {
    t.clock.set('2026-03-03T09:00:00Z');
    const { b, reward } = await cafe();
    const m = await makeMember(t, b);
    await purchase(b, m.card.payload, { total: 2000 }).expect(201);
    const before = await eventsOf(b.id);
    // Fails at COMMIT, after the purchase, its ledger postings and its event were all written.
    await pg.query(`
      CREATE FUNCTION test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
      CREATE CONSTRAINT TRIGGER test_refuse_commit AFTER INSERT ON purchases DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (NEW.transaction_id LIKE 'ROLLBACK-%') EXECUTE FUNCTION test_refuse_commit();`);
    try {
      const oneCall = await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({ transactionId: 'ROLLBACK-1', member: { cardPayload: m.card.payload }, total: 1000 });
      const inSteps = await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({
          transactionId: 'ROLLBACK-2',
          member: { cardPayload: m.card.payload },
          total: 1000,
          redeem: [{ rewardId: reward.id }],
        });
      expect([oneCall.status, inSteps.status]).toEqual([500, 500]);
    } finally {
      await pg.query(`DROP TRIGGER test_refuse_commit ON purchases; DROP FUNCTION test_refuse_commit();`);
    }
    expect(await eventsOf(b.id)).toEqual(before);
    const left = await pg.query(
      `SELECT (SELECT count(*) FROM purchases WHERE business_id = $1 AND transaction_id LIKE 'ROLLBACK-%') AS purchases,
              (SELECT count(*) FROM ledger_transactions WHERE business_id = $1 AND reference LIKE 'purchase:ROLLBACK-%') AS ledger,
              (SELECT count(*) FROM redemptions WHERE business_id = $1) AS redemptions`,
      [b.id],
    );
    expect(left.rows[0]).toEqual({ purchases: '0', ledger: '0', redemptions: '0' });
  });

  /** The summaries computed from scratch: purchases, the ledger, redemptions, returns, members. */
  const bruteForce = async (businessId: string) =>
    (
      await pg.query(
        `WITH b AS (SELECT id, time_zone AS tz FROM businesses WHERE id = $1),
         parts AS (
           SELECT (p.occurred_at AT TIME ZONE b.tz)::date AS day, 1 AS purchases, p.total AS revenue, 0 AS returns,
                  0 AS points_issued, 0 AS points_redeemed, 0 AS points_expired,
                  (SELECT coalesce(sum((x->>'cardsCompleted')::int), 0) FROM jsonb_array_elements(p.evaluation->'postings') x
                    WHERE x->>'kind' = 'stamps') AS stamp_cards_completed, 0 AS new_members
             FROM purchases p JOIN b ON p.business_id = b.id
           UNION ALL
           SELECT (p.occurred_at AT TIME ZONE b.tz)::date, 0, 0, 0, lt.amount, 0, 0, 0, 0
             FROM ledger_transactions lt JOIN b ON lt.business_id = b.id
             JOIN purchases p ON p.business_id = lt.business_id AND lt.idempotency_key LIKE 'purchase:' || p.id || ':%'
            WHERE lt.kind = 'earn' AND lt.unit = 'points'
           UNION ALL
           SELECT (r.created_at AT TIME ZONE b.tz)::date, 0, 0, 0, 0, r.cost, 0, 0, 0
             FROM redemptions r JOIN b ON r.business_id = b.id WHERE r.unit = 'points'
           UNION ALL
           SELECT (r.created_at AT TIME ZONE b.tz)::date, 0, 0, 1, 0, 0, 0, 0, 0
             FROM purchase_returns r JOIN b ON r.business_id = b.id
           UNION ALL
           SELECT (lt.effective_at AT TIME ZONE b.tz)::date, 0, 0, 0, 0, 0, lt.amount, 0, 0
             FROM ledger_transactions lt JOIN b ON lt.business_id = b.id
             JOIN ledger_accounts a ON a.business_id = lt.business_id AND a.id = lt.account_id
            WHERE lt.kind = 'expire' AND lt.unit = 'points' AND a.owner_type = 'member'
           UNION ALL
           SELECT (m.created_at AT TIME ZONE b.tz)::date, 0, 0, 0, 0, 0, 0, 0, 1
             FROM members m JOIN b ON m.business_id = b.id
         )
         SELECT day::text AS day, sum(purchases)::int AS purchases, sum(revenue)::bigint::text AS revenue,
                sum(returns)::int AS returns, sum(points_issued)::bigint::text AS points_issued,
                sum(points_redeemed)::bigint::text AS points_redeemed, sum(points_expired)::bigint::text AS points_expired,
                sum(stamp_cards_completed)::int AS stamp_cards_completed, sum(new_members)::int AS new_members
           FROM parts GROUP BY day ORDER BY day`,
        [businessId],
      )
    ).rows;

  const summaries = async (businessId: string) =>
    (
      await pg.query(
        `SELECT day::text AS day, purchases, revenue::text AS revenue, returns, points_issued::text AS points_issued,
                points_redeemed::text AS points_redeemed, points_expired::text AS points_expired,
                stamp_cards_completed, new_members
           FROM daily_business_summaries WHERE business_id = $1 ORDER BY day`,
        [businessId],
      )
    ).rows;

  /** Waits until every event is relayed and every job has run (a job that keeps failing never ends this). */
  async function drained(timeoutMs = 45_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await workers[0].relay();
      const r = await pg.query<{ events: string; jobs: string }>(
        `SELECT (SELECT count(*) FROM domain_events WHERE dispatched_at IS NULL) AS events,
                (SELECT count(*) FROM graphile_worker.jobs WHERE task_identifier LIKE 'events:%') AS jobs`,
      );
      if (r.rows[0].events === '0' && r.rows[0].jobs === '0') return;
      if (Date.now() > until) throw new Error(`not drained: ${JSON.stringify(r.rows[0])}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  it('keeps daily summaries equal to a brute-force computation, with failed, retried, duplicated and concurrent deliveries on two workers', async () => {
    const real = new DailySummaryConsumer(t.clock);
    // Every third event fails once AFTER its write (which must roll back), then succeeds on the retry.
    const failedOnce = new Set<string>();
    const flaky: EventConsumer = {
      name: real.name,
      types: real.types,
      async handle(tx, e) {
        await real.handle(tx, e);
        const key = `${e.businessId}/${e.id}`;
        if (Number(e.id) % 3 === 0 && !failedOnce.has(key)) {
          failedOnce.add(key);
          throw new Error(`injected failure of event ${key}`);
        }
      },
    };
    const opts = {
      databaseUrl: t.db.url,
      consumers: [flaky],
      settleSeconds: 0,
      concurrency: 2,
      relayIntervalMs: 50,
      pollIntervalMs: 100,
    };
    workers.push(...(await Promise.all([startWorker(opts), startWorker(opts)])));

    // A mixed workload in two time zones, with purchases on both sides of local midnight.
    const shops = [
      await cafe({ timeZone: 'Europe/Berlin' }, { ...CAFE_RULES, pointsExpiry: { afterMonths: 1 } }),
      await cafe({ timeZone: 'America/New_York' }, { ...CAFE_RULES, pointsExpiry: { afterMonths: 1 } }),
    ];
    const times = [
      '2026-03-10T22:30:00Z',
      '2026-03-10T23:30:00Z',
      '2026-03-11T04:30:00Z',
      '2026-03-11T05:30:00Z',
    ];
    for (const [i, now] of times.entries()) {
      t.clock.set(now);
      for (const { b, reward } of shops) {
        const m = await makeMember(t, b);
        const first = await purchase(b, m.card.payload, {
          total: 2400 + i * 100,
          lines: [coffee('c', 11, 200), { lineId: 'x', sku: 'CAKE', quantity: 1, unitPrice: 200 + i * 100 }],
        }).expect(201);
        // Backdated by 2 hours: counts on the day it happened.
        await purchase(b, m.card.payload, {
          total: 1500,
          occurredAt: new Date(Date.parse(now) - 2 * 3600_000).toISOString(),
          redeem: [{ rewardId: reward.id }],
        }).expect(201);
        await t
          .http()
          .post('/api/pos/redemptions')
          .set(b.auth)
          .send({ idempotencyKey: `r-${i}`, member: { cardPayload: m.card.payload }, rewardId: reward.id })
          .expect(201);
        await t
          .http()
          .post('/api/pos/returns')
          .set(b.auth)
          .send({
            idempotencyKey: `ret-${i}`,
            purchaseId: first.body.purchase.id,
            ...(i % 2 ? {} : { lines: [{ lineId: 'x', quantity: 1 }] }),
          })
          .expect(201);
      }
    }
    // Points lapse after a month: the settle run expires them (ledger.expired).
    t.clock.set('2026-05-01T12:00:00Z');
    const settled = await t.app.get(LedgerScheduler).runOnce();
    expect(settled.expired).toBeGreaterThan(0);

    await drained();
    expect(failedOnce.size).toBeGreaterThan(0);

    // Redeliver everything: as a queued job (both workers compete for it) and twice at once from here.
    const all = await pg.query<{ events: [string, string][] }>(
      `SELECT json_agg(json_build_array(business_id, id::text) ORDER BY id) AS events FROM domain_events
        WHERE type = ANY($1::text[]) AND business_id = ANY($2::uuid[])`,
      [real.types, shops.map((s) => s.b.id)],
    );
    const payload = { events: all.rows[0].events };
    await pg.query(`SELECT graphile_worker.add_job($1, $2::json)`, [real.name, JSON.stringify(payload)]);
    const again = await Promise.all([runConsumerJob(pg, real, payload), runConsumerJob(pg, real, payload)]);
    expect(again).toEqual([
      { applied: 0, duplicates: payload.events.length },
      { applied: 0, duplicates: payload.events.length },
    ]);
    await drained();

    for (const { b } of shops) {
      const expected = await bruteForce(b.id);
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(await summaries(b.id)).toEqual(expected);
      // What the owner reads.
      const report = await t
        .http()
        .get('/api/reports/daily')
        .query({ from: '2026-03-01', to: '2026-05-31' })
        .set(b.auth)
        .expect(200);
      expect(report.body.days).toEqual(
        expected.map((r) => ({
          day: r.day,
          purchases: r.purchases,
          revenue: Number(r.revenue),
          returns: r.returns,
          pointsIssued: Number(r.points_issued),
          pointsRedeemed: Number(r.points_redeemed),
          pointsExpired: Number(r.points_expired),
          stampCardsCompleted: r.stamp_cards_completed,
          newMembers: r.new_members,
        })),
      );
    }
    // Berlin (UTC+1): 22:30 UTC is still the 10th, 23:30 UTC already the 11th.
    // New York (UTC-4 since 8 March): 04:30 UTC is already the 11th.
    const membersByDay = async (businessId: string) =>
      (await summaries(businessId)).filter((r) => r.new_members > 0).map((r) => [r.day, r.new_members]);
    expect(await membersByDay(shops[0].b.id)).toEqual([
      ['2026-03-10', 1],
      ['2026-03-11', 3],
    ]);
    expect(await membersByDay(shops[1].b.id)).toEqual([
      ['2026-03-10', 2],
      ['2026-03-11', 2],
    ]);
    const consumed = await pg.query(
      `SELECT count(*)::int AS n, count(DISTINCT (business_id, event_id))::int AS distinct_events
         FROM event_consumptions WHERE consumer = $1 AND business_id = ANY($2::uuid[])`,
      [real.name, shops.map((s) => s.b.id)],
    );
    expect(consumed.rows[0]).toEqual({ n: payload.events.length, distinct_events: payload.events.length });
  });

  it('runs the settle cron once per minute across two workers', async () => {
    await runWorkerMigrations({ connectionString: t.db.url });
    // The cron last ran 5 minutes ago; both workers start now and make up the missed minutes.
    const last = await pg.query<{ last: Date }>(
      `INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
       VALUES ('ledger:settle', date_trunc('minute', now()) - interval '5 minutes', date_trunc('minute', now()) - interval '5 minutes')
       ON CONFLICT (identifier) DO UPDATE SET last_execution = EXCLUDED.last_execution
       RETURNING last_execution AS last`,
    );
    const runs: string[] = [];
    const opts = {
      databaseUrl: t.db.url,
      consumers: [],
      settle: async ({ ts }: { ts: string | null }) => {
        runs.push(ts ?? 'none');
      },
      settleSeconds: 60,
      settleBackfillSeconds: 600,
      concurrency: 2,
      pollIntervalMs: 100,
    };
    const pair = await Promise.all([startWorker(opts), startWorker(opts)]);
    workers.push(...pair);
    const base = last.rows[0].last.getTime();
    const expected = [1, 2, 3, 4, 5].map((k) => new Date(base + k * 60_000).toISOString());
    const until = Date.now() + 20_000;
    while (expected.some((ts) => !runs.includes(ts)) && Date.now() < until)
      await new Promise((res) => setTimeout(res, 100));
    await new Promise((res) => setTimeout(res, 500));
    expect(expected.filter((ts) => runs.includes(ts))).toEqual(expected);
    // Never twice for one minute (a 6th minute may have begun meanwhile, once).
    expect(new Set(runs).size).toBe(runs.length);
  });

  it('reports: the daily range is checked; only owners read it', async () => {
    const { b } = await cafe();
    const get = (query: object, auth: Record<string, string> = b.auth) =>
      t.http().get('/api/reports/daily').query(query).set(auth);
    for (const q of [
      { from: '2026-02-31' },
      { to: '2026-13-01' },
      { from: '2026-03-10', to: '2026-03-09' },
      { from: '2024-01-01', to: '2026-01-01' },
    ]) {
      const r = await get(q);
      expect({ q, status: r.status, code: r.body.error?.code }).toEqual({
        q,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    t.clock.set('2026-03-20T12:00:00Z');
    const def = await get({}).expect(200);
    expect(def.body).toEqual({ from: '2026-02-19', to: '2026-03-20', days: [] });
    const cashier = await makeStaff(t, b, 'cashier');
    expect((await get({}, cashier.auth)).status).toBe(403);
  });
});

describe('the worker inside the app (WORKER_ENABLED=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { WORKER_ENABLED: 'true' }, clockStart: '2026-03-02T09:00:00Z' });
  });
  afterAll(async () => t.close());

  it('relays and consumes the events of the app: the owner sees the day in the report seconds later', async () => {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const m = await makeMember(t, b);
    await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { cardPayload: m.card.payload }, total: 4250 })
      .expect(201);
    const until = Date.now() + 20_000;
    let days: unknown[] = [];
    while (Date.now() < until) {
      const r = await t.http().get('/api/reports/daily').set(b.auth).expect(200);
      days = r.body.days;
      const d = days[0] as { purchases: number; newMembers: number } | undefined;
      if (d?.purchases === 1 && d.newMembers === 1) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(days).toEqual([
      {
        day: '2026-03-02',
        purchases: 1,
        revenue: 4250,
        returns: 0,
        pointsIssued: 42,
        pointsRedeemed: 0,
        pointsExpired: 0,
        stampCardsCompleted: 0,
        newMembers: 1,
      },
    ]);
  });
});
