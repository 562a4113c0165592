import { Db } from '../../apps/api/src/database/db';
import { createTestApp, TestApp } from '../support/app';
import { joinMember, makeBusiness } from '../support/factories';
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

/** Settlement documents (interim, final, adjustment) exactly once; pooled groups; the buyers' statement. */
describe('rebate settlement and statements', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2027-03-02T09:00:00Z' });
  });
  afterAll(async () => t.close());

  it('interim, final, a late return after close -> adjustment; posted twice at once -> one document', async () => {
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
    await buy(t, b, m.card.payload, 1_500_000);
    const p2 = await buy(t, b, m.card.payload, 1_000_000);
    await drain(t, b.id);
    // 25,000.00 -> 1,000.00 accrued. Preview writes nothing.
    const preview = await t.http().get(`/api/rebates/agreements/${a.id}/settlements/preview`).set(b.auth);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      stage: 'interim',
      volume: 2_500_000,
      rebate: 100_000,
      alreadyPaid: 0,
      amount: 100_000,
      lines: [{ companyId: co.id, amount: 100_000 }],
    });
    // Two runs at once: one document, the other finds nothing left (422).
    const runs = await Promise.all(
      [1, 2].map(() => t.http().post(`/api/rebates/agreements/${a.id}/settlements`).set(b.auth).send({})),
    );
    expect(runs.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(runs.find((r) => r.status === 422)!.body.error.code).toBe('NOTHING_TO_SETTLE');
    const interim = runs.find((r) => r.status === 201)!.body;
    expect(interim).toMatchObject({ stage: 'interim', amount: 100_000, number: 'RB-2027-0001', seq: 1 });

    // A return crossing back below 25,000.00 before the year ends: the interim does not claw back.
    await giveBack(t, b, p2.purchaseId);
    await drain(t, b.id);
    const none = await t.http().get(`/api/rebates/agreements/${a.id}/settlements/preview`).set(b.auth);
    expect(none.body).toMatchObject({ stage: 'interim', rebate: 30_000, amount: 0, carried: -70_000 });
    const p3 = await buy(t, b, m.card.payload, 1_500_000); // 30,000.00 -> 1,200.00
    await drain(t, b.id);

    // After the year: the final pays 1,200.00 - 1,000.00.
    t.clock.set(new Date('2028-01-02T09:00:00Z'));
    const finals = await Promise.all(
      [1, 2].map(() =>
        t
          .http()
          .post(`/api/rebates/agreements/${a.id}/settlements`)
          .set(b.auth)
          .send({ period: '2027-01-01' }),
      ),
    );
    expect(finals.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(finals.find((r) => r.status === 422)!.body.error.code).toBe('NOTHING_TO_SETTLE');
    expect(finals.find((r) => r.status === 201)!.body).toMatchObject({
      stage: 'final',
      rebate: 120_000,
      alreadyPaid: 100_000,
      amount: 20_000,
      number: 'RB-2028-0001',
    });
    // A late return of a 2027 purchase: the closed period changes, the final stays, an adjustment follows.
    await buy(t, b, m.card.payload, 100_000); // a 2028 purchase: another period, no version issue
    await giveBack(t, b, p3.purchaseId);
    await drain(t, b.id);
    const adj = await t
      .http()
      .post(`/api/rebates/agreements/${a.id}/settlements`)
      .set(b.auth)
      .send({ period: '2027-01-01' });
    expect(adj.status).toBe(201);
    // 15,000.00 left: 2 % = 300.00; paid 1,200.00 -> an adjustment of -900.00 on the next document.
    expect(adj.body).toMatchObject({
      stage: 'adjustment',
      rebate: 30_000,
      alreadyPaid: 120_000,
      amount: -90_000,
    });
    const history = await statementOf(t, b, a.id, '2027-01-01');
    expect(history.settlements.map((s) => [s.stage, s.amount])).toEqual([
      ['interim', 100_000],
      ['final', 20_000],
      ['adjustment', -90_000],
    ]);
    expect(history.statement).toMatchObject({ accrued: 30_000, paid: 30_000 });
    const csv = await t.http().get('/api/rebates/settlements.csv').set(b.auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = (csv.text as string)
      .trim()
      .split('\r\n')
      .map((r) => r.split(','));
    expect(rows[0]).toEqual([
      'number',
      'created_at',
      'agreement',
      'period',
      'stage',
      'payout',
      'company',
      'tax_id',
      'line_amount',
      'document_amount',
      'rebate',
      'already_paid',
      'volume',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4], r[6], r[8]])).toEqual([
      ['RB-2027-0001', '2027-01-01', 'interim', 'Café Aurora GmbH', '100000'],
      ['RB-2028-0001', '2027-01-01', 'final', 'Café Aurora GmbH', '20000'],
      ['RB-2028-0002', '2027-01-01', 'adjustment', 'Café Aurora GmbH', '-90000'],
    ]);
    await expectVerifyClean(t, b);
  });

  it('a pooled group: the volumes add up, the document is split by contribution; buyers see their statement', async () => {
    const b = await makeBusiness(t);
    await wholesale(t, b);
    const c1 = await makeCompany(t, b, 'North Cafés');
    const c2 = await makeCompany(t, b, 'South Cafés');
    const m1 = await makeBuyer(t, b, c1.id);
    const joined = await joinMember(t, b.slug, { firstName: 'Ola', email: `ola-${Date.now()}@example.test` });
    await t
      .http()
      .post(`/api/rebates/companies/${c2.id}/buyers`)
      .set(b.auth)
      .send({ memberId: joined.member.id })
      .expect(201);
    const a = await makeAgreement(
      t,
      b,
      { kind: 'group', companyIds: [c1.id, c2.id] },
      worked('retroactive'),
      tomorrow(t),
      { payout: 'store_credit' },
    );
    t.clock.advance(86_400_000);
    await buy(t, b, m1.card.payload, 2_000_000);
    await buy(t, b, joined.card.payload, 1_000_000);
    await drain(t, b.id);
    const s = await statementOf(t, b, a.id);
    expect(s.statement).toMatchObject({ volume: 3_000_000, accrued: 120_000 });
    const doc = await t.http().post(`/api/rebates/agreements/${a.id}/settlements`).set(b.auth).send({});
    expect(doc.status).toBe(201);
    expect(doc.body.lines).toEqual(
      expect.arrayContaining([
        { companyId: c1.id, amount: 80_000 },
        { companyId: c2.id, amount: 40_000 },
      ]),
    );
    // Store credit: each company's credit account holds its part.
    const pool = t.app.get(Db).pool;
    const credit = await pool.query<{ owner_id: string; available: string }>(
      `SELECT owner_id, available::text FROM ledger_accounts WHERE business_id = $1 AND unit = 'credit:EUR' AND owner_type = 'customer' ORDER BY available`,
      [b.id],
    );
    expect(credit.rows).toEqual([
      { owner_id: `company:${c2.id}`, available: '40000' },
      { owner_id: `company:${c1.id}`, available: '80000' },
    ]);

    // The buyer's own view (member auth): the company's agreement, its volume and the group's.
    const mine = await t.http().get('/api/me/rebates').set(joined.auth);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      companyId: c2.id,
      companyName: 'South Cafés',
      agreements: [
        {
          agreementId: a.id,
          companyVolume: 1_000_000,
          statement: { volume: 3_000_000, accrued: 120_000, paid: 120_000 },
          settlements: [{ stage: 'interim', amount: 120_000 }],
        },
      ],
    });
    await expectVerifyClean(t, b);
  });

  it('a member who is no buyer sees no agreements', async () => {
    const b = await makeBusiness(t);
    const joined = await joinMember(t, b.slug, {
      firstName: 'Solo',
      email: `solo-${Date.now()}@example.test`,
    });
    const mine = await t.http().get('/api/me/rebates').set(joined.auth).expect(200);
    expect(mine.body).toEqual({ companyId: null, companyName: null, agreements: [] });
  });
});
