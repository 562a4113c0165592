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
}

/** A business with the café rules, a 5-point reward and a cashier, all made through the API. */
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
  const cashier = await makeStaff(t, business, 'cashier');
  return { business, cashier, rewardId: reward.body.id };
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
  return res.body as { purchase: { id: string } };
}
