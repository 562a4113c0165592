import { rebate, validateTerms, type RebateTerms } from '@regulars/rebates';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { RebateAccrualConsumer } from '../../apps/api/src/rebates/rebate-accrual.consumer';
import { Db } from '../../apps/api/src/database/db';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness } from '../support/factories';
import {
  buy,
  drain,
  expectVerifyClean,
  giveBack,
  makeAgreement,
  makeBuyer,
  makeCompany,
  statementOf,
  tomorrow,
  wholesale,
  worked,
} from './support';

/**
 * Accrual of annual volume rebates from the counter's purchases and returns
 * (issue 16): the worked example end to end, concurrency, idempotency.
 */
describe('rebate accrual', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2027-03-02T09:00:00Z' });
  });
  afterAll(async () => t.close());

  const ledgerBalance = async (businessId: string, agreementId: string) => {
    const pool = t.app.get(Db).pool;
    const r = await pool.query<{ available: string }>(
      `SELECT available::text FROM ledger_accounts WHERE business_id = $1 AND unit = $2 AND owner_type = 'customer'`,
      [businessId, `rebate:${agreementId}`],
    );
    return r.rows.length ? Number(r.rows[0].available) : 0;
  };

  it('the worked example: purchases crossing brackets accrue exactly; returns crossing back claw back', async () => {
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const retroCo = await makeCompany(t, b, 'Retro Cafés GmbH');
    const incrCo = await makeCompany(t, b, 'Incremental Offices AG');
    const r1 = await makeBuyer(t, b, retroCo.id);
    const r2 = await makeBuyer(t, b, retroCo.id);
    const i1 = await makeBuyer(t, b, incrCo.id);
    const retro = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: retroCo.id },
      worked('retroactive'),
      tomorrow(t),
    );
    const incr = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: incrCo.id },
      worked('incremental'),
      tomorrow(t),
    );
    // A purchase before the first version's date counts nowhere.
    await buy(t, b, r1.card.payload, 500_000);
    await drain(t, b.id);
    expect((await statementOf(t, b, retro.id)).statement.volume).toBe(0);
    t.clock.advance(86_400_000);

    const steps: [number, number, number][] = [];
    const step = async (payload: string, amount: number, agreementId: string) => {
      const p = await buy(t, b, payload, amount);
      await drain(t, b.id);
      const s = await statementOf(t, b, agreementId);
      steps.push([amount, s.statement.volume, s.statement.accrued]);
      expect(await ledgerBalance(b.id, agreementId)).toBe(s.statement.accrued);
      return p;
    };
    await step(r1.card.payload, 999_999, retro.id); // 9,999.99: below the minimum
    const cent = await step(r2.card.payload, 1_500_000, retro.id); // 24,999.99 -> 2 % = 499.9998 -> 500.00
    const last = await step(r1.card.payload, 1, retro.id); // 25,000.00: the cliff, 4 % of everything
    const big = await step(r2.card.payload, 500_000, retro.id); // 30,000.00 -> 1,200.00
    expect(steps).toEqual([
      [999_999, 999_999, 0],
      [1_500_000, 2_499_999, 50_000],
      [1, 2_500_000, 100_000],
      [500_000, 3_000_000, 120_000],
    ]);
    // Returns: back to 25,000.00 (1,000.00), then across the cliff (500.00: a claw-back of 500.00).
    await giveBack(t, b, big.purchaseId);
    await drain(t, b.id);
    expect((await statementOf(t, b, retro.id)).statement).toMatchObject({
      volume: 2_500_000,
      accrued: 100_000,
    });
    await giveBack(t, b, last.purchaseId);
    await drain(t, b.id);
    const after = await statementOf(t, b, retro.id);
    expect(after.statement).toMatchObject({ volume: 2_499_999, accrued: 50_000, current: { index: 0 } });
    expect(after.statement.next).toMatchObject({ volumeNeeded: 1, worth: 50_000, by: '2027-12-31' });
    expect(await ledgerBalance(b.id, retro.id)).toBe(50_000);
    void cent;

    // Incremental: 30,000.00 pays 500.00.
    await buy(t, b, i1.card.payload, 2_500_000);
    await drain(t, b.id);
    expect((await statementOf(t, b, incr.id)).statement).toMatchObject({
      volume: 2_500_000,
      accrued: 30_000,
    });
    await buy(t, b, i1.card.payload, 500_000);
    await drain(t, b.id);
    expect((await statementOf(t, b, incr.id)).statement).toMatchObject({
      volume: 3_000_000,
      accrued: 50_000,
    });
    expect(await ledgerBalance(b.id, incr.id)).toBe(50_000);

    // Redelivery of every event changes nothing.
    await drain(t, b.id);
    await drain(t, b.id, true);
    expect((await statementOf(t, b, retro.id)).statement.accrued).toBe(50_000);
    expect((await statementOf(t, b, incr.id)).statement.accrued).toBe(50_000);
    const pool = t.app.get(Db).pool;
    const accruals = await pool.query<{ kind: string; delta: string }>(
      `SELECT kind, delta::text FROM rebate_accruals WHERE business_id = $1 AND agreement_id = $2 ORDER BY event_id`,
      [b.id, retro.id],
    );
    expect(accruals.rows.map((r) => [r.kind, Number(r.delta)])).toEqual([
      ['purchase', 0],
      ['purchase', 50_000],
      ['purchase', 50_000],
      ['purchase', 20_000],
      ['return', -20_000],
      ['return', -50_000],
    ]);
    const v = await expectVerifyClean(t, b);
    expect(v.periods).toBe(2);
  });

  it('a buyer who left: later purchases no longer count, earlier ones stay', async () => {
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const co = await makeCompany(t, b);
    const m = await makeBuyer(t, b, co.id);
    const a = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: co.id },
      worked('retroactive'),
      tomorrow(t),
    );
    t.clock.advance(86_400_000);
    await buy(t, b, m.card.payload, 1_000_000);
    t.clock.advance(60_000);
    const company = await t.http().get(`/api/rebates/companies/${co.id}`).set(b.auth).expect(200);
    const buyerId = company.body.buyers[0].id as string;
    const ended = await t.http().post(`/api/rebates/companies/${co.id}/buyers/${buyerId}/end`).set(b.auth);
    expect(ended.status).toBe(201);
    expect(ended.body.buyers).toEqual([
      expect.objectContaining({ id: buyerId, memberId: m.id, endedAt: t.clock.now().toISOString() }),
    ]);
    t.clock.advance(60_000);
    await buy(t, b, m.card.payload, 2_000_000);
    await drain(t, b.id);
    expect((await statementOf(t, b, a.id)).statement).toMatchObject({ volume: 1_000_000, accrued: 20_000 });
    // Ending twice: nothing to end.
    expect(
      (await t.http().post(`/api/rebates/companies/${co.id}/buyers/${buyerId}/end`).set(b.auth)).status,
    ).toBe(404);
    await expectVerifyClean(t, b);
  });

  it('20 concurrent purchases by buyers of one company, consumed by concurrent workers: exact accrual', async () => {
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const co = await makeCompany(t, b);
    const buyers = await Promise.all([1, 2, 3, 4].map(() => makeBuyer(t, b, co.id)));
    const a = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: co.id },
      worked('retroactive'),
      tomorrow(t),
    );
    t.clock.advance(86_400_000);
    // 20 × 1,333.33 = 26,666.60: crosses 10,000.00 and 25,000.00 in the middle of the storm.
    await Promise.all(Array.from({ length: 20 }, (_, i) => buy(t, b, buyers[i % 4].card.payload, 133_333)));
    expect(await drain(t, b.id, true)).toEqual({ events: 20, failures: 0 });
    const s = await statementOf(t, b, a.id);
    expect(s.statement).toMatchObject({ volume: 2_666_660, accrued: 106_666 }); // 4 % of 26,666.60 = 1,066.664
    expect(await ledgerBalance(b.id, a.id)).toBe(106_666);
    await expectVerifyClean(t, b);
  });
  it('an amendment mid-year prices later purchases by the new version; all volume counts toward the brackets', async () => {
    t.clock.set(new Date('2028-03-02T09:00:00Z'));
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const co = await makeCompany(t, b);
    const m = await makeBuyer(t, b, co.id);
    const a = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: co.id },
      worked('retroactive'),
      tomorrow(t),
    );
    const amended = await t
      .http()
      .post(`/api/rebates/agreements/${a.id}/versions`)
      .set(b.auth)
      .send({
        effectiveFrom: '2028-07-01',
        terms: {
          ...worked('retroactive'),
          brackets: [
            { threshold: 1_000_000, value: { kind: 'rate', rateBp: 300 } },
            { threshold: 2_500_000, value: { kind: 'rate', rateBp: 500 } },
          ],
        },
      });
    expect(amended.status).toBe(201);
    expect(
      amended.body.versions.map((v: { version: number; effectiveFrom: string }) => [
        v.version,
        v.effectiveFrom,
      ]),
    ).toEqual([
      [1, '2028-03-03'],
      [2, '2028-07-01'],
    ]);
    t.clock.advance(86_400_000);
    await buy(t, b, m.card.payload, 2_000_000);
    t.clock.set(new Date('2028-07-02T09:00:00Z'));
    await buy(t, b, m.card.payload, 1_000_000);
    await drain(t, b.id);
    // 4 % of 20,000.00 + 5 % of 10,000.00 = 1,300.00 (libs/rebates README, Amendments).
    expect((await statementOf(t, b, a.id)).statement).toMatchObject({
      volume: 3_000_000,
      accrued: 130_000,
      version: 2,
    });
    // Amending backwards is refused.
    const back = await t
      .http()
      .post(`/api/rebates/agreements/${a.id}/versions`)
      .set(b.auth)
      .send({ effectiveFrom: '2028-07-01', terms: worked('retroactive') });
    expect(back.status).toBe(400);
    await expectVerifyClean(t, b);
  });

  it('a return consumed before its purchase fails and is retried; the end state is exact', async () => {
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const co = await makeCompany(t, b);
    const m = await makeBuyer(t, b, co.id);
    const a = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: co.id },
      worked('retroactive'),
      tomorrow(t),
    );
    t.clock.advance(86_400_000);
    const p = await buy(t, b, m.card.payload, 1_200_000);
    await giveBack(t, b, p.purchaseId);
    const pool = t.app.get(Db).pool;
    const consumer = t.app.get(RebateAccrualConsumer);
    const [purchaseEvent, returnEvent] = (
      await pool.query<{ id: string }>(
        `SELECT id::text FROM domain_events WHERE business_id = $1 AND type IN ('purchase.recorded', 'return.recorded') ORDER BY id`,
        [b.id],
      )
    ).rows.map((r) => r.id);
    await expect(consumeEvent(pool, consumer, b.id, returnEvent)).rejects.toThrow(
      /more volume than was bought/,
    );
    expect(await consumeEvent(pool, consumer, b.id, purchaseEvent)).toBe('applied');
    expect((await statementOf(t, b, a.id)).statement).toMatchObject({ volume: 1_200_000, accrued: 24_000 });
    expect(await consumeEvent(pool, consumer, b.id, returnEvent)).toBe('applied');
    expect((await statementOf(t, b, a.id)).statement).toMatchObject({ volume: 0, accrued: 0 });
    expect(await ledgerBalance(b.id, a.id)).toBe(0);
    await expectVerifyClean(t, b);
  });

  it('random purchases and returns by three buyers, consumed concurrently: accrued = rebate(volume)', async () => {
    let seed = 20271;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const co = await makeCompany(t, b);
    const buyers = [await makeBuyer(t, b, co.id), await makeBuyer(t, b, co.id), await makeBuyer(t, b, co.id)];
    const terms = {
      mode: 'retroactive',
      scope: { kind: 'exclude', skus: [], categories: ['equipment'] },
      brackets: [
        { threshold: 100_000, value: { kind: 'rate', rateBp: 125 } },
        { threshold: 450_000, value: { kind: 'rate', rateBp: 333 } },
        { threshold: 800_000, value: { kind: 'rate', rateBp: 517 } },
      ],
      minimumVolume: 50_000,
    };
    const a = await makeAgreement(t, b, { kind: 'company', companyId: co.id }, terms, tomorrow(t));
    t.clock.advance(86_400_000);
    const bought: { id: string; amount: number }[] = [];
    let volume = 0;
    for (let round = 0; round < 4; round++) {
      const batch = Array.from({ length: 6 }, () => ({ m: buyers[rnd(3)], amount: 1 + rnd(90_000) }));
      const done = await Promise.all(batch.map((x, i) => buy(t, b, x.m.card.payload, x.amount, `l${i}`)));
      done.forEach((p, i) => bought.push({ id: p.purchaseId, amount: batch[i].amount }));
      volume += batch.reduce((s, x) => s + x.amount, 0);
      const back = bought.splice(rnd(bought.length), 1)[0];
      await giveBack(t, b, back.id);
      volume -= back.amount;
      await drain(t, b.id, true);
      const checked = validateTerms(terms, 'net_amount');
      if (!checked.ok) throw new Error('terms');
      const expected = rebate(checked.value as RebateTerms, volume);
      expect((await statementOf(t, b, a.id)).statement).toMatchObject({ volume, accrued: expected });
      expect(await ledgerBalance(b.id, a.id)).toBe(expected);
    }
    await expectVerifyClean(t, b);
  });
});
