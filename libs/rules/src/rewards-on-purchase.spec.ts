import { applyRewardsToPurchase, evaluatePurchase } from './index';
import type { Purchase, Reward, RuleSet, StampCard } from './index';

const UTC = { timeZone: 'UTC' };
const card: StampCard = {
  id: 'coffee',
  name: 'Coffee card',
  match: { skus: [], categories: ['coffee'] },
  stampsPerUnit: 1,
  cardSize: 10,
  reward: { id: 'free-coffee', description: 'A free coffee' },
};
const rules: RuleSet = {
  points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 0 },
  multipliers: [],
  exclusions: { skus: [], categories: [] },
  promotions: [
    {
      id: 'monday',
      name: 'Double points Monday',
      schedule: {},
      minimumSpend: 0,
      effect: { kind: 'multiplier', multiplierBp: 20000 },
    },
  ],
  stampCards: [card],
  pointsExpiry: null,
  pendingDays: 0,
};
const freeCoffee: Reward = {
  id: 'r-free',
  name: 'Free coffee',
  cost: { kind: 'stamp_card', cardId: 'coffee' },
  benefit: { kind: 'free_item', sku: 'FLAT-WHITE', description: 'Any coffee', maxValue: 450 },
  active: true,
};
const fiveOff: Reward = {
  id: 'r-five',
  name: '5 off',
  cost: { kind: 'points', points: 100 },
  benefit: { kind: 'amount_off', amount: 500 },
  active: true,
};
const cappuccino = (quantity = 1) => ({
  lineId: 'c',
  sku: 'CAPPUCCINO',
  category: 'coffee',
  quantity,
  unitPrice: 320,
});
const croissant = { lineId: 'k', sku: 'CROISSANT', category: 'bakery', quantity: 1, unitPrice: 250 };
const sale = (lines: Purchase['lines']): Purchase => ({
  occurredAt: '2026-03-02T09:00:00Z',
  total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
  lines,
});
const evaluate = (p: Purchase, rewards: Reward[]) => {
  const r = applyRewardsToPurchase(p, rewards, [card]);
  return { ...r, ev: evaluatePurchase(r.purchase, rules, { stampProgress: {} }, UTC) };
};

describe('applyRewardsToPurchase', () => {
  it('a free coffee alone: the sale costs nothing and earns nothing', () => {
    const { purchase, applied, discount, ev } = evaluate(sale([cappuccino()]), [freeCoffee]);
    expect(purchase.total).toBe(0);
    expect(discount).toBe(320);
    expect(applied).toEqual([expect.objectContaining({ rewardId: 'r-free', discount: 320, lineId: 'c' })]);
    expect(ev.postings).toEqual([]);
    expect(ev.totals).toEqual({ points: 0, stamps: {} });
  });

  it('a free coffee with a croissant: only the croissant earns; the coffee earns no stamp', () => {
    const { purchase, ev } = evaluate(sale([cappuccino(), croissant]), [freeCoffee]);
    expect(purchase.total).toBe(250);
    expect(ev.lines.map((l) => [l.lineId, l.paidAmount])).toEqual([
      ['c', 0],
      ['k', 250],
    ]);
    expect(ev.totals).toEqual({ points: 4, stamps: {} }); // 2 base + 2 Monday on 2.50
  });

  it('two coffees, one free: one stamp, points on the paid one only', () => {
    const { purchase, ev } = evaluate(sale([cappuccino(2)]), [freeCoffee]);
    expect(purchase.total).toBe(320);
    expect(purchase.lines[0]).toMatchObject({ freeQuantity: 1, rewardDiscount: 320 });
    expect(ev.totals).toEqual({ points: 6, stamps: { coffee: 1 } });
  });

  it('the free item is worth at most maxValue: a dearer coffee costs the difference and earns no stamp', () => {
    const big = { ...cappuccino(), unitPrice: 520 };
    const { purchase, ev } = evaluate(sale([big]), [freeCoffee]);
    expect(purchase.total).toBe(70);
    expect(ev.totals.stamps).toEqual({});
  });

  it('the dearest matching unit is the free one; the reward sku matches even outside the card', () => {
    const cheap = { lineId: 'e', sku: 'ESPRESSO', category: 'coffee', quantity: 1, unitPrice: 200 };
    const fw = { lineId: 'f', sku: 'FLAT-WHITE', category: null, quantity: 1, unitPrice: 380 };
    const { applied } = evaluate(sale([cheap, fw]), [freeCoffee]);
    expect(applied[0]).toMatchObject({ lineId: 'f', discount: 380 });
  });

  it('money off comes off the whole sale after the free item', () => {
    const { purchase, applied } = evaluate(sale([cappuccino(), croissant]), [freeCoffee, fiveOff]);
    expect(applied.map((a) => a.discount)).toEqual([320, 250]);
    expect(purchase.total).toBe(0);
  });

  it('a sale with lines but no coffee is refused for a free coffee', () => {
    expect(() => applyRewardsToPurchase(sale([croissant]), [freeCoffee], [card])).toThrow(
      /no item it can be given on/,
    );
  });

  it('a sale without lines: the free item takes maxValue off the amount (never below zero)', () => {
    const r = applyRewardsToPurchase(
      { occurredAt: '2026-03-02T09:00:00Z', total: 300, lines: [] },
      [freeCoffee],
      [card],
    );
    expect(r.purchase.total).toBe(0);
    expect(r.applied[0]).toMatchObject({ discount: 300, lineId: null });
  });

  it('the input purchase is not changed', () => {
    const p = sale([cappuccino()]);
    applyRewardsToPurchase(p, [freeCoffee], [card]);
    expect(p.lines[0].freeQuantity).toBeUndefined();
    expect(p.total).toBe(320);
  });
});

describe('evaluatePurchase with free units', () => {
  it('refuses a free quantity above the quantity and a reward discount above the line', () => {
    const bad = (l: object) => evaluatePurchase({ ...sale([{ ...cappuccino(), ...l }]) }, rules, null, UTC);
    expect(() => bad({ freeQuantity: 2 })).toThrow(/invalid purchase/);
    expect(() => bad({ rewardDiscount: 321 })).toThrow(/invalid purchase/);
  });
});
