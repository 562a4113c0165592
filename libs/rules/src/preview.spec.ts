import { previewRuleChange } from './index';
import type { PreviewPurchase } from './index';
import { BERLIN, coffeeCard, ruleSet } from '../test/fixtures';

const p = (
  memberId: string,
  occurredAt: string,
  lines: PreviewPurchase['purchase']['lines'],
): PreviewPurchase => ({
  memberId,
  purchase: { occurredAt, total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0), lines },
});
const coffee = (q: number) => ({ lineId: 'c', sku: 'FW', category: 'coffee', quantity: q, unitPrice: 300 });
const cake = (price: number) => ({
  lineId: 'k',
  sku: 'CAKE',
  category: 'bakery',
  quantity: 1,
  unitPrice: price,
});

describe('previewRuleChange', () => {
  const current = ruleSet({ stampCards: [coffeeCard()] });
  const proposed = ruleSet({
    multipliers: [
      { id: 'bakery', name: 'Bakery x2', match: { skus: [], categories: ['bakery'] }, multiplierBp: 20000 },
    ],
    exclusions: { skus: [], categories: ['coffee'] },
    stampCards: [coffeeCard({ cardSize: 5 })],
  });
  const purchases = [
    p('alice', '2026-03-02T09:00:00Z', [coffee(4)]), // 12.00 in coffee
    p('bob', '2026-03-02T10:00:00Z', [cake(1000)]), // 10.00 bakery
    p('alice', '2026-03-01T09:00:00Z', [coffee(2)]), // earlier: processed first
    p('carol', '2026-03-03T09:00:00Z', [cake(100)]),
    p('dave', '2026-03-03T09:00:00Z', [
      { lineId: 'x', sku: 'X', category: 'misc', quantity: 1, unitPrice: 500 },
    ]),
  ];
  const states = { alice: { stampProgress: { coffee: 3 } } };

  it('totals under each rule set and the difference', () => {
    const r = previewRuleChange(purchases, current, proposed, states, BERLIN);
    expect(r.purchases).toBe(5);
    expect(r.members).toBe(4);
    // current: alice 6 + 12, bob 10, carol 1, dave 5 = 34; proposed: alice 0, bob 20, carol 2, dave 5 = 27
    expect(r.current.points).toBe(34);
    expect(r.proposed.points).toBe(27);
    expect(r.difference.points).toBe(-7);
    // alice starts at 3 stamps: +2 -> 5, +4 -> 9 (size 10: 0 cards); size 5: 5 -> 1 card, 0 + 4 -> 4
    expect(r.current.cardsCompleted).toEqual({ coffee: 0 });
    expect(r.proposed.cardsCompleted).toEqual({ coffee: 1 });
    expect(r.difference).toEqual({ points: -7, stamps: {}, cardsCompleted: { coffee: 1 } });
  });

  it('members who gain or lose, by magnitude, with counts', () => {
    const r = previewRuleChange(purchases, current, proposed, states, BERLIN);
    expect(
      r.changedMembers.map((m) => [m.memberId, m.currentPoints, m.proposedPoints, m.pointsDelta]),
    ).toEqual([
      ['alice', 18, 0, -18],
      ['bob', 10, 20, 10],
      ['carol', 1, 2, 1],
    ]);
    expect([r.gainers, r.losers, r.unchanged]).toEqual([2, 1, 1]);
    expect(
      previewRuleChange(purchases, current, proposed, states, { ...BERLIN, limit: 1 }).changedMembers,
    ).toHaveLength(1);
  });

  it('the same rule set on both sides changes nothing', () => {
    const r = previewRuleChange(purchases, current, current, states, BERLIN);
    expect(r.difference).toEqual({ points: 0, stamps: {}, cardsCompleted: {} });
    expect(r.changedMembers).toEqual([]);
  });

  it('does not mutate its inputs', () => {
    const snapshot = JSON.stringify([purchases, current, proposed, states]);
    previewRuleChange(purchases, current, proposed, states, BERLIN);
    expect(JSON.stringify([purchases, current, proposed, states])).toBe(snapshot);
  });
});
