import { localDateOf } from '@regulars/rebates';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { Db } from '../../apps/api/src/database/db';
import { RebateAccrualConsumer } from '../../apps/api/src/rebates/rebate-accrual.consumer';
import type { TestApp } from '../support/app';
import { makeMember, type TestBusiness } from '../support/factories';

/** The worked example of issue 16: minimum 10,000.00, 2 % from 10,000.00, 4 % from 25,000.00. */
export const worked = (mode: 'retroactive' | 'incremental') => ({
  mode,
  scope: { kind: 'all' },
  brackets: [
    { threshold: 1_000_000, value: { kind: 'rate', rateBp: 200 } },
    { threshold: 2_500_000, value: { kind: 'rate', rateBp: 400 } },
  ],
  minimumVolume: 1_000_000,
});

let n = 0;
export async function makeCompany(t: TestApp, b: TestBusiness, name = 'Café Aurora GmbH') {
  n++;
  const r = await t
    .http()
    .post('/api/rebates/companies')
    .set(b.auth)
    .send({
      legalName: name,
      taxId: `DE${100000000 + n}`,
      billingName: 'Accounts',
      billingEmail: `ap${n}@example.test`,
    });
  if (r.status !== 201) throw new Error(`company: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; legalName: string };
}

export async function makeBuyer(t: TestApp, b: TestBusiness, companyId: string) {
  const m = await makeMember(t, b);
  const r = await t
    .http()
    .post(`/api/rebates/companies/${companyId}/buyers`)
    .set(b.auth)
    .send({ memberId: m.id });
  if (r.status !== 201) throw new Error(`buyer: ${r.status} ${JSON.stringify(r.body)}`);
  return m;
}

export async function makeAgreement(
  t: TestApp,
  b: TestBusiness,
  assignment: object,
  terms: object,
  effectiveFrom: string,
  extra: object = {},
) {
  const r = await t
    .http()
    .post('/api/rebates/agreements')
    .set(b.auth)
    .send({
      name: 'Volume rebate',
      settings: {
        period: { kind: 'calendar_year' },
        basis: 'net_amount',
        payout: 'credit_note',
        assignment,
        ...extra,
      },
      version: { effectiveFrom, terms },
    });
  if (r.status !== 201) throw new Error(`agreement: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string };
}

/** Lifts the purchase limit so that wholesale amounts are accepted at the counter. */
export async function wholesale(t: TestApp, b: TestBusiness) {
  await t.http().patch('/api/business').set(b.auth).send({ purchaseLimit: 1_000_000_000 }).expect(200);
}

let tx = 0;
export async function buy(t: TestApp, b: TestBusiness, cardPayload: string, amount: number, lineId = 'a') {
  const r = await t
    .http()
    .post('/api/pos/purchases')
    .set(b.auth)
    .send({
      transactionId: `R-${Date.now()}-${++tx}`,
      member: { cardPayload },
      total: amount,
      lines: [{ lineId, sku: 'BEANS-1KG', category: 'beans', quantity: 1, unitPrice: amount }],
    });
  if (r.status !== 201) throw new Error(`purchase: ${r.status} ${JSON.stringify(r.body)}`);
  return { purchaseId: (r.body as { purchase: { id: string } }).purchase.id };
}

export async function giveBack(t: TestApp, b: TestBusiness, purchaseId: string) {
  const r = await t
    .http()
    .post('/api/pos/returns')
    .set(b.auth)
    .send({ idempotencyKey: `ret-${++tx}`, purchaseId });
  if (r.status !== 201) throw new Error(`return: ${r.status} ${JSON.stringify(r.body)}`);
}

/**
 * Applies the business's purchase and return events to the rebate consumer
 * as the worker does (consumeEvent, once per event; already applied ones are
 * duplicates); `parallel` first runs them all at once, as several workers would.
 */
export async function drain(t: TestApp, businessId: string, parallel = false) {
  const pool = t.app.get(Db).pool;
  const consumer = t.app.get(RebateAccrualConsumer);
  const ids = (
    await pool.query<{ id: string }>(
      `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2) ORDER BY id`,
      [businessId, consumer.types],
    )
  ).rows.map((r) => r.id);
  let failures = 0;
  if (parallel) {
    // Like several workers: all at once. A return applied before its purchase fails (its segment
    // would go negative) and, as the job queue does, is retried afterwards.
    const settled = await Promise.allSettled(ids.map((id) => consumeEvent(pool, consumer, businessId, id)));
    failures = settled.filter((x) => x.status === 'rejected').length;
  }
  for (const id of ids) await consumeEvent(pool, consumer, businessId, id);
  return { events: ids.length, failures };
}

export async function statementOf(t: TestApp, b: TestBusiness, agreementId: string, period?: string) {
  const r = await t
    .http()
    .get(`/api/rebates/agreements/${agreementId}/statement${period ? `?period=${period}` : ''}`)
    .set(b.auth);
  if (r.status !== 200) throw new Error(`statement: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    statement: {
      volume: number;
      accrued: number;
      paid: number;
      current: { index: number } | null;
      next: unknown;
    };
    settlements: { stage: string; amount: number; number: string }[];
  };
}

export async function expectVerifyClean(t: TestApp, b: TestBusiness) {
  const r = await t.http().get('/api/rebates/verify').set(b.auth).expect(200);
  expect(r.body.violations).toEqual([]);
  expect(r.body.ok).toBe(true);
  return r.body as { periods: number };
}

/** The business's next local day (Europe/Berlin in the factories): the earliest date a version can start. */
export const tomorrow = (t: TestApp) =>
  localDateOf(new Date(t.clock.now().getTime() + 86_400_000), 'Europe/Berlin');
