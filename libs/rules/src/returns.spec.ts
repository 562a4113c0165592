import { evaluatePurchase, evaluateReturn } from './index';
import { BERLIN, coffeeCard, line, purchase, ruleSet } from '../test/fixtures';

describe('returns', () => {
  // 3 coffees at 3.50 and a cake at 4.00 on a Monday: 14 base + 14 bonus points, 3 stamps
  const rules = ruleSet({
    stampCards: [coffeeCard()],
    promotions: [
      {
        id: 'mon',
        name: 'Double points Monday',
        schedule: { weekdays: [1] },
        minimumSpend: 0,
        effect: { kind: 'multiplier', multiplierBp: 20000 },
      },
    ],
    pointsExpiry: { afterMonths: 12 },
  });
  const original = evaluatePurchase(
    purchase(
      [
        { lineId: 'coffee', sku: 'FW', category: 'coffee', quantity: 3, unitPrice: 350 },
        { lineId: 'cake', sku: 'CAKE', category: 'food', quantity: 1, unitPrice: 400 },
      ],
      { occurredAt: '2026-03-02T09:00:00Z' },
    ),
    rules,
    { stampProgress: { coffee: 8 } },
    BERLIN,
  );

  it('the original: what each line earned', () => {
    expect(original.postings.map((p) => [p.key, p.amount, p.lines])).toEqual([
      [
        'points:base',
        14,
        [
          { lineId: 'coffee', amount: 10 },
          { lineId: 'cake', amount: 4 },
        ],
      ],
      [
        'points:promotion:mon',
        14,
        [
          { lineId: 'coffee', amount: 10 },
          { lineId: 'cake', amount: 4 },
        ],
      ],
      ['stamps:coffee', 3, [{ lineId: 'coffee', amount: 3 }]],
    ]);
  });

  it('returning one of three coffees reverses floor(10 * 1/3) = 3 points per posting and 1 stamp', () => {
    const r = evaluateReturn(original, [{ lineId: 'coffee', quantity: 1 }]);
    expect(r.reversals.map((x) => [x.postingKey, x.amount, x.reason])).toEqual([
      ['points:base', 3, 'Return: -3 points'],
      ['points:promotion:mon', 3, 'Return: Double points Monday -3'],
      ['stamps:coffee', 1, 'Return: -1 stamp on Coffee card'],
    ]);
    expect(r.totals).toEqual({ points: 6, stamps: { coffee: 1 } });
    expect(r.returnedAfter).toEqual([{ lineId: 'coffee', quantity: 1 }]);
    expect(r.fullyReturned).toBe(false);
    // the reversal carries the original lot's dates
    expect(r.reversals[0].expiresAt).toBe(original.postings[0].expiresAt);
  });

  it('three single returns take back exactly what the line earned: 3 + 3 + 4', () => {
    const first = evaluateReturn(original, [{ lineId: 'coffee', quantity: 1 }]);
    const second = evaluateReturn(original, [{ lineId: 'coffee', quantity: 1 }], first.returnedAfter);
    const third = evaluateReturn(original, [{ lineId: 'coffee', quantity: 1 }], second.returnedAfter);
    const base = [first, second, third].map(
      (r) => r.reversals.find((x) => x.postingKey === 'points:base')!.amount,
    );
    expect(base).toEqual([3, 3, 4]);
    expect(third.returnedAfter).toEqual([{ lineId: 'coffee', quantity: 3 }]);
  });

  it('a full return reverses everything earned', () => {
    const r = evaluateReturn(original, [
      { lineId: 'coffee', quantity: 3 },
      { lineId: 'cake', quantity: 1 },
    ]);
    expect(r.totals).toEqual({ points: original.totals.points, stamps: original.totals.stamps });
    expect(r.fullyReturned).toBe(true);
  });

  it('returning more than was bought is refused, also across returns', () => {
    expect(() => evaluateReturn(original, [{ lineId: 'coffee', quantity: 4 }])).toThrow(/returning 4 of 3/);
    expect(() =>
      evaluateReturn(original, [{ lineId: 'coffee', quantity: 2 }], [{ lineId: 'coffee', quantity: 2 }]),
    ).toThrow(expect.objectContaining({ code: 'RETURN_EXCEEDS_PURCHASE' }));
  });

  it('an unknown line or a bad quantity is a validation error', () => {
    expect(() => evaluateReturn(original, [{ lineId: 'nope', quantity: 1 }])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => evaluateReturn(original, [{ lineId: 'cake', quantity: -1 }])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('returning a line that earned nothing reverses nothing', () => {
    const ev = evaluatePurchase(
      purchase([
        line({ lineId: 'cig', category: 'tobacco', unitPrice: 900 }),
        line({ lineId: 'x', unitPrice: 500 }),
      ]),
      ruleSet({ exclusions: { skus: [], categories: ['tobacco'] } }),
      null,
      BERLIN,
    );
    const r = evaluateReturn(ev, [{ lineId: 'cig', quantity: 1 }]);
    expect(r.reversals).toEqual([]);
    expect(r.totals).toEqual({ points: 0, stamps: {} });
  });

  it('survives a JSON round trip of the stored evaluation', () => {
    const stored = JSON.parse(JSON.stringify(original)) as typeof original;
    expect(evaluateReturn(stored, [{ lineId: 'cake', quantity: 1 }])).toEqual(
      evaluateReturn(original, [{ lineId: 'cake', quantity: 1 }]),
    );
  });
});
