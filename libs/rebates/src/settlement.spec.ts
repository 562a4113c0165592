import { settlementDue, settlementStageAt, splitPooled, splitPooledCumulative } from './index';

describe('settlementDue', () => {
  it('interim, a return, interim again, final, then a late return after close', () => {
    const q1 = settlementDue('interim', 48_000, 0);
    expect(q1).toEqual({ stage: 'interim', rebate: 48_000, alreadyPaid: 0, amount: 48_000, carried: 0 });
    // a return dropped the accrual to 300.00: the interim does not claw back, the shortfall is carried
    const q2 = settlementDue('interim', 30_000, 48_000);
    expect(q2).toEqual({
      stage: 'interim',
      rebate: 30_000,
      alreadyPaid: 48_000,
      amount: 0,
      carried: -18_000,
    });
    const final = settlementDue('final', 120_000, 48_000);
    expect(final.amount).toBe(72_000);
    // a return after close: the closed documents stay, the next document carries the adjustment
    const adj = settlementDue('adjustment', 100_000, 120_000);
    expect(adj).toEqual({
      stage: 'adjustment',
      rebate: 100_000,
      alreadyPaid: 120_000,
      amount: -20_000,
      carried: 0,
    });
    expect(q1.amount + q2.amount + final.amount + adj.amount).toBe(100_000);
  });

  it('a final below what interims paid is a claw-back', () => {
    expect(settlementDue('final', 0, 5_000).amount).toBe(-5_000);
  });

  it('rejects a negative rebate and non-integers', () => {
    expect(() => settlementDue('final', -1, 0)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => settlementDue('final', 1, 0.5)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('settlementStageAt', () => {
  const period = { end: '2026-12-31T23:00:00.000Z' };
  it('interim before the end, final after it, then adjustments', () => {
    expect(settlementStageAt(period, '2026-12-31T22:59:59Z', false)).toBe('interim');
    expect(settlementStageAt(period, '2026-12-31T23:00:00Z', false)).toBe('final');
    expect(settlementStageAt(period, '2027-02-01T00:00:00Z', true)).toBe('adjustment');
    expect(() => settlementStageAt(period, '2026-06-01T00:00:00Z', true)).toThrow(
      expect.objectContaining({ code: 'SETTLEMENT_BEFORE_PERIOD_END' }),
    );
  });
});

describe('pooled group split (largest remainder)', () => {
  it('splits exactly, ties to the earlier company', () => {
    const c = [
      { companyId: 'a', volume: 1 },
      { companyId: 'b', volume: 1 },
      { companyId: 'c', volume: 1 },
    ];
    expect(splitPooled(100, c)).toEqual([
      { companyId: 'a', amount: 34 },
      { companyId: 'b', amount: 33 },
      { companyId: 'c', amount: 33 },
    ]);
    expect(splitPooled(-100, c).map((p) => p.amount)).toEqual([-34, -33, -33]);
  });

  it('by contribution: 120,000 over 50 % / 30 % / 20 %; the largest remainders get the odd units', () => {
    const c = [
      { companyId: 'roastery-cafe', volume: 1_500_000 },
      { companyId: 'office-park', volume: 900_000 },
      { companyId: 'bakery', volume: 600_000 },
    ];
    expect(splitPooled(120_000, c).map((p) => p.amount)).toEqual([60_000, 36_000, 24_000]);
    // 1001 * 1500/3000 = 500.5, 1001 * 900/3000 = 300.3, 1001 * 600/3000 = 200.2
    expect(splitPooled(1_001, c).map((p) => p.amount)).toEqual([501, 300, 200]);
  });

  it('equal split when nobody contributed; a zero contributor gets nothing otherwise', () => {
    expect(
      splitPooled(10, [
        { companyId: 'a', volume: 0 },
        { companyId: 'b', volume: 0 },
      ]).map((p) => p.amount),
    ).toEqual([5, 5]);
    expect(
      splitPooled(10, [
        { companyId: 'a', volume: 0 },
        { companyId: 'b', volume: 3 },
      ]).map((p) => p.amount),
    ).toEqual([0, 10]);
  });

  it('rejects duplicate companies and negative contributions', () => {
    expect(() =>
      splitPooled(1, [
        { companyId: 'a', volume: 1 },
        { companyId: 'a', volume: 2 },
      ]),
    ).toThrow(
      expect.objectContaining({
        details: { errors: [{ path: 'contributions[1].companyId', message: 'duplicate company "a"' }] },
      }),
    );
    expect(() => splitPooled(1, [{ companyId: 'a', volume: -1 }])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('cumulative split: after the final each company holds its share of the total by final contributions', () => {
    const interim = splitPooledCumulative(
      1_000,
      [
        { companyId: 'a', volume: 600 },
        { companyId: 'b', volume: 400 },
      ],
      {},
    );
    expect(interim).toEqual([
      { companyId: 'a', amount: 600 },
      { companyId: 'b', amount: 400 },
    ]);
    const final = splitPooledCumulative(
      2_000,
      [
        { companyId: 'a', volume: 500 },
        { companyId: 'b', volume: 1_500 },
      ],
      {
        a: 600,
        b: 400,
      },
    );
    expect(final).toEqual([
      { companyId: 'a', amount: -100 },
      { companyId: 'b', amount: 1_100 },
    ]);
    expect(() => splitPooledCumulative(10, [{ companyId: 'a', volume: 1 }], { z: 5 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
