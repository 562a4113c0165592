import type { TestApp } from './app';
import type { TestBusiness } from './factories';

/** A café's rules: 1 point per 1.00, coffee stamp card of 10, points expire after 12 months. */
export const CAFE_RULES = {
  points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 0 },
  multipliers: [],
  exclusions: { skus: ['GIFT-CARD'], categories: [] },
  promotions: [],
  stampCards: [
    {
      id: 'coffee',
      name: 'Coffee card',
      match: { skus: [], categories: ['coffee'] },
      stampsPerUnit: 1,
      cardSize: 10,
      reward: { id: 'free-coffee', description: 'A free coffee' },
    },
  ],
  pointsExpiry: { afterMonths: 12 },
  pendingDays: 0,
};

export async function publishRules(
  t: TestApp,
  b: TestBusiness,
  ruleSet: object = CAFE_RULES,
  effectiveFrom?: string,
) {
  const r = await t
    .http()
    .put('/api/rules')
    .set(b.auth)
    .send({ ruleSet, ...(effectiveFrom ? { effectiveFrom } : {}) });
  if (r.status !== 200) throw new Error(`rules: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { version: number };
}

export async function makeReward(t: TestApp, b: TestBusiness, body: object) {
  const r = await t.http().post('/api/rewards').set(b.auth).send(body);
  if (r.status !== 201) throw new Error(`reward: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; name: string };
}

let seq = 0;
export const txn = (prefix = 'T') => `${prefix}-${Date.now()}-${++seq}`;

export const coffee = (lineId: string, quantity = 1, unitPrice = 350) => ({
  lineId,
  sku: 'ESPRESSO',
  category: 'coffee',
  quantity,
  unitPrice,
});
