import { Client, Pool } from 'pg';
import type { Principal } from '../../apps/api/src/auth/principal';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { CounterReadService } from '../../apps/api/src/pos/counter-read.service';
import { hashRequest } from '../../apps/api/src/pos/idempotency';
import { PosRepository } from '../../apps/api/src/pos/pos.repository';
import type { PurchaseDto } from '../../apps/api/src/pos/pos.dto';
import { StepsPurchase } from '../../apps/api/src/pos/steps-purchase.strategy';
import { TierStateConsumer } from '../../apps/api/src/tiers/tier-sync';
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

describe('tier points multiplier at the counter (both purchase strategies)', () => {
  let t: TestApp;
  let pg: Pool;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-02T09:00:00Z' });
    pg = new Pool({ connectionString: t.db.url, max: 2 });
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
    // The member's history shows the reason (ledger reasons are the history lines).
    const history = await pg.query<{ reason: string; amount: string }>(
      `SELECT t.reason, t.amount FROM ledger_transactions t JOIN ledger_accounts a ON a.business_id = t.business_id AND a.id = t.account_id
        WHERE t.business_id = $1 AND a.owner_id = $2 AND t.reason LIKE '%Gold tier%' ORDER BY t.id`,
      [b.id, m.id],
    );
    expect(history.rows.map((r) => Number(r.amount))).toEqual([5, 5]);
    // A member of no tier yet earns no extra.
    const newcomer = await makeMember(t, b);
    expect((await buy(b, newcomer.memberNumber, 1000)).earned.map((e) => e.amount)).toEqual([10]);
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
    expect(calls.mock.calls.map((c) => c[0].tierId)).toEqual(['silver', 'gold']);
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
    const arg = spy.mock.calls.at(-1)![0];
    spy.mockRestore();
    // The same call again with a new transaction and the wrong tier: RG005, nothing written.
    const before = await pg.query(`SELECT count(*)::int AS n FROM purchases WHERE business_id = $1`, [b.id]);
    await expect(
      repo.recordPurchaseCall({
        ...arg,
        purchaseId: '01900000-0000-7000-8000-000000000001',
        transactionId: txn(),
        tierId: 'gold',
      }),
    ).rejects.toMatchObject({ code: 'RG005' });
    const after = await pg.query(`SELECT count(*)::int AS n FROM purchases WHERE business_id = $1`, [b.id]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
