import { evaluatePurchase, ruleSetInForce, stampHolding } from './index';
import { line, purchase, ruleSet, UTC } from '../test/fixtures';

describe('ruleSetInForce', () => {
  const v1 = { version: 1, effectiveFrom: '2026-01-01T00:00:00Z', ruleSet: ruleSet() };
  const v2 = {
    version: 2,
    effectiveFrom: '2026-03-02T12:00:00Z', // changed in the middle of the day
    ruleSet: ruleSet({ points: { pointsPer: 2, perAmount: 100, rounding: 'floor', minimumSpend: 0 } }),
  };
  const versions = [v2, v1];

  it('a late-arriving purchase from before the change is evaluated under the old rules', () => {
    const at = '2026-03-02T11:59:59Z';
    const inForce = ruleSetInForce(versions, at)!;
    expect(inForce.version).toBe(1);
    expect(
      evaluatePurchase(purchase([line({ unitPrice: 1000 })], { occurredAt: at }), inForce.ruleSet, null, UTC)
        .totals.points,
    ).toBe(10);
  });

  it('from the change instant on, the new rules apply', () => {
    expect(ruleSetInForce(versions, '2026-03-02T12:00:00Z')!.version).toBe(2);
  });

  it('null before the first version; the higher version wins a tie', () => {
    expect(ruleSetInForce(versions, '2025-12-31T23:59:59Z')).toBeNull();
    const v3 = { ...v2, version: 3 };
    expect(ruleSetInForce([v3, v2], v2.effectiveFrom)!.version).toBe(3);
    expect(ruleSetInForce([v2, v3], v2.effectiveFrom)!.version).toBe(3);
  });
});

describe('stampHolding', () => {
  it('splits a stamp balance into full cards and progress', () => {
    expect(stampHolding(23, 10)).toEqual({ completedCards: 2, progress: 3 });
    expect(stampHolding(10, 10)).toEqual({ completedCards: 1, progress: 0 });
    expect(stampHolding(0, 10)).toEqual({ completedCards: 0, progress: 0 });
  });

  it('refuses a negative balance', () => {
    expect(() => stampHolding(-1, 10)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
