import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/app';
import { badBodies, ERROR_BODY, snapshot as fingerprint } from '../support/bad-input';
import { makeBusiness, makeMember, makePosKey, makeStaff, TestBusiness } from '../support/factories';
import {
  buy,
  drain,
  expectVerifyClean,
  makeAgreement,
  makeBuyer,
  makeCompany,
  tomorrow,
  wholesale,
  worked,
} from './support';

/**
 * Store credit at the counter: a store-credit settlement pays into the
 * company's credit account; its buyers pay part of a sale with it (cashier or
 * POS key), never beyond the balance, exactly under concurrent spends, and get
 * it back on a refund.
 */
describe('store credit spent at the counter', () => {
  let t: TestApp;
  let pg: Client;
  let a: TestBusiness;
  let other: TestBusiness;
  let cashier: { auth: Record<string, string> };
  let pos: { auth: Record<string, string> };
  let companyId: string;
  let buyer1: Awaited<ReturnType<typeof makeBuyer>>;
  let buyer2: Awaited<ReturnType<typeof makeBuyer>>;
  let receiptCode: string;
  const MISSING = '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60';

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2027-03-02T09:00:00Z' });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    a = await makeBusiness(t);
    other = await makeBusiness(t);
    await wholesale(t, a);
    cashier = await makeStaff(t, a, 'cashier');
    pos = await makePosKey(t, a);
    companyId = (await makeCompany(t, a)).id;
    buyer1 = await makeBuyer(t, a, companyId);
    buyer2 = await makeBuyer(t, a, companyId);
    const ag = await makeAgreement(t, a, { kind: 'company', companyId }, worked('retroactive'), tomorrow(t), {
      payout: 'store_credit',
    });
    t.clock.advance(86_400_000);
    await buy(t, a, buyer1.card.payload, 1_500_000);
    await buy(t, a, buyer2.card.payload, 1_000_000);
    await drain(t, a.id);
    // 25,000.00 at 4 %: an interim settlement pays 1,000.00 into the company's store credit.
    const s = await t.http().post(`/api/rebates/agreements/${ag.id}/settlements`).set(a.auth).send({});
    expect(s.status).toBe(201);
    expect(s.body.amount).toBe(100_000);
    const p = await t
      .http()
      .post('/api/pos/purchases')
      .set(cashier.auth)
      .send({ transactionId: 'SC-1', member: { cardPayload: buyer1.card.payload }, total: 5_000 });
    expect(p.status).toBe(201);
    receiptCode = p.body.purchase.receiptCode;
    await drain(t, a.id);
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const balanceOf = async (ref: string) =>
    (await t.http().get(`/api/store-credit?${ref}`).set(cashier.auth).expect(200)).body as {
      balance: number;
      companyId: string | null;
      currency: string;
    };

  it("shows the company's store credit for each of its buyers; a member who buys for no company has none", async () => {
    expect(await balanceOf(`memberId=${buyer1.id}`)).toMatchObject({
      companyId,
      balance: 100_000,
      currency: 'EUR',
    });
    expect(await balanceOf(`memberNumber=${buyer2.memberNumber}`)).toMatchObject({
      companyId,
      balance: 100_000,
    });
    // The company's statement for staff (and its ERP): volume, accrual, the settlement that paid the credit.
    const cs = await t.http().get(`/api/rebates/companies/${companyId}/statements`).set(a.auth).expect(200);
    expect(cs.body.items).toHaveLength(1);
    expect(cs.body.items[0]).toMatchObject({
      companyVolume: 2_505_000,
      statement: { volume: 2_505_000, accrued: 100_200, paid: 100_000 },
      settlements: [{ stage: 'interim', amount: 100_000 }],
    });
    await t.http().get(`/api/rebates/companies/${companyId}/statements`).set(other.auth).expect(404);
    await t.http().get(`/api/rebates/companies/${companyId}/statements`).set(cashier.auth).expect(403);
    const loner = await makeMember(t, a);
    expect(await balanceOf(`memberId=${loner.id}`)).toMatchObject({ companyId: null, balance: 0 });
    const spend = await t
      .http()
      .post('/api/store-credit/spend')
      .set(cashier.auth)
      .send({ idempotencyKey: 'loner-1', memberId: loner.id, amount: 100 });
    expect(spend.status).toBe(422);
    expect(spend.body.error.code).toBe('NOT_A_COMPANY_BUYER');
  });

  it('spends with a card, a retry answers the same, another body with the key is a conflict, a refund gives it back', async () => {
    const body = { idempotencyKey: 'sale-1', cardPayload: buyer1.card.payload, amount: 2_500, receiptCode };
    const r = await t.http().post('/api/store-credit/spend').set(cashier.auth).send(body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'spend',
      amount: 2_500,
      balance: 97_500,
      companyId,
      receiptCode,
      replayed: false,
    });
    const again = await t.http().post('/api/store-credit/spend').set(cashier.auth).send(body);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: r.body.id, balance: 97_500, replayed: true });
    const clash = await t
      .http()
      .post('/api/store-credit/spend')
      .set(cashier.auth)
      .send({ ...body, amount: 2_600 });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await balanceOf(`memberId=${buyer2.id}`)).balance).toBe(97_500);

    // A partial refund (one line returned), then the rest; nothing more.
    const part = await t
      .http()
      .post(`/api/store-credit/spends/${r.body.id}/refund`)
      .set(pos.auth)
      .send({ idempotencyKey: 'ref-1', amount: 1_000 });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ kind: 'refund', amount: 1_000, balance: 98_500, receiptCode });
    const rest = await t
      .http()
      .post(`/api/store-credit/spends/${r.body.id}/refund`)
      .set(cashier.auth)
      .send({ idempotencyKey: 'ref-2' });
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ amount: 1_500, balance: 100_000 });
    const more = await t
      .http()
      .post(`/api/store-credit/spends/${r.body.id}/refund`)
      .set(cashier.auth)
      .send({ idempotencyKey: 'ref-3', amount: 1 });
    expect(more.status).toBe(422);
    expect((await balanceOf(`memberId=${buyer1.id}`)).balance).toBe(100_000);
    // A refund of something that is not a store-credit payment (an accrual, the settlement's credit) is a 404.
    const others = await pg.query<{ id: string }>(
      `(SELECT id::text FROM ledger_transactions WHERE business_id = $1 AND unit LIKE 'rebate:%' LIMIT 1)
       UNION ALL
       (SELECT id::text FROM ledger_transactions WHERE business_id = $1 AND unit LIKE 'credit:%' AND kind = 'earn' LIMIT 1)`,
      [a.id],
    );
    expect(others.rows).toHaveLength(2);
    for (const { id } of others.rows) {
      const notCredit = await t
        .http()
        .post(`/api/store-credit/spends/${id}/refund`)
        .set(cashier.auth)
        .send({ idempotencyKey: `ref-4-${id}` });
      expect(notCredit.status).toBe(404);
    }
    await expectVerifyClean(t, a);
  });

  it('refuses more than the balance with INSUFFICIENT_BALANCE and writes nothing', async () => {
    const before = await fingerprint(pg);
    const r = await t
      .http()
      .post('/api/store-credit/spend')
      .set(cashier.auth)
      .send({ idempotencyKey: 'too-much', memberId: buyer2.id, amount: 100_001 });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('INSUFFICIENT_BALANCE');
    expect(await fingerprint(pg)).toEqual(before);
  });

  it('20 concurrent spends of 60.00 against 1,000.00: exactly 16 succeed, the balance is 40.00, never negative', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post('/api/store-credit/spend')
          .set(i % 2 ? cashier.auth : pos.auth)
          .send({ idempotencyKey: `race-${i}`, memberId: i % 2 ? buyer1.id : buyer2.id, amount: 6_000 }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(16);
    expect(statuses.filter((s) => s === 422)).toHaveLength(4);
    for (const r of results.filter((x) => x.status === 422))
      expect(r.body.error.code).toBe('INSUFFICIENT_BALANCE');
    // Each success saw a distinct balance after it: the spends were serialised on the account.
    const after = results.filter((r) => r.status === 201).map((r) => r.body.balance as number);
    expect(new Set(after).size).toBe(16);
    expect(Math.min(...after)).toBe(4_000);
    expect((await balanceOf(`memberId=${buyer1.id}`)).balance).toBe(4_000);
    const sum = await pg.query<{ n: string; s: string }>(
      `SELECT count(*)::text AS n, coalesce(sum(amount), 0)::text AS s FROM ledger_transactions
        WHERE business_id = $1 AND kind = 'spend' AND idempotency_key LIKE 'store-credit-spend:race-%'`,
      [a.id],
    );
    expect(sum.rows[0]).toEqual({ n: '16', s: '96000' });
    await expectVerifyClean(t, a);
  });

  it('bad input on every endpoint is a 400 and writes nothing', async () => {
    const before = await fingerprint(pg);
    const cases = [
      {
        path: '/api/store-credit/spend',
        valid: { idempotencyKey: 'bad-1', memberId: buyer1.id, amount: 100, receiptCode },
        required: ['idempotencyKey', 'amount'],
      },
      {
        path: '/api/store-credit/spends/1/refund',
        valid: { idempotencyKey: 'bad-2', amount: 100 },
        required: ['idempotencyKey'],
      },
    ];
    for (const c of cases)
      for (const [what, body] of badBodies(c.valid, c.required)) {
        const r = await t
          .http()
          .post(c.path)
          .set(cashier.auth)
          .send(body as object);
        expect({ what, path: c.path, status: r.status }).toEqual({ what, path: c.path, status: 400 });
        expect(r.body).toEqual(ERROR_BODY);
      }
    const more: [string, object][] = [
      ['no member', { idempotencyKey: 'bad-3', amount: 100 }],
      [
        'two members',
        { idempotencyKey: 'bad-4', amount: 100, memberId: buyer1.id, memberNumber: buyer1.memberNumber },
      ],
      ['zero amount', { idempotencyKey: 'bad-5', amount: 0, memberId: buyer1.id }],
      [
        'receipt code of the wrong form',
        { idempotencyKey: 'bad-6', amount: 1, memberId: buyer1.id, receiptCode: 'x' },
      ],
    ];
    for (const [what, body] of more) {
      const r = await t.http().post('/api/store-credit/spend').set(cashier.auth).send(body);
      expect({ what, status: r.status }).toEqual({ what, status: 400 });
    }
    for (const path of ['/api/store-credit/spends/abc/refund', '/api/store-credit/spends/0/refund']) {
      const r = await t.http().post(path).set(cashier.auth).send({ idempotencyKey: 'bad-7' });
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
    }
    for (const q of ['', 'memberId=nope', 'memberNumber=abc', `memberId=${buyer1.id}&memberNumber=1`]) {
      const r = await t.http().get(`/api/store-credit?${q}`).set(cashier.auth);
      expect({ q, status: r.status }).toEqual({ q, status: 400 });
    }
    // Unknown member, unknown receipt: 404, nothing written.
    for (const body of [
      { idempotencyKey: 'nf-1', amount: 1, memberId: MISSING },
      { idempotencyKey: 'nf-2', amount: 1, memberId: buyer1.id, receiptCode: '00000000' },
    ]) {
      const r = await t.http().post('/api/store-credit/spend').set(cashier.auth).send(body);
      expect(r.status).toBe(404);
    }
    expect(await fingerprint(pg)).toEqual(before);
  });

  it("another business's credentials get 404 on every endpoint and change nothing", async () => {
    const spend = await t
      .http()
      .post('/api/store-credit/spend')
      .set(cashier.auth)
      .send({ idempotencyKey: 'mine-1', memberId: buyer1.id, amount: 100 });
    expect(spend.status).toBe(201);
    const before = await fingerprint(pg);
    const otherCashier = await makeStaff(t, other, 'cashier');
    const before2 = await fingerprint(pg);
    expect(before2).not.toEqual(before); // the staff row of the other business
    for (const auth of [other.auth, otherCashier.auth]) {
      const g = await t.http().get(`/api/store-credit?memberId=${buyer1.id}`).set(auth);
      expect(g.status).toBe(404);
      const g2 = await t.http().get(`/api/store-credit?memberNumber=${buyer1.memberNumber}`).set(auth);
      expect(g2.status === 404 || g2.body.companyId === null).toBe(true);
      const s = await t
        .http()
        .post('/api/store-credit/spend')
        .set(auth)
        .send({ idempotencyKey: 'x-1', memberId: buyer1.id, amount: 100 });
      expect(s.status).toBe(404);
      const r = await t
        .http()
        .post(`/api/store-credit/spends/${spend.body.id}/refund`)
        .set(auth)
        .send({ idempotencyKey: 'x-2' });
      expect(r.status).toBe(404);
    }
    // A card of business A scanned at B's counter is refused as another business's card.
    const c = await t
      .http()
      .post('/api/store-credit/spend')
      .set(otherCashier.auth)
      .send({ idempotencyKey: 'x-3', cardPayload: buyer1.card.payload, amount: 100 });
    expect(c.status).toBe(422);
    expect(c.body.error.code).toBe('CARD_FOREIGN_BUSINESS');
    expect(await fingerprint(pg)).toEqual(before2);
    // Members may not use the counter's routes.
    const mine = await t.http().get(`/api/store-credit?memberId=${buyer1.id}`);
    expect(mine.status).toBe(401);
  });
});
