import { Client, Pool } from 'pg';
import type { Principal } from '../../apps/api/src/auth/principal';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { CounterReadService } from '../../apps/api/src/pos/counter-read.service';
import { hashRequest } from '../../apps/api/src/pos/idempotency';
import { PosRepository } from '../../apps/api/src/pos/pos.repository';
import type { PurchaseDto } from '../../apps/api/src/pos/pos.dto';
import { StepsPurchase } from '../../apps/api/src/pos/steps-purchase.strategy';
import { TierStateConsumer } from '../../apps/api/src/tiers/tier-sync';
import { TiersRepository } from '../../apps/api/src/tiers/tiers.repository';
import { TiersService } from '../../apps/api/src/tiers/tiers.service';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, TestBusiness } from '../support/factories';
import { CAFE_RULES, publishRules, txn } from '../support/loyalty';

/** Spend-based tiers: Silver x1.25 from 100.00, Gold x1.5 from 300.00 (calendar year). */
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
    { id: 'silver', name: 'Silver', reach: 10000, keep: 8000, benefits: { multiplierBp: 12500 } },
    { id: 'gold', name: 'Gold', reach: 30000, keep: 25000, benefits: { multiplierBp: 15000 } },
  ],
};

describe('tier and club points multipliers at the counter (both purchase strategies)', () => {
  let t: TestApp;
  let pg: Pool;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
    pg = new Pool({ connectionString: t.db.url, max: 5 });
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  async function cafe() {
    const b = await makeBusiness(t, { timeZone: 'UTC' });
    await publishRules(t, b, CAFE_RULES);
    await t.http().put('/api/tiers/program').set(b.auth).send({ program: PROGRAM }).expect(200);
    return b;
  }

  /** Applies the business's purchase and return events to the tier consumer (the worker's job). */
  async function consume(b: TestBusiness) {
    const consumer = t.app.get(TierStateConsumer);
    const evs = await pg.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type IN ('purchase.recorded', 'return.recorded') ORDER BY id`,
      [b.id],
    );
    for (const e of evs.rows) await consumeEvent(pg, consumer, b.id, e.id);
  }

  const cake = (total: number) => [
    { lineId: 'l1', sku: 'CAKE', category: 'food', quantity: 1, unitPrice: total },
  ];

  /** POST /api/pos/purchases (after a scan: the one-call strategy). */
  const buy = async (b: TestBusiness, memberNumber: string, total: number) => {
    const r = await t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { memberNumber }, total, lines: cake(total) });
    expect(r.status).toBe(201);
    return r.body as { earned: { kind: string; amount: number; reason: string }[] };
  };

  /** The multi-statement strategy, called directly. */
  const buyInSteps = async (b: TestBusiness, memberNumber: string, total: number) => {
    const now = t.clock.now();
    const dto = { transactionId: txn(), member: { memberNumber }, total, lines: cake(total) } as PurchaseDto;
    const principal: Principal = { kind: 'staff', businessId: b.id, staffId: b.ownerId, role: 'owner' };
    return t.app.get(StepsPurchase).record({
      principal,
      dto,
      requestHash: hashRequest({ ...dto, occurredAt: null }),
      now,
      occurredAt: now,
      ref: t.app.get(CounterReadService).ref(b.id, { memberNumber }),
    });
  };

  const tierOf = async (b: TestBusiness, memberId: string) =>
    (await t.http().get(`/api/members/${memberId}/tier`).set(b.auth)).body.id as string;

  it('a Gold member earns x1.5 on both strategies, the crossing purchase at the old tier; the reason is in the history', async () => {
    const b = await cafe();
    const m = await makeMember(t, b);
    // 300.00: crosses Gold, earned at the tier held before it (none yet: no extra).
    const crossing = await buy(b, m.memberNumber, 30000);
    expect(crossing.earned.map((e) => e.amount)).toEqual([300]);
    await consume(b);
    expect(await tierOf(b, m.id)).toBe('gold');

    t.clock.advance(60_000);
    const scan = await t.http().post('/api/scan').set(b.auth).send({ memberNumber: m.memberNumber });
    expect(scan.body.tier).toMatchObject({ id: 'gold', benefits: { multiplierBp: 15000 } });
    // One call (the purchase after the scan): 10.00 earns 10 + Gold x1.5 = 5 more.
    const oneCall = await buy(b, m.memberNumber, 1000);
    expect(oneCall.earned.map((e) => [e.amount, e.reason])).toEqual([
      [10, expect.any(String)],
      [5, expect.stringContaining('Gold tier')],
    ]);
    // The steps strategy: the same.
    const steps = await buyInSteps(b, m.memberNumber, 1000);
    expect(steps.earned.map((e) => [e.amount, e.reason])).toEqual(
      oneCall.earned.map((e) => [e.amount, e.reason]),
    );
    // The member's history shows the reason (ledger reasons are the history lines): the extra is
    // posted with the base points, one movement whose reason names both parts.
    const history = await pg.query<{ reason: string; amount: string }>(
      `SELECT t.reason, t.amount FROM ledger_transactions t JOIN ledger_accounts a ON a.business_id = t.business_id AND a.id = t.account_id
        WHERE t.business_id = $1 AND a.owner_id = $2 AND t.reason LIKE '%Gold tier%' ORDER BY t.id`,
      [b.id, m.id],
    );
    expect(history.rows.map((r) => [Number(r.amount), r.reason])).toEqual([
      [15, `${oneCall.earned[0].reason}; ${oneCall.earned[1].reason}`],
      [15, `${oneCall.earned[0].reason}; ${oneCall.earned[1].reason}`],
    ]);
    expect(oneCall.earned[1].reason).toBe('Gold tier +5');
    // A member of no tier yet earns no extra.
    const newcomer = await makeMember(t, b);
    expect((await buy(b, newcomer.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10]);
  });

  it('the scan and the purchase use the view stored with the tier state while it is exact (here to the end of the year); past it, or under a new program version, the state', async () => {
    const b = await cafe();
    const m = await makeMember(t, b);
    t.clock.advance(60_000); // the rules are in force from a minute before the view is stored
    await buy(b, m.memberNumber, 30000);
    await consume(b);
    const stored = await pg.query<{
      view: { view: { id: string } | null; effectiveTierId: string };
      from: Date;
      until: Date;
    }>(
      `SELECT view, view_from AS from, view_until AS until FROM member_tier_states WHERE business_id = $1 AND member_id = $2`,
      [b.id, m.id],
    );
    expect(stored.rows[0].view).toMatchObject({ view: { id: 'gold' }, effectiveTierId: 'gold' });
    // Exact until the calendar year ends (the progress window and the date it names move then; Gold
    // is held to the end of 2027, no timer of the state comes sooner).
    expect(stored.rows[0].until.toISOString()).toBe('2027-01-01T00:00:00.000Z');

    const repo = t.app.get(PosRepository);
    const stateReads = jest.spyOn(repo, 'tierStateOf');
    const derivations = jest.spyOn(t.app.get(TiersService), 'view');
    /** Scans; says whether the scan derived the view from the state (else it used the stored one). */
    const scanAndCompare = async () => {
      derivations.mockClear();
      const scan = await t
        .http()
        .post('/api/scan')
        .set(b.auth)
        .send({ memberNumber: m.memberNumber })
        .expect(200);
      const derived = derivations.mock.calls.length > 0;
      // The same view as derived from the state now (GET /api/members/:id/tier).
      const fresh = await t.http().get(`/api/members/${m.id}/tier`).set(b.auth).expect(200);
      const { history: _history, ...view } = fresh.body as Record<string, unknown>;
      expect(scan.body.tier).toEqual(view);
      return { tier: scan.body.tier as { id: string; progress: { text: string }[] }, derived };
    };
    try {
      t.clock.advance(60_000);
      expect(await scanAndCompare()).toMatchObject({ tier: { id: 'gold' }, derived: false });
      expect((await buy(b, m.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10, 5]);
      expect(stateReads).not.toHaveBeenCalled();
      // A purchase recorded late, from before the view was stored: its tier comes from the state.
      const late = await t
        .http()
        .post('/api/pos/purchases')
        .set(b.auth)
        .send({
          transactionId: txn(),
          member: { memberNumber: m.memberNumber },
          total: 1000,
          lines: cake(1000),
          occurredAt: new Date(stored.rows[0].from.getTime() - 30_000).toISOString(),
        })
        .expect(201);
      expect(late.body.earned.map((e: { amount: number }) => e.amount)).toEqual([10, 5]);
      expect(stateReads).toHaveBeenCalledTimes(1);
      stateReads.mockClear();

      // A month later the view still holds; in the new year it is past its interval: the counter
      // read brings the state along and the scan derives the view from it.
      t.clock.advance(31 * 86_400_000);
      expect(await scanAndCompare()).toMatchObject({ tier: { id: 'gold' }, derived: false });
      const resume = t.clock.now().getTime() + 60_000;
      t.clock.set(new Date('2027-01-01T00:00:30Z'));
      const next = await scanAndCompare();
      expect(next).toMatchObject({ tier: { id: 'gold' }, derived: true });
      expect(next.tier.progress.length).toBeGreaterThan(0);
      expect((await buy(b, m.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10, 5]);
      expect(stateReads).not.toHaveBeenCalled();

      // A stored view computed under other program versions is not used: the counter read, which
      // knows the current versions, brings the state along in the same query.
      await consume(b);
      t.clock.advance(60_000);
      expect(await scanAndCompare()).toMatchObject({ derived: false });
      const gold2 = { ...PROGRAM.tiers[2], benefits: { multiplierBp: 20000 } };
      await t
        .http()
        .put('/api/tiers/program')
        .set(b.auth)
        .send({ program: { ...PROGRAM, tiers: [PROGRAM.tiers[0], PROGRAM.tiers[1], gold2] } })
        .expect(200);
      t.clock.advance(60_000);
      const after = await scanAndCompare();
      expect(after).toMatchObject({ tier: { id: 'gold', benefits: { multiplierBp: 20000 } }, derived: true });
      expect((await buy(b, m.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10, 10]);
      // The purchase reused the state the scan read.
      expect(stateReads).not.toHaveBeenCalled();
      // The other tests of this file go on from before the new year (each uses its own business).
      t.clock.set(resume);
    } finally {
      stateReads.mockRestore();
      derivations.mockRestore();
    }
  });

  it('a return reverses the tier extra from the movement it was posted with, part by part, on both strategies', async () => {
    const b = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.memberNumber, 30000);
    await consume(b);
    const points = async () =>
      (await t.http().post('/api/scan').set(b.auth).send({ memberNumber: m.memberNumber }).expect(200)).body
        .points.available as number;
    for (const strategy of ['one-call', 'steps'] as const) {
      const before = await points();
      const lines = [
        { lineId: 'a', sku: 'CAKE', category: 'food', quantity: 2, unitPrice: 1000 },
        { lineId: 'b', sku: 'TEA', category: 'drink', quantity: 1, unitPrice: 2000 },
      ];
      const dto = { transactionId: txn(), member: { memberNumber: m.memberNumber }, total: 4000, lines };
      let purchase: { purchase: { id: string }; earned: { key: string; amount: number }[] };
      if (strategy === 'one-call') {
        const r = await t.http().post('/api/pos/purchases').set(b.auth).send(dto).expect(201);
        purchase = r.body;
      } else {
        const principal: Principal = { kind: 'staff', businessId: b.id, staffId: b.ownerId, role: 'owner' };
        purchase = (await t.app.get(StepsPurchase).record({
          principal,
          dto: dto as PurchaseDto,
          requestHash: hashRequest({ ...dto, occurredAt: null }),
          now: t.clock.now(),
          occurredAt: t.clock.now(),
          ref: t.app.get(CounterReadService).ref(b.id, { memberNumber: m.memberNumber }),
        })) as typeof purchase;
      }
      // 40.00: 40 base + Gold 20, one ledger movement.
      expect(purchase.earned.map((e) => e.amount)).toEqual([40, 20]);
      expect(await points()).toBe(before + 60);
      const movements = await pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM ledger_transactions WHERE business_id = $1 AND idempotency_key LIKE $2`,
        [b.id, `purchase:${purchase.purchase.id}:%`],
      );
      expect(Number(movements.rows[0].n)).toBe(1);
      // One cake back: 10 base + 5 extra reversed, each by its own key.
      const part = await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({
          idempotencyKey: `r1-${strategy}`,
          purchaseId: purchase.purchase.id,
          lines: [{ lineId: 'a', quantity: 1 }],
        })
        .expect(201);
      expect(part.body.reversed.map((r: { key: string; amount: number }) => [r.key, r.amount])).toEqual([
        ['points:base', 10],
        ['points:promotion:tier.gold', 5],
      ]);
      expect(await points()).toBe(before + 45);
      // The rest back: everything the purchase earned is reversed, nothing more.
      const rest = await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: `r2-${strategy}`, purchaseId: purchase.purchase.id })
        .expect(201);
      expect(rest.body.reversed.map((r: { amount: number }) => r.amount)).toEqual([30, 15]);
      expect(await points()).toBe(before);
    }
  });

  it('with a tier program, the purchase right after its scan is still one SQL round trip (tier extra included)', async () => {
    const b = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.memberNumber, 30000); // Gold
    await consume(b);
    // A POS key, as a till uses; warm the caches (key, rules, rewards, business, tier programs) as after the first sale.
    const pos = { ...b, auth: (await makePosKey(t, b)).auth as unknown as TestBusiness['auth'] };
    await t.http().post('/api/scan').set(pos.auth).send({ memberNumber: m.memberNumber }).expect(200);
    await buy(pos, m.memberNumber, 500);
    await t.http().post('/api/scan').set(pos.auth).send({ memberNumber: m.memberNumber }).expect(200);
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
      r = await buy(pos, m.memberNumber, 1000);
    } finally {
      spy.mockRestore();
    }
    expect(sent).toEqual([expect.stringMatching(/^SELECT pos_record_purchase\(\$1::jsonb\)/)]);
    expect(r.earned.map((e) => e.amount)).toEqual([10, 5]);
  });

  it('a tier change between the scan and the purchase is caught under the member lock (RG005) and re-evaluated', async () => {
    const b = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.memberNumber, 10000); // Silver
    await consume(b);
    expect(await tierOf(b, m.id)).toBe('silver');
    t.clock.advance(60_000);
    await t.http().post('/api/scan').set(b.auth).send({ memberNumber: m.memberNumber }).expect(200);
    // Between the scan (remembered with Silver) and the purchase, the owner sets Gold by hand:
    // the stored tier changes, the balances do not.
    await t
      .http()
      .post(`/api/members/${m.id}/tier/manual`)
      .set(b.auth)
      .send({ tierId: 'gold', reason: 'Status match', until: '2026-12-31T00:00:00Z' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    expect(await tierOf(b, m.id)).toBe('gold');
    const calls = jest.spyOn(t.app.get(PosRepository), 'recordPurchaseCall');
    const r = await buy(b, m.memberNumber, 1000);
    // The first call used Silver and was refused (RG005); the second used Gold.
    expect(calls.mock.calls.map((c) => c[1].tierId)).toEqual(['silver', 'gold']);
    await expect(calls.mock.results[0].value).rejects.toMatchObject({ code: 'RG005' });
    calls.mockRestore();
    expect(r.earned.map((e) => [e.amount, e.reason])).toEqual([
      [10, expect.any(String)],
      [5, expect.stringContaining('Gold tier')],
    ]);
  });

  it('the function refuses a tier other than the stored one (the check itself)', async () => {
    const b = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.memberNumber, 10000);
    await consume(b);
    const repo = t.app.get(PosRepository);
    const spy = jest.spyOn(repo, 'recordPurchaseCall');
    await buy(b, m.memberNumber, 500);
    const arg = spy.mock.calls.at(-1)![1];
    spy.mockRestore();
    // The same call again with a new transaction and the wrong tier: RG005, nothing written.
    const before = await pg.query(`SELECT count(*)::int AS n FROM purchases WHERE business_id = $1`, [b.id]);
    await expect(
      repo.recordPurchaseCall(b.id, {
        ...arg,
        purchaseId: '01900000-0000-7000-8000-000000000001',
        transactionId: txn(),
        tierId: 'gold',
      }),
    ).rejects.toMatchObject({ code: 'RG005' });
    const after = await pg.query(`SELECT count(*)::int AS n FROM purchases WHERE business_id = $1`, [b.id]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  const WORDING = 'I want to join the Regulars Club and get its offers by email.';

  /** An open club whose members earn x1.10 (the extras add to a tier's). */
  async function withClub(b: TestBusiness) {
    await t
      .http()
      .put('/api/club')
      .set(b.auth)
      .send({
        name: 'Regulars Club',
        access: { kind: 'open' },
        consentWording: WORDING,
        benefits: { multiplierBp: 11000 },
      })
      .expect(200);
  }
  const optIn = (b: TestBusiness, memberId: string) =>
    t
      .http()
      .post(`/api/members/${memberId}/club/opt-in`)
      .set(b.auth)
      .send({ consentWording: WORDING, source: 'counter' })
      .expect(200);

  it('a club member earns the club multiplier on both strategies, added to the tier extra; leaving ends it', async () => {
    const b = await cafe();
    await withClub(b);
    const m = await makeMember(t, b);
    await buy(b, m.memberNumber, 30000); // Gold from the next purchase
    await consume(b);
    // Not a club member yet: the Gold extra only.
    expect((await buy(b, m.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10, 5]);
    await optIn(b, m.id);
    t.clock.advance(60_000);
    await t.http().post('/api/scan').set(b.auth).send({ memberNumber: m.memberNumber }).expect(200);
    const oneCall = await buy(b, m.memberNumber, 1000);
    // 10.00: 10 base, Gold x1.5 +5, club x1.10 +1 (the extras add up: x1.6, not x1.65).
    expect(oneCall.earned.map((e) => [e.amount, e.reason])).toEqual([
      [10, expect.any(String)],
      [5, expect.stringContaining('Gold tier')],
      [1, expect.stringContaining('Regulars Club')],
    ]);
    const steps = await buyInSteps(b, m.memberNumber, 1000);
    expect(steps.earned.map((e) => [e.amount, e.reason])).toEqual(
      oneCall.earned.map((e) => [e.amount, e.reason]),
    );
    const history = await pg.query<{ amount: string; reason: string }>(
      `SELECT t.amount, t.reason FROM ledger_transactions t JOIN ledger_accounts a ON a.business_id = t.business_id AND a.id = t.account_id
        WHERE t.business_id = $1 AND a.owner_id = $2 AND t.reason LIKE '%Regulars Club +%' ORDER BY t.id`,
      [b.id, m.id],
    );
    expect(history.rows.map((r) => Number(r.amount))).toEqual([16, 16]);
    expect(history.rows[0].reason).toMatch(/; Gold tier \+5; Regulars Club \+1$/);
    // A club member without a tier (no tier program state yet) earns the club extra alone.
    const newcomer = await makeMember(t, b);
    await optIn(b, newcomer.id);
    expect((await buy(b, newcomer.memberNumber, 2000)).earned.map((e) => e.amount)).toEqual([20, 2]);
    // Leaving the club ends the extra at once, on both strategies.
    await t
      .http()
      .post(`/api/members/${m.id}/club/cancel`)
      .set(b.auth)
      .send({})
      .expect((r) => expect(r.status).toBeLessThan(300));
    expect((await buy(b, m.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10, 5]);
    expect((await buyInSteps(b, m.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10, 5]);
  });

  it('joining the club between the scan and the purchase is caught under the member lock (RG005) and re-evaluated; the check writes nothing', async () => {
    const b = await cafe();
    await withClub(b);
    const m = await makeMember(t, b);
    await t.http().post('/api/scan').set(b.auth).send({ memberNumber: m.memberNumber }).expect(200);
    await optIn(b, m.id); // after the scan that the purchase reuses
    const repo = t.app.get(PosRepository);
    const calls = jest.spyOn(repo, 'recordPurchaseCall');
    const r = await buy(b, m.memberNumber, 1000);
    expect(calls.mock.calls.map((c) => c[1].clubSeq === null)).toEqual([true, false]);
    await expect(calls.mock.results[0].value).rejects.toMatchObject({ code: 'RG005', detail: 'club' });
    const arg = calls.mock.calls[1][1];
    calls.mockRestore();
    expect(r.earned.map((e) => e.amount)).toEqual([10, 1]);
    // The check itself: the same call with a new transaction and a stale club seq writes nothing.
    const count = async () =>
      (
        await pg.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM purchases WHERE business_id = $1) || '/' ||
                  (SELECT count(*) FROM ledger_transactions WHERE business_id = $1) AS n`,
          [b.id],
        )
      ).rows[0].n;
    const before = await count();
    for (const clubSeq of [null, '0', String(BigInt(arg.clubSeq!) + 1n)])
      await expect(
        repo.recordPurchaseCall(b.id, {
          ...arg,
          purchaseId: '01900000-0000-7000-8000-000000000002',
          transactionId: txn(),
          clubSeq,
        }),
      ).rejects.toMatchObject({ code: 'RG005' });
    expect(await count()).toBe(before);
  });

  it('a tier-state write waits for a counter operation holding the member lock, without any lock on the state row by the purchase', async () => {
    const b = await cafe();
    const m = await makeMember(t, b);
    await buy(b, m.memberNumber, 10000);
    await consume(b);
    const holder = await pg.connect();
    const writer = await pg.connect();
    try {
      // A counter operation in flight: it holds the member lock (as pos_record_purchase does).
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
        b.id,
        m.id,
      ]);
      const pid = (await writer.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await writer.query('BEGIN');
      let locked = false;
      const write = t.app
        .get(TiersRepository)
        .lockState(b.id, m.id, t.clock.now(), writer)
        .then(() => (locked = true));
      // The tier-state writer waits on the member row ...
      let waiting = false;
      for (let i = 0; i < 100 && !waiting; i++) {
        const w = await pg.query<{ wait_event_type: string | null }>(
          `SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`,
          [pid],
        );
        waiting = w.rows[0]?.wait_event_type === 'Lock';
        if (!waiting) await new Promise((res) => setTimeout(res, 20));
      }
      expect(waiting).toBe(true);
      expect(locked).toBe(false);
      // ... and goes on once the counter operation commits.
      await holder.query('COMMIT');
      await write;
      expect(locked).toBe(true);
      await writer.query('COMMIT');
    } finally {
      holder.release();
      writer.release();
    }
    // The purchase function takes no row lock on the tier state: while a writer holds it
    // (FOR UPDATE, as lockState does), a purchase of another session still goes through.
    const blocker = await pg.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `SELECT 1 FROM member_tier_states WHERE business_id = $1 AND member_id = $2 FOR UPDATE`,
        [b.id, m.id],
      );
      const r = await Promise.race([
        buy(b, m.memberNumber, 500).then(() => 'bought'),
        new Promise((res) => setTimeout(() => res('blocked'), 5_000)),
      ]);
      expect(r).toBe('bought');
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
  });
});
