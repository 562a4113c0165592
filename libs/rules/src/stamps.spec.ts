import { evaluatePurchase } from './index';
import type { StampsPosting } from './index';
import { coffeeCard, coffees, line, purchase, ruleSet, UTC } from '../test/fixtures';

function stampPosting(ev: ReturnType<typeof evaluatePurchase>, cardId = 'coffee'): StampsPosting | undefined {
  return ev.postings.find((p): p is StampsPosting => p.kind === 'stamps' && p.cardId === cardId);
}

describe('stamp cards', () => {
  const rules = ruleSet({ points: null, stampCards: [coffeeCard()] });

  it('the tenth coffee completes the card', () => {
    const ev = evaluatePurchase(purchase([coffees(1)]), rules, { stampProgress: { coffee: 9 } }, UTC);
    const p = stampPosting(ev)!;
    expect(p).toMatchObject({
      amount: 1,
      progressBefore: 9,
      cardsCompleted: 1,
      progressAfter: 0,
      rewardId: 'free-coffee',
    });
    expect(p.reason).toBe('1 stamp on Coffee card: card complete, a free coffee (0/10 on the next card)');
    expect(ev.totals).toEqual({ points: 0, stamps: { coffee: 1 } });
  });

  it('the ninth coffee does not', () => {
    const ev = evaluatePurchase(purchase([coffees(1)]), rules, { stampProgress: { coffee: 8 } }, UTC);
    expect(stampPosting(ev)).toMatchObject({ amount: 1, cardsCompleted: 0, progressAfter: 9 });
    expect(stampPosting(ev)!.reason).toBe('1 stamp on Coffee card (9/10)');
  });

  it('23 qualifying coffees with 7 already on the card complete 3 cards and leave progress 0', () => {
    const ev = evaluatePurchase(purchase([coffees(23)]), rules, { stampProgress: { coffee: 7 } }, UTC);
    expect(stampPosting(ev)).toMatchObject({
      amount: 23,
      progressBefore: 7,
      cardsCompleted: 3,
      progressAfter: 0,
    });
    expect(stampPosting(ev)!.reason).toContain('3 cards complete');
  });

  it('quantity counts, several stamps per unit, overflow carries to the next card', () => {
    const r = ruleSet({ points: null, stampCards: [coffeeCard({ stampsPerUnit: 2 })] });
    const ev = evaluatePurchase(purchase([coffees(3)]), r, { stampProgress: { coffee: 6 } }, UTC);
    // 6 + 6 = 12 -> 1 card, 2 on the next
    expect(stampPosting(ev)).toMatchObject({ amount: 6, cardsCompleted: 1, progressAfter: 2 });
    expect(stampPosting(ev)!.lines).toEqual([{ lineId: 'c', amount: 6 }]);
  });

  it('several cards per business, matched by sku or category, independently', () => {
    const r = ruleSet({
      points: null,
      stampCards: [
        coffeeCard(),
        coffeeCard({
          id: 'bagel',
          name: 'Bagel card',
          match: { skus: ['BAGEL'], categories: [] },
          cardSize: 5,
          reward: { id: 'free-bagel', description: 'a free bagel' },
        }),
      ],
    });
    const ev = evaluatePurchase(
      purchase([
        coffees(2),
        line({ lineId: 'b', sku: 'BAGEL', category: 'food', quantity: 3 }),
        line({ lineId: 'x' }),
      ]),
      r,
      { stampProgress: { coffee: 1, bagel: 4 } },
      UTC,
    );
    expect(stampPosting(ev, 'coffee')).toMatchObject({ amount: 2, cardsCompleted: 0, progressAfter: 3 });
    expect(stampPosting(ev, 'bagel')).toMatchObject({ amount: 3, cardsCompleted: 1, progressAfter: 2 });
    expect(ev.totals.stamps).toEqual({ coffee: 2, bagel: 3 });
  });

  it('a line paid nothing (the free coffee itself) earns no stamp', () => {
    const ev = evaluatePurchase(
      purchase([coffees(1, 'paid'), { ...coffees(1, 'free'), unitPrice: 0 }]),
      rules,
      { stampProgress: {} },
      UTC,
    );
    expect(stampPosting(ev)).toMatchObject({ amount: 1, lines: [{ lineId: 'paid', amount: 1 }] });
  });

  it('no qualifying line, no stamp posting', () => {
    const ev = evaluatePurchase(purchase([line()]), rules, { stampProgress: { coffee: 3 } }, UTC);
    expect(ev.postings).toEqual([]);
  });

  it('progress at or above the card size counts modulo the size (those cards were already reported)', () => {
    const ev = evaluatePurchase(purchase([coffees(1)]), rules, { stampProgress: { coffee: 19 } }, UTC);
    expect(stampPosting(ev)).toMatchObject({ progressBefore: 9, cardsCompleted: 1, progressAfter: 0 });
  });

  it('stamps ignore the points exclusions and the minimum spend', () => {
    const r = ruleSet({
      points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 100_000 },
      exclusions: { skus: [], categories: ['coffee'] },
      stampCards: [coffeeCard()],
    });
    const ev = evaluatePurchase(purchase([coffees(2)]), r, { stampProgress: {} }, UTC);
    expect(ev.totals).toEqual({ points: 0, stamps: { coffee: 2 } });
  });

  it('rejects negative progress in member state', () => {
    expect(() =>
      evaluatePurchase(purchase([coffees(1)]), rules, { stampProgress: { coffee: -1 } }, UTC),
    ).toThrow(/invalid member state/);
  });
});
