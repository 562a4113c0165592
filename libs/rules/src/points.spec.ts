import { evaluatePurchase, TOTAL_LINE_ID } from './index';
import type { PointsPosting, RoundingMode } from './index';
import { line, purchase, ruleSet, UTC } from '../test/fixtures';

function base(ev: ReturnType<typeof evaluatePurchase>): PointsPosting | undefined {
  return ev.postings.find((p): p is PointsPosting => p.kind === 'points' && p.source.type === 'base');
}

describe('points per amount spent', () => {
  it('1 point per 1.00: "12 points for 12.40 spent"', () => {
    const ev = evaluatePurchase(purchase([line({ unitPrice: 1240 })]), ruleSet(), null, UTC);
    expect(base(ev)).toMatchObject({ amount: 12, reason: '12 points for 12.40 spent' });
    expect(ev.totals.points).toBe(12);
  });

  it('uses "point" for one and the currency digits given', () => {
    const ev = evaluatePurchase(purchase([line({ unitPrice: 150 })]), ruleSet(), null, {
      timeZone: 'UTC',
      currencyDigits: 0,
    });
    expect(base(ev)!.reason).toBe('1 point for 150 spent');
  });

  describe('rounding at .5 boundaries', () => {
    const cases: [number, RoundingMode, number][] = [
      [1250, 'floor', 12],
      [1250, 'round_half_up', 13],
      [1250, 'ceil', 13],
      [1249, 'round_half_up', 12],
      [1249, 'ceil', 13],
      [1200, 'ceil', 12],
      [50, 'round_half_up', 1],
      [49, 'round_half_up', 0],
    ];
    it.each(cases)('%i minor units, %s -> %i points', (amount, rounding, expected) => {
      const r = ruleSet({ points: { pointsPer: 1, perAmount: 100, rounding, minimumSpend: 0 } });
      const ev = evaluatePurchase(purchase([line({ unitPrice: amount })]), r, null, UTC);
      expect(ev.totals.points).toBe(expected);
    });
  });

  it('rounds once on the eligible total, not per line', () => {
    // three lines of 0.50: per line floor would give 0, on the total 1.50 -> 1
    const r = ruleSet();
    const ev = evaluatePurchase(
      purchase([line({ unitPrice: 50 }), line({ unitPrice: 50 }), line({ unitPrice: 50 })]),
      r,
      null,
      UTC,
    );
    expect(ev.totals.points).toBe(1);
    expect(base(ev)!.lines.reduce((s, l) => s + l.amount, 0)).toBe(1);
  });

  it('splits the points across lines proportionally (largest remainder) and the split sums to the posting', () => {
    const ev = evaluatePurchase(
      purchase([line({ lineId: 'a', unitPrice: 700 }), line({ lineId: 'b', unitPrice: 300 })]),
      ruleSet({ points: { pointsPer: 3, perAmount: 100, rounding: 'floor', minimumSpend: 0 } }),
      null,
      UTC,
    );
    expect(base(ev)!.lines).toEqual([
      { lineId: 'a', amount: 21 },
      { lineId: 'b', amount: 9 },
    ]);
  });

  it('a total below the sum of lines is a discount apportioned by line amount', () => {
    const ev = evaluatePurchase(
      purchase([line({ lineId: 'a', quantity: 3, unitPrice: 300 }), line({ lineId: 'b', unitPrice: 400 })], {
        total: 1240,
      }),
      ruleSet(),
      null,
      UTC,
    );
    expect(ev.lines.map((l) => [l.lineId, l.grossAmount, l.discount, l.paidAmount])).toEqual([
      ['a', 900, 42, 858],
      ['b', 400, 18, 382],
    ]);
    expect(ev.eligibleSpend).toBe(1240);
    expect(ev.totals.points).toBe(12);
  });

  it('a total above the sum of lines: the surplus earns nothing and is noted', () => {
    const ev = evaluatePurchase(purchase([line({ unitPrice: 1000 })], { total: 1500 }), ruleSet(), null, UTC);
    expect(ev.totals.points).toBe(10);
    expect(ev.notes).toEqual(['5.00 of the total is not itemised and earns nothing']);
  });

  it('a purchase without lines earns on its total through one synthetic line', () => {
    const ev = evaluatePurchase(
      { occurredAt: '2026-01-01T00:00:00Z', total: 2599, lines: [] },
      ruleSet(),
      null,
      UTC,
    );
    expect(ev.totals.points).toBe(25);
    expect(base(ev)!.lines).toEqual([{ lineId: TOTAL_LINE_ID, amount: 25 }]);
  });

  it('a rule set without a points rule awards no points', () => {
    const ev = evaluatePurchase(purchase([line({ unitPrice: 5000 })]), ruleSet({ points: null }), null, UTC);
    expect(ev.postings).toEqual([]);
  });

  it('handles amounts whose products exceed 2^53 exactly', () => {
    const r = ruleSet({
      points: { pointsPer: 999_999, perAmount: 1, rounding: 'floor', minimumSpend: 0 },
      multipliers: [
        { id: 'm', name: 'x100', match: { skus: ['BIG'], categories: [] }, multiplierBp: 1_000_000 },
      ],
    });
    // 1e9 * 1e6 * 999999 ~ 1e21 intermediate; result 9.99999e16 is not safe -> refused, not silently wrong
    expect(() =>
      evaluatePurchase(purchase([line({ sku: 'BIG', unitPrice: 1_000_000_000 })]), r, null, UTC),
    ).toThrow(/safe integer/);
    const ev = evaluatePurchase(purchase([line({ sku: 'BIG', unitPrice: 9_000_000 })]), r, null, UTC);
    expect(ev.totals.points).toBe(9_000_000 * 100 * 999_999);
  });

  it('rejects malformed purchases with every problem listed', () => {
    let caught: unknown;
    try {
      evaluatePurchase(
        {
          occurredAt: 'yesterday',
          total: -1,
          lines: [line({ lineId: 'x', quantity: 0 }), line({ lineId: 'x', unitPrice: 1.5 })],
        },
        ruleSet(),
        null,
        UTC,
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'VALIDATION_FAILED' });
    const paths = (caught as { details: { errors: { path: string }[] } }).details.errors.map((e) => e.path);
    expect(paths).toEqual([
      'occurredAt',
      'total',
      'lines[0].quantity',
      'lines[1].lineId',
      'lines[1].unitPrice',
    ]);
  });

  it('rejects bad currency digits and a malformed member state', () => {
    expect(() =>
      evaluatePurchase(purchase([line()]), ruleSet(), null, { timeZone: 'UTC', currencyDigits: -1 }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() =>
      evaluatePurchase(purchase([line()]), ruleSet(), { stampProgress: [] as never }, { timeZone: 'UTC' }),
    ).toThrow(/invalid member state/);
  });

  it('rejects an unknown time zone', () => {
    expect(() => evaluatePurchase(purchase([line()]), ruleSet(), null, { timeZone: 'Mars/Olympus' })).toThrow(
      /invalid options/,
    );
  });
});

describe('minimum spend', () => {
  const r = ruleSet({ points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 500 } });

  it('earns at exactly the minimum', () => {
    const ev = evaluatePurchase(purchase([line({ unitPrice: 500 })]), r, null, UTC);
    expect(ev.totals.points).toBe(5);
    expect(ev.notes).toEqual([]);
  });

  it('earns nothing one minor unit below, with a note', () => {
    const ev = evaluatePurchase(purchase([line({ unitPrice: 499 })]), r, null, UTC);
    expect(ev.totals.points).toBe(0);
    expect(ev.notes).toEqual(['No points: eligible spend 4.99 is below the minimum of 5.00']);
  });

  it('is measured on eligible spend after discounts: excluded lines and discounts do not count', () => {
    const r2 = ruleSet({
      points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 500 },
      exclusions: { skus: [], categories: ['tobacco'] },
    });
    const ev = evaluatePurchase(
      purchase([line({ unitPrice: 450 }), line({ category: 'tobacco', unitPrice: 900 })]),
      r2,
      null,
      UTC,
    );
    expect(ev.eligibleSpend).toBe(450);
    expect(ev.totals.points).toBe(0);
    const discounted = evaluatePurchase(purchase([line({ unitPrice: 520 })], { total: 499 }), r, null, UTC);
    expect(discounted.totals.points).toBe(0);
  });
});

describe('multipliers and exclusions', () => {
  const r = ruleSet({
    exclusions: { skus: ['GIFTCARD'], categories: ['tobacco'] },
    multipliers: [
      {
        id: 'bakery-x2',
        name: 'Bakery x2',
        match: { skus: [], categories: ['bakery'] },
        multiplierBp: 20000,
      },
      {
        id: 'bakery-x3',
        name: 'Bakery x3',
        match: { skus: [], categories: ['bakery'] },
        multiplierBp: 30000,
      },
      {
        id: 'croissant-x1.5',
        name: 'Croissant',
        match: { skus: ['CROISSANT'], categories: [] },
        multiplierBp: 15000,
      },
      { id: 'tobacco-x5', name: 'never', match: { skus: [], categories: ['tobacco'] }, multiplierBp: 50000 },
    ],
  });

  it('an excluded line earns nothing, even if a multiplier matches', () => {
    const ev = evaluatePurchase(
      purchase([
        line({ lineId: 'cig', category: 'tobacco', unitPrice: 1000 }),
        line({ lineId: 'gc', sku: 'GIFTCARD', unitPrice: 2000 }),
      ]),
      r,
      null,
      UTC,
    );
    expect(ev.totals.points).toBe(0);
    expect(ev.lines.map((l) => [l.excluded, l.multiplierBp])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });

  it('the largest of several category multipliers applies, they do not stack', () => {
    const ev = evaluatePurchase(
      purchase([line({ lineId: 'bread', category: 'bakery', unitPrice: 300 })]),
      r,
      null,
      UTC,
    );
    expect(ev.lines[0]).toMatchObject({ multiplierBp: 30000, multiplierId: 'bakery-x3' });
    expect(ev.totals.points).toBe(9);
  });

  it('a sku multiplier beats a category multiplier even if smaller', () => {
    const ev = evaluatePurchase(
      purchase([line({ lineId: 'cr', sku: 'CROISSANT', category: 'bakery', unitPrice: 400 })]),
      r,
      null,
      UTC,
    );
    expect(ev.lines[0]).toMatchObject({ multiplierBp: 15000, multiplierId: 'croissant-x1.5' });
    expect(ev.totals.points).toBe(6);
  });

  it('multiplied amounts add up before the single rounding', () => {
    // bakery 1.50 x3 = 4.50, other 0.70 -> 5.20 -> 5 points; the reason still shows eligible spend 2.20
    const ev = evaluatePurchase(
      purchase([
        line({ category: 'bakery', unitPrice: 150 }),
        line({ unitPrice: 70 }),
        line({ category: 'tobacco', unitPrice: 999 }),
      ]),
      r,
      null,
      UTC,
    );
    expect(ev.totals.points).toBe(5);
    expect(ev.postings[0].reason).toBe('5 points for 2.20 spent');
  });
});
