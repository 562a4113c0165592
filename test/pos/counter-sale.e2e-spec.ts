import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, makePosKey, makeStaff, type TestBusiness } from '../support/factories';
import { coffee, makeReward, publishRules, txn } from '../support/loyalty';

/** Issue 13 at the API: rewards applied to the sale they are redeemed with, amount limits, receipt codes. */
describe('the counter sale', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-05-04T09:00:00Z' });
  });
  afterAll(async () => t.close());

  const cappuccino = (lineId: string, quantity = 1) => ({
    lineId,
    sku: 'CAPPUCCINO',
    category: 'coffee',
    quantity,
    unitPrice: 320,
  });
  const croissant = (lineId: string) => ({
    lineId,
    sku: 'CROISSANT',
    category: 'bakery',
    quantity: 1,
    unitPrice: 250,
  });
  const buy = (b: TestBusiness, memberNumber: string, body: object) =>
    t
      .http()
      .post('/api/pos/purchases')
      .set(b.auth)
      .send({ transactionId: txn(), member: { memberNumber }, ...body });
  const count = async (b: TestBusiness, table: string) =>
    Number(
      (
        (await t.app
          .get(DataSource)
          .query(`SELECT count(*) AS n FROM ${table} WHERE business_id = $1`, [b.id])) as { n: string }[]
      )[0].n,
    );

  /** A café with a free-coffee reward and a member holding one full coffee card (10 stamps, 35 points). */
  async function withFullCard() {
    const b = await makeBusiness(t);
    await publishRules(t, b);
    const reward = await makeReward(t, b, {
      name: 'Free coffee',
      cost: { kind: 'stamp_card', cardId: 'coffee' },
      benefit: { kind: 'free_item', sku: 'FLAT-WHITE', description: 'Any coffee', maxValue: 450 },
    });
    const m = await makeMember(t, b);
    await buy(b, m.memberNumber, { total: 3500, lines: [coffee('1', 10, 350)] }).expect(201);
    return { b, m, reward };
  }

  describe('a reward redeemed with the sale', () => {
    it('the free coffee alone costs nothing and earns nothing; the full card is spent', async () => {
      const { b, m, reward } = await withFullCard();
      const r = await buy(b, m.memberNumber, {
        total: 320,
        lines: [cappuccino('1')],
        redeem: [{ rewardId: reward.id }],
      });
      expect(r.status).toBe(201);
      expect(r.body.purchase).toMatchObject({ saleAmount: 320, rewardDiscount: 320, total: 0 });
      // The multi-statement path (a redemption with the sale) answers the receipt code too.
      expect(r.body.purchase.receiptCode).toBe(r.body.purchase.id.slice(-8).toUpperCase());
      expect(r.body.earned).toEqual([]);
      expect(r.body.redemptions).toEqual([
        expect.objectContaining({ rewardId: reward.id, unit: 'stamps:coffee', cost: 10, discount: 320 }),
      ]);
      expect(r.body.summary.points.available).toBe(35);
      expect(r.body.summary.stampCards[0]).toMatchObject({ progress: 0, completedCards: 0 });
      const row = (await t.app
        .get(DataSource)
        .query(`SELECT total FROM purchases WHERE business_id = $1 AND id = $2`, [
          b.id,
          r.body.purchase.id,
        ])) as { total: string }[];
      expect(row[0].total).toBe('0');
    });

    it('with a croissant: only the croissant is paid and earns; the free coffee earns no stamp', async () => {
      const { b, m, reward } = await withFullCard();
      const key = await makePosKey(t, b); // any POS client gets the same answer
      const r = await t
        .http()
        .post('/api/pos/purchases')
        .set(key.auth)
        .send({
          transactionId: txn(),
          member: { memberNumber: m.memberNumber },
          total: 570,
          lines: [cappuccino('1'), croissant('2')],
          redeem: [{ rewardId: reward.id }],
        });
      expect(r.status).toBe(201);
      expect(r.body.purchase).toMatchObject({ saleAmount: 570, rewardDiscount: 320, total: 250 });
      expect(r.body.earned.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
        ['points', 2],
      ]);
      expect(r.body.summary.stampCards[0]).toMatchObject({ progress: 0, completedCards: 0 });
    });

    it('a free coffee on a sale without coffee is refused and writes nothing', async () => {
      const { b, m, reward } = await withFullCard();
      const before = await count(b, 'purchases');
      const r = await buy(b, m.memberNumber, {
        total: 250,
        lines: [croissant('1')],
        redeem: [{ rewardId: reward.id }],
      });
      expect(r.status).toBe(422);
      expect(r.body.error.message).toMatch(/Add the item to the sale first/);
      expect(await count(b, 'purchases')).toBe(before);
    });
  });

  describe('amount limits', () => {
    it('default limits by currency; a sale above the hard limit is refused and writes nothing', async () => {
      const b = await makeBusiness(t);
      await publishRules(t, b);
      const m = await makeMember(t, b);
      const biz = await t.http().get('/api/business').set(b.auth);
      expect(biz.body.purchaseLimits).toEqual({
        confirmAbove: 10000,
        limit: 200000,
        defaults: { confirmAbove: true, limit: true },
      });
      const yen = await makeBusiness(t, { currency: 'JPY', timeZone: 'Asia/Tokyo' });
      expect((await t.http().get('/api/business').set(yen.auth)).body.purchaseLimits).toMatchObject({
        confirmAbove: 15000,
        limit: 300000,
      });

      const tooMuch = await buy(b, m.memberNumber, { total: 9999999999 });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.error).toMatchObject({
        code: 'AMOUNT_OVER_LIMIT',
        details: { amount: 9999999999, limit: 200000 },
      });
      // The lines count too, whatever the total says.
      const lines = await buy(b, m.memberNumber, {
        total: 100,
        lines: [{ lineId: '1', sku: 'X', quantity: 1000, unitPrice: 1000 }],
      });
      expect(lines.body.error.code).toBe('AMOUNT_OVER_LIMIT');
      expect(await count(b, 'purchases')).toBe(0);
      expect(await count(b, 'ledger_entries')).toBe(0);
      await buy(b, m.memberNumber, { total: 200000 }).expect(201); // exactly the limit is allowed
    });

    it('the owner sets the limits (validated); a manager, cashier or POS key cannot; null restores the default', async () => {
      const b = await makeBusiness(t);
      await publishRules(t, b);
      const m = await makeMember(t, b);
      const set = await t
        .http()
        .patch('/api/business')
        .set(b.auth)
        .send({ purchaseConfirmAbove: 3000, purchaseLimit: 5000 });
      expect(set.status).toBe(200);
      expect(set.body.purchaseLimits).toEqual({
        confirmAbove: 3000,
        limit: 5000,
        defaults: { confirmAbove: false, limit: false },
      });
      expect((await buy(b, m.memberNumber, { total: 5001 })).body.error.code).toBe('AMOUNT_OVER_LIMIT');
      await buy(b, m.memberNumber, { total: 5000 }).expect(201);

      for (const bad of [
        { purchaseLimit: 0 },
        { purchaseLimit: -5 },
        { purchaseLimit: 1.5 },
        { purchaseLimit: '5000' },
        { purchaseConfirmAbove: 6000 }, // above the limit in force (5000)
        { purchaseConfirmAbove: 100, purchaseLimit: 100_000_000_001 },
      ]) {
        const r = await t.http().patch('/api/business').set(b.auth).send(bad);
        expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const reset = await t
        .http()
        .patch('/api/business')
        .set(b.auth)
        .send({ purchaseConfirmAbove: null, purchaseLimit: null });
      expect(reset.body.purchaseLimits).toMatchObject({ confirmAbove: 10000, limit: 200000 });
      const key = await makePosKey(t, b);
      const manager = await makeStaff(t, b, 'manager');
      const cashier = await makeStaff(t, b, 'cashier');
      for (const auth of [key.auth, manager.auth, cashier.auth]) {
        const r = await t.http().patch('/api/business').set(auth).send({ purchaseLimit: 100 });
        expect(r.status).toBe(403);
      }
      expect((await t.http().get('/api/business').set(b.auth)).body.purchaseLimits.limit).toBe(200000);
    });
  });

  describe('receipt codes and recent purchases', () => {
    it('each purchase has a short receipt code: in the answer, found again by it, not from another business', async () => {
      const b = await makeBusiness(t);
      await publishRules(t, b);
      const m = await makeMember(t, b);
      const one = await buy(b, m.memberNumber, { total: 700, lines: [coffee('1', 2, 350)] });
      const code = one.body.purchase.receiptCode as string;
      expect(code).toMatch(/^[0-9A-F]{8}$/);
      expect(code).toBe(one.body.purchase.id.slice(-8).toUpperCase());

      const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
      const found = await t.http().get(`/api/pos/receipts/${typed}`).set(b.auth);
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({
        id: one.body.purchase.id,
        receiptCode: code,
        total: 700,
        member: { id: m.id, memberNumber: m.memberNumber },
        lines: [{ lineId: '1', sku: 'ESPRESSO', quantity: 2, unitPrice: 350, returnedQuantity: 0 }],
        fullyReturned: false,
      });
      expect(found.body.earned.map((e: { kind: string }) => e.kind)).toEqual(['points', 'stamps']);

      const other = await makeBusiness(t);
      expect((await t.http().get(`/api/pos/receipts/${code}`).set(other.auth)).status).toBe(404);
      const bad = await t.http().get('/api/pos/receipts/NOT-A-CODE').set(b.auth);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('the database sets the code from the id at insert and refuses a second purchase with the same code', async () => {
      const b = await makeBusiness(t);
      await publishRules(t, b);
      const m = await makeMember(t, b);
      const one = await buy(b, m.memberNumber, { total: 100 });
      const id = one.body.purchase.id as string;
      const ds = t.app.get(DataSource);
      const insert = (newId: string, txnId: string) =>
        ds.query(
          `INSERT INTO purchases (business_id, id, transaction_id, member_id, recorded_by, occurred_at, recorded_at, total, request_hash)
           VALUES ($1, $2, $3, $4, 'test', now(), now(), 1, 'x') RETURNING receipt_code`,
          [b.id, newId, txnId, m.id],
        );
      // Same last 8 hex digits, different id: the unique index refuses it (the app retries with a new id).
      const twin = `00000000-0000-7000-8000-0000${id.slice(-8)}`;
      await expect(insert(twin, 'twin')).rejects.toMatchObject({
        code: '23505',
        constraint: 'uq_purchases_receipt',
      });
      const [row] = (await insert('00000000-0000-7000-8000-0000abcdef12', 'other')) as {
        receipt_code: string;
      }[];
      expect(row.receipt_code).toBe('ABCDEF12');
      // Another business may have the same code.
      const c = await makeBusiness(t);
      const mc = await makeMember(t, c);
      const [other] = (await ds.query(
        `INSERT INTO purchases (business_id, id, transaction_id, member_id, recorded_by, occurred_at, recorded_at, total, request_hash)
         VALUES ($1, $2, 'x', $3, 'test', now(), now(), 1, 'x') RETURNING receipt_code`,
        [c.id, twin, mc.id],
      )) as { receipt_code: string }[];
      expect(other.receipt_code).toBe(id.slice(-8).toUpperCase());
    });

    it("lists the member's recent purchases newest first, with what is left to return", async () => {
      const b = await makeBusiness(t);
      await publishRules(t, b);
      const m = await makeMember(t, b);
      const other = await makeMember(t, b);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        t.clock.advance(60_000);
        const r = await buy(b, m.memberNumber, { total: 700, lines: [coffee('1', 2, 350)] });
        ids.push(r.body.purchase.id);
      }
      await buy(b, other.memberNumber, { total: 100 }).expect(201);
      await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: txn('ret'), purchaseId: ids[2], lines: [{ lineId: '1', quantity: 1 }] })
        .expect(201);
      await t
        .http()
        .post('/api/pos/returns')
        .set(b.auth)
        .send({ idempotencyKey: txn('ret'), purchaseId: ids[1] })
        .expect(201);

      const list = await t.http().get(`/api/pos/purchases?memberId=${m.id}&limit=5`).set(b.auth);
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([...ids].reverse());
      expect(
        list.body.items.map((p: { fullyReturned: boolean; lines: { returnedQuantity: number }[] }) => [
          p.fullyReturned,
          p.lines[0].returnedQuantity,
        ]),
      ).toEqual([
        [false, 1],
        [true, 2],
        [false, 0],
      ]);
      const two = await t.http().get(`/api/pos/purchases?memberId=${m.id}&limit=2`).set(b.auth);
      expect(two.body.items).toHaveLength(2);
      const foreign = await makeBusiness(t);
      const none = await t.http().get(`/api/pos/purchases?memberId=${m.id}`).set(foreign.auth);
      expect(none.body.items).toEqual([]);
      for (const q of ['', '?memberId=nope', `?memberId=${m.id}&limit=0`, `?memberId=${m.id}&limit=51`]) {
        const r = await t.http().get(`/api/pos/purchases${q}`).set(b.auth);
        expect([q, r.status]).toEqual([q, 400]);
      }
    });
  });
});
