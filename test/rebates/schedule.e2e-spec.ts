import { Client } from 'pg';
import { startWorker, type RunningWorker } from '../../apps/api/src/events/worker';
import { RebatesService } from '../../apps/api/src/rebates/rebates.service';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness } from '../support/factories';
import {
  buy,
  drain,
  expectVerifyClean,
  makeAgreement,
  makeBuyer,
  makeCompany,
  statementOf,
  tomorrow,
  wholesale,
  worked,
} from './support';

/**
 * Scheduled settlement runs (cron task rebates:settle): interim runs on the
 * agreement's schedule and the final after the period, at local midnights of
 * the business time zone (Europe/Berlin), each exactly once.
 */
describe('scheduled rebate settlements', () => {
  let t: TestApp;
  let pg: Client;
  const workers: RunningWorker[] = [];
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2027-03-02T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await pg.end();
    await t.close();
  });

  const docs = async (businessId: string) =>
    (
      await pg.query<{ stage: string; amount: string; period_key: string }>(
        `SELECT stage, amount::text, period_key FROM rebate_settlements WHERE business_id = $1 ORDER BY seq`,
        [businessId],
      )
    ).rows.map((r) => ({ stage: r.stage, amount: Number(r.amount), period: r.period_key }));

  it('quarterly: interims at 1 Apr / 1 Jul / 1 Oct (Berlin midnight), the final after 31 Dec, each once', async () => {
    const svc = t.app.get(RebatesService);
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const co = await makeCompany(t, b);
    const m = await makeBuyer(t, b, co.id);
    const manual = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: co.id },
      worked('incremental'),
      tomorrow(t),
    );
    const a = await makeAgreement(
      t,
      b,
      { kind: 'company', companyId: co.id },
      worked('retroactive'),
      tomorrow(t),
      { schedule: 'quarterly' },
    );
    const got = await t.http().get(`/api/rebates/agreements/${a.id}`).set(b.auth).expect(200);
    expect(got.body.settings.schedule).toBe('quarterly');
    t.clock.advance(86_400_000);
    await buy(t, b, m.card.payload, 1_500_000); // 15,000.00 -> 2 % = 300.00
    await drain(t, b.id);

    // 23:59:59 on 31 March in Berlin: nothing is due yet.
    t.clock.set(new Date('2027-03-31T21:59:59Z'));
    expect(await svc.runSchedule(b.id)).toEqual([]);
    // Midnight in Berlin: the first interim pays what has accrued (the manual agreement is left alone).
    t.clock.set(new Date('2027-03-31T22:00:00Z'));
    const first = await svc.runSchedule(b.id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      agreementId: a.id,
      periodKey: '2027-01-01',
      runKey: 'interim:2027-04-01',
    });
    expect(first[0].settlement).toMatchObject({ stage: 'interim', amount: 30_000 });
    expect(await svc.runSchedule(b.id)).toEqual([]); // the same hour again: nothing
    t.clock.advance(3_600_000);
    expect(await svc.runSchedule(b.id)).toEqual([]); // the next hour: nothing

    // 25,000.00 reached in the second quarter: 1,000.00 accrued, 700.00 due on 1 July.
    t.clock.set(new Date('2027-05-10T09:00:00Z'));
    await buy(t, b, m.card.payload, 1_000_000);
    await drain(t, b.id);
    t.clock.set(new Date('2027-06-30T22:30:00Z'));
    // Two runners at the same instant: one document.
    const both = await Promise.all([svc.runSchedule(b.id), svc.runSchedule(b.id)]);
    expect(both.flat()).toHaveLength(1);
    expect(both.flat()[0].settlement).toMatchObject({ stage: 'interim', amount: 70_000 });

    // Nothing bought in the third quarter: the 1 October run finds nothing due and is recorded as such.
    t.clock.set(new Date('2027-10-01T00:00:00Z'));
    const third = await svc.runSchedule(b.id);
    expect(third).toEqual([
      { agreementId: a.id, periodKey: '2027-01-01', runKey: 'interim:2027-10-01', settlement: null },
    ]);
    expect(await svc.runSchedule(b.id)).toEqual([]);

    // 30,000.00 by December: the final after 31 December pays 1,200.00 - 1,000.00.
    t.clock.set(new Date('2027-12-01T09:00:00Z'));
    await buy(t, b, m.card.payload, 500_000);
    await drain(t, b.id);
    t.clock.set(new Date('2027-12-31T22:59:59Z')); // 23:59:59 on 31 Dec (CET)
    expect(await svc.runSchedule(b.id)).toEqual([]);
    t.clock.set(new Date('2027-12-31T23:10:00Z'));
    const final = await svc.runSchedule(b.id);
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ runKey: 'final', settlement: { stage: 'final', amount: 20_000 } });
    t.clock.set(new Date('2028-02-01T00:00:00Z'));
    expect(await svc.runSchedule(b.id)).toEqual([]);

    expect(await docs(b.id)).toEqual([
      { stage: 'interim', amount: 30_000, period: '2027-01-01' },
      { stage: 'interim', amount: 70_000, period: '2027-01-01' },
      { stage: 'final', amount: 20_000, period: '2027-01-01' },
    ]);
    const st = await statementOf(t, b, a.id, '2027-01-01');
    expect(st.statement).toMatchObject({ accrued: 120_000, paid: 120_000 });
    const runs = await t.http().get(`/api/rebates/agreements/${a.id}/scheduled-runs`).set(b.auth).expect(200);
    expect(
      runs.body.items.map((r: { runKey: string; outcome: string }) => `${r.runKey} ${r.outcome}`),
    ).toEqual([
      'interim:2027-04-01 posted',
      'interim:2027-07-01 posted',
      'interim:2027-10-01 nothing_due',
      'final posted',
    ]);
    // The manual agreement: no document, no run.
    expect(
      (await t.http().get(`/api/rebates/agreements/${manual.id}/scheduled-runs`).set(b.auth).expect(200)).body
        .items,
    ).toEqual([]);
    // The company's statements (staff and ERP): both agreements, its own volume, the documents.
    const cs = await t.http().get(`/api/rebates/companies/${co.id}/statements`).set(b.auth).expect(200);
    // (Both agreements were made at the same instant with the same name: listed in id order.)
    expect(
      cs.body.items
        .map((x: { agreementId: string; companyVolume: number; settlements: unknown[] }) => [
          x.agreementId,
          x.companyVolume,
          x.settlements.length,
        ])
        .sort(),
    ).toEqual(
      [
        [manual.id, 0, 0],
        [a.id, 0, 0],
      ].sort(),
    );
    const cs27 = await statementOf(t, b, a.id, '2027-01-01');
    expect(cs27.settlements).toHaveLength(3);
    // Another business's owner: 404.
    const other = await makeBusiness(t);
    await t.http().get(`/api/rebates/companies/${co.id}/statements`).set(other.auth).expect(404);
    await t.http().get(`/api/rebates/companies/not-a-uuid/statements`).set(b.auth).expect(400);
    await t.http().get(`/api/rebates/agreements/${a.id}/scheduled-runs`).set(other.auth).expect(404);
    await t.http().get(`/api/rebates/agreements/not-a-uuid/scheduled-runs`).set(b.auth).expect(400);
    await expectVerifyClean(t, b);
  });

  it('the cron task on two workers at once: the final settlement is posted once', async () => {
    t.clock.set(new Date('2028-03-02T09:00:00Z'));
    const svc = t.app.get(RebatesService);
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const co = await makeCompany(t, b, 'Cron GmbH');
    const m = await makeBuyer(t, b, co.id);
    await makeAgreement(t, b, { kind: 'company', companyId: co.id }, worked('retroactive'), tomorrow(t), {
      schedule: 'final',
      payout: 'store_credit',
    });
    t.clock.advance(86_400_000);
    await buy(t, b, m.card.payload, 3_000_000); // 30,000.00 -> 1,200.00
    await drain(t, b.id);
    t.clock.set(new Date('2029-01-01T08:00:00Z'));
    const calls: number[] = [];
    const opts = {
      databaseUrl: t.db.url,
      consumers: [],
      settleSeconds: 0,
      concurrency: 2,
      pollIntervalMs: 100,
      rebateSettle: async () => {
        calls.push(1);
        return svc.runAllSchedules();
      },
    };
    workers.push(...(await Promise.all([startWorker(opts), startWorker(opts)])));
    await pg.query(
      `SELECT graphile_worker.add_job('rebates:settle', '{}'::json), graphile_worker.add_job('rebates:settle', '{}'::json)`,
    );
    const until = Date.now() + 20_000;
    for (;;) {
      const left = await pg.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'rebates:settle'`,
      );
      if (left.rows[0].n === 0 && calls.length >= 2) break;
      if (Date.now() > until) throw new Error('rebate settlement jobs did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }
    const cron = await pg.query(
      `SELECT 1 FROM graphile_worker._private_known_crontabs WHERE identifier = 'rebates:settle'`,
    );
    expect(cron.rowCount).toBe(1);
    expect(await docs(b.id)).toEqual([{ stage: 'final', amount: 120_000, period: '2028-01-01' }]);
    const credit = await t.http().get(`/api/store-credit?memberId=${m.id}`).set(b.auth).expect(200);
    expect(credit.body.balance).toBe(120_000);
    await expectVerifyClean(t, b);
  });
});
