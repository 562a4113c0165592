import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../../support/app';
import { makeBusiness, makeMember, makeStaff, type TestBusiness } from '../../support/factories';
import { CAFE_RULES } from '../../support/loyalty';

export interface Server {
  t: TestApp;
  url: string;
  close(): Promise<void>;
}

/** The real app (createTestApp: own database, pinned clock) listening on a random port of 127.0.0.1. */
export async function startServer(): Promise<Server> {
  const t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, url: `http://127.0.0.1:${port}`, close: () => t.close() };
}

export interface Shop {
  business: TestBusiness;
  cashier: Awaited<ReturnType<typeof makeStaff>>;
  /** A reward of 5 points: 1.00 off. */
  rewardId: string;
  /** A reward of a full coffee card: one coffee free (up to 4.50). */
  freeCoffeeId: string;
}

/** The product list of the test café: the counter's items. */
export const SHOP_PRODUCTS = [
  { sku: 'ESPRESSO', name: 'Espresso', category: 'coffee', price: 350 },
  { sku: 'CAPPUCCINO', name: 'Cappuccino', category: 'coffee', price: 320 },
  { sku: 'CROISSANT', name: 'Croissant', category: 'bakery', price: 250 },
];

/** A business with the café rules, a 5-point reward, a free-coffee reward, products and a cashier, all made through the API. */
export async function makeShop(t: TestApp): Promise<Shop> {
  const business = await makeBusiness(t);
  const rules = await t.http().put('/api/rules').set(business.auth).send({ ruleSet: CAFE_RULES });
  if (rules.status !== 200) throw new Error(`rules: ${rules.status} ${JSON.stringify(rules.body)}`);
  const reward = await t
    .http()
    .post('/api/rewards')
    .set(business.auth)
    .send({
      name: 'One euro off',
      cost: { kind: 'points', points: 5 },
      benefit: { kind: 'amount_off', amount: 100 },
    });
  if (reward.status !== 201) throw new Error(`reward: ${reward.status} ${JSON.stringify(reward.body)}`);
  const free = await t
    .http()
    .post('/api/rewards')
    .set(business.auth)
    .send({
      name: 'Free coffee',
      cost: { kind: 'stamp_card', cardId: 'coffee' },
      benefit: { kind: 'free_item', sku: 'CAPPUCCINO', description: 'Any coffee', maxValue: 450 },
    });
  if (free.status !== 201) throw new Error(`reward: ${free.status} ${JSON.stringify(free.body)}`);
  for (const p of SHOP_PRODUCTS) {
    const r = await t.http().post('/api/products').set(business.auth).send(p);
    if (r.status !== 201) throw new Error(`product: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const cashier = await makeStaff(t, business, 'cashier');
  return { business, cashier, rewardId: reward.body.id, freeCoffeeId: free.body.id };
}

export async function cardPng(t: TestApp, auth: Record<string, string>, memberId: string): Promise<Buffer> {
  const res = await t
    .http()
    .get(`/api/members/${memberId}/card.png`)
    .set(auth)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  if (res.status !== 200) throw new Error(`card.png: ${res.status}`);
  return res.body as Buffer;
}

export { makeMember };

/** A purchase through the POS API (member by number), for the tests that need a balance first. */
export async function purchase(
  t: TestApp,
  auth: Record<string, string>,
  memberNumber: string,
  lines: { lineId: string; sku: string; category?: string; quantity: number; unitPrice: number }[],
) {
  const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const res = await t
    .http()
    .post('/api/pos/purchases')
    .set(auth)
    .send({
      transactionId: `T-${Date.now()}-${Math.random().toString(16).slice(2)}`,
      member: { memberNumber },
      total,
      lines,
    });
  if (res.status !== 201) throw new Error(`purchase: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { purchase: { id: string; receiptCode: string } };
}
