import { evaluatePurchase } from './index';
import type { Promotion } from './index';
import { BERLIN, line, purchase, ruleSet } from '../test/fixtures';

const doubleMonday: Promotion = {
  id: 'double-monday',
  name: 'Double points Monday',
  schedule: { weekdays: [1] },
  minimumSpend: 0,
  effect: { kind: 'multiplier', multiplierBp: 20000 },
};

function promoPoints(ev: ReturnType<typeof evaluatePurchase>, id: string): number {
  const p = ev.postings.find((x) => x.key === `points:promotion:${id}`);
  return p ? p.amount : 0;
}

describe('promotions', () => {
  const rules = ruleSet({ promotions: [doubleMonday] });
  const at = (occurredAt: string) => purchase([line({ unitPrice: 1240 })], { occurredAt });

  it('Monday in Europe/Berlin starts at 23:00 UTC on Sunday (winter)', () => {
    const ev = evaluatePurchase(at('2026-03-01T23:30:00Z'), rules, null, BERLIN); // Mon 00:30 local
    expect(ev.local).toEqual({ date: '2026-03-02', time: '00:30', weekday: 1 });
    expect(promoPoints(ev, 'double-monday')).toBe(12);
    expect(ev.postings.map((p) => p.reason)).toEqual([
      '12 points for 12.40 spent',
      'Double points Monday +12',
    ]);
    expect(ev.totals.points).toBe(24);
  });

  it('is not active at 22:59 UTC on Sunday (still Sunday in Berlin)', () => {
    const ev = evaluatePurchase(at('2026-03-01T22:59:59Z'), rules, null, BERLIN);
    expect(ev.local.weekday).toBe(7);
    expect(promoPoints(ev, 'double-monday')).toBe(0);
  });

  it('ends at 22:00 UTC on Monday in summer (Tuesday 00:00 CEST)', () => {
    expect(
      promoPoints(evaluatePurchase(at('2026-06-01T21:59:00Z'), rules, null, BERLIN), 'double-monday'),
    ).toBe(12);
    expect(
      promoPoints(evaluatePurchase(at('2026-06-01T22:00:00Z'), rules, null, BERLIN), 'double-monday'),
    ).toBe(0);
  });

  it('a flat bonus when spending at least 20.00 (exactly 20.00 qualifies, 19.99 does not)', () => {
    const r = ruleSet({
      promotions: [
        {
          id: 'big',
          name: 'Big basket bonus',
          schedule: {},
          minimumSpend: 2000,
          effect: { kind: 'flat', points: 50 },
        },
      ],
    });
    const ev = evaluatePurchase(
      purchase([line({ lineId: 'a', unitPrice: 1500 }), line({ lineId: 'b', unitPrice: 500 })]),
      r,
      null,
      BERLIN,
    );
    const p = ev.postings.find((x) => x.key === 'points:promotion:big')!;
    expect(p).toMatchObject({ amount: 50, reason: 'Big basket bonus +50' });
    // attributed to lines by paid amount for returns
    expect(p.lines).toEqual([
      { lineId: 'a', amount: 38 },
      { lineId: 'b', amount: 12 },
    ]);
    const below = evaluatePurchase(purchase([line({ unitPrice: 1999 })]), r, null, BERLIN);
    expect(promoPoints(below, 'big')).toBe(0);
    expect(below.notes).toEqual(['Big basket bonus: spend 19.99 is below the minimum of 20.00']);
  });

  it('a date window: from inclusive, until exclusive', () => {
    const r = ruleSet({
      promotions: [
        {
          id: 'launch',
          name: 'Launch week',
          schedule: { from: '2026-05-04T00:00:00+02:00', until: '2026-05-11T00:00:00+02:00' },
          minimumSpend: 0,
          effect: { kind: 'flat', points: 10 },
        },
      ],
    });
    const pts = (t: string) => promoPoints(evaluatePurchase(at(t), r, null, BERLIN), 'launch');
    expect(pts('2026-05-03T21:59:59Z')).toBe(0);
    expect(pts('2026-05-03T22:00:00Z')).toBe(10);
    expect(pts('2026-05-10T21:59:59Z')).toBe(10);
    expect(pts('2026-05-10T22:00:00Z')).toBe(0);
  });

  it('local happy hours on weekdays: 15:00 to 17:00 Berlin time, end exclusive', () => {
    const r = ruleSet({
      promotions: [
        {
          id: 'happy',
          name: 'Happy hour triple points',
          schedule: { weekdays: [1, 2, 3, 4, 5], localTime: { from: '15:00', to: '17:00' } },
          minimumSpend: 0,
          effect: { kind: 'multiplier', multiplierBp: 30000 },
        },
      ],
    });
    const pts = (t: string) => promoPoints(evaluatePurchase(at(t), r, null, BERLIN), 'happy');
    expect(pts('2026-01-14T14:00:00Z')).toBe(24); // Wed 15:00 CET
    expect(pts('2026-01-14T15:59:00Z')).toBe(24); // 16:59
    expect(pts('2026-01-14T16:00:00Z')).toBe(0); // 17:00
    expect(pts('2026-01-14T13:59:00Z')).toBe(0); // 14:59
    expect(pts('2026-01-17T14:30:00Z')).toBe(0); // Saturday
  });

  it('restricted to matching lines, applied to their multiplied amount, rounded separately', () => {
    const r = ruleSet({
      multipliers: [
        { id: 'tea-x2', name: 'Tea', match: { skus: [], categories: ['tea'] }, multiplierBp: 20000 },
      ],
      promotions: [
        {
          id: 'tea-week',
          name: 'Tea week +50%',
          schedule: {},
          match: { skus: [], categories: ['tea'] },
          minimumSpend: 0,
          effect: { kind: 'multiplier', multiplierBp: 15000 },
        },
      ],
    });
    // tea 3.30 x2 = 6.60 base weight; bonus 50% of 6.60 = 3.30 -> 3; other line 5.00 gets no bonus
    const ev = evaluatePurchase(
      purchase([
        line({ lineId: 't', category: 'tea', unitPrice: 330 }),
        line({ lineId: 'o', unitPrice: 500 }),
      ]),
      r,
      null,
      BERLIN,
    );
    expect(ev.postings.map((p) => [p.key, p.amount])).toEqual([
      ['points:base', 11],
      ['points:promotion:tea-week', 3],
    ]);
    expect(ev.postings[1].lines).toEqual([{ lineId: 't', amount: 3 }]);
  });

  it('two active promotions each post on the base, they do not compound', () => {
    const r = ruleSet({
      promotions: [doubleMonday, { ...doubleMonday, id: 'also', name: 'Also double' }],
    });
    const ev = evaluatePurchase(at('2026-03-02T10:00:00Z'), r, null, BERLIN);
    expect(ev.totals.points).toBe(36);
  });

  it('promotions also need the minimum spend for earning', () => {
    const r = ruleSet({
      points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 5000 },
      promotions: [{ ...doubleMonday, schedule: {}, effect: { kind: 'flat', points: 100 } }],
    });
    const ev = evaluatePurchase(at('2026-03-02T10:00:00Z'), r, null, BERLIN);
    expect(ev.totals.points).toBe(0);
  });
});

describe('promotions on purchases that paid nothing', () => {
  it('a flat bonus needs some paid spend on the matched lines, even without a minimum', () => {
    const r = ruleSet({
      promotions: [
        {
          id: 'visit',
          name: 'Visit bonus',
          schedule: {},
          minimumSpend: 0,
          effect: { kind: 'flat', points: 5 },
        },
      ],
    });
    const free = evaluatePurchase(purchase([line({ unitPrice: 0 })]), r, null, BERLIN);
    expect(free.totals.points).toBe(0);
    const paid = evaluatePurchase(purchase([line({ unitPrice: 1 })]), r, null, BERLIN);
    expect(paid.totals.points).toBe(5);
  });
});
