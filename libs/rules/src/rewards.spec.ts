import { applyRewardToPurchase, rewardsAffordable } from './index';
import type { Reward } from './index';

const freeCoffee: Reward = {
  id: 'free-coffee',
  name: 'Free coffee',
  cost: { kind: 'stamp_card', cardId: 'coffee' },
  benefit: { kind: 'free_item', sku: 'FW', description: 'any coffee', maxValue: 450 },
  active: true,
};
const fiveOff: Reward = {
  id: 'five-off',
  name: '5.00 off',
  cost: { kind: 'points', points: 500 },
  benefit: { kind: 'amount_off', amount: 500 },
  active: true,
};
const tenPercent: Reward = {
  id: 'ten-percent',
  name: '10% off',
  cost: { kind: 'points', points: 200 },
  benefit: { kind: 'percent_off', basisPoints: 1000, maxAmount: 1000, rounding: 'round_half_up' },
  active: true,
};
const retired: Reward = { ...fiveOff, id: 'old', active: false };
const catalogue = [freeCoffee, fiveOff, tenPercent, retired];

describe('rewardsAffordable', () => {
  it('lists active rewards covered by available points or a completed card, with how many times', () => {
    const r = rewardsAffordable({ availablePoints: 1000 }, { coffee: { completedCards: 2 } }, catalogue);
    expect(r.map((x) => [x.reward.id, x.times])).toEqual([
      ['free-coffee', 2],
      ['five-off', 2],
      ['ten-percent', 5],
    ]);
  });

  it('points exactly at the cost suffice; one short does not; no completed card, no card reward', () => {
    expect(rewardsAffordable({ availablePoints: 500 }, {}, catalogue).map((x) => x.reward.id)).toEqual([
      'five-off',
      'ten-percent',
    ]);
    expect(rewardsAffordable({ availablePoints: 199 }, { coffee: { completedCards: 0 } }, catalogue)).toEqual(
      [],
    );
  });
});

describe('applyRewardToPurchase', () => {
  it('amount off, never more than the total', () => {
    expect(applyRewardToPurchase(fiveOff, 1240)).toMatchObject({ discount: 500, totalAfter: 740 });
    expect(applyRewardToPurchase(fiveOff, 300)).toMatchObject({ discount: 300, totalAfter: 0 });
  });

  it('percent off with the named rounding at .5 and the cap', () => {
    // 10 % of 12.35 = 123.5 minor units: round_half_up -> 124, floor -> 123
    expect(applyRewardToPurchase(tenPercent, 1235)).toMatchObject({
      discount: 124,
      rounding: 'round_half_up',
    });
    const floor: Reward = {
      ...tenPercent,
      benefit: { ...tenPercent.benefit, rounding: 'floor' } as Reward['benefit'],
    };
    expect(applyRewardToPurchase(floor, 1235).discount).toBe(123);
    // capped at 10.00
    expect(applyRewardToPurchase(tenPercent, 50_000).discount).toBe(1000);
  });

  it('free item: its price up to the max value, or the max value when no price is given', () => {
    expect(applyRewardToPurchase(freeCoffee, 1000, { itemPrice: 350 }).discount).toBe(350);
    expect(applyRewardToPurchase(freeCoffee, 1000, { itemPrice: 600 }).discount).toBe(450);
    expect(applyRewardToPurchase(freeCoffee, 1000).discount).toBe(450);
    expect(applyRewardToPurchase(freeCoffee, 200).discount).toBe(200);
  });

  it('rejects a negative or fractional total', () => {
    expect(() => applyRewardToPurchase(fiveOff, -1)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => applyRewardToPurchase(fiveOff, 1.5)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
