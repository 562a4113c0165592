import { validateRewardCatalogue, validateRuleSet } from './index';

const valid = {
  points: { pointsPer: 1, perAmount: 100, rounding: 'round_half_up', minimumSpend: 500 },
  multipliers: [
    { id: 'bakery', name: 'Bakery x2', match: { skus: [], categories: ['bakery'] }, multiplierBp: 20000 },
  ],
  exclusions: { skus: ['GIFTCARD'], categories: ['tobacco'] },
  promotions: [
    {
      id: 'mon',
      name: 'Double points Monday',
      schedule: { weekdays: [1], localTime: { from: '00:00', to: '24:00' } },
      effect: { kind: 'multiplier', multiplierBp: 20000 },
    },
    {
      id: 'big',
      name: 'Big basket',
      schedule: { from: '2026-01-01T00:00:00+01:00', until: '2026-02-01T00:00:00Z' },
      minimumSpend: 2000,
      effect: { kind: 'flat', points: 50 },
    },
  ],
  stampCards: [
    {
      id: 'coffee',
      name: 'Coffee card',
      match: { skus: ['FW'], categories: ['coffee'] },
      cardSize: 10,
      reward: { id: 'free-coffee', description: 'a free coffee' },
    },
  ],
  pointsExpiry: { afterMonths: 12 },
  pendingDays: 14,
};

function errorsOf(x: unknown): { path: string; message: string }[] {
  const r = validateRuleSet(x);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('validateRuleSet', () => {
  it('accepts a full rule set and fills defaults', () => {
    const r = validateRuleSet(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.promotions[0].minimumSpend).toBe(0);
    expect(r.value.stampCards[0].stampsPerUnit).toBe(1);
    expect(r.value.pendingDays).toBe(14);
    // JSON-serialisable and stable
    expect(validateRuleSet(JSON.parse(JSON.stringify(r.value)))).toEqual(r);
  });

  it('accepts a minimal stamps-only rule set', () => {
    const r = validateRuleSet({ points: null });
    expect(r).toEqual({
      ok: true,
      value: {
        points: null,
        multipliers: [],
        exclusions: { skus: [], categories: [] },
        promotions: [],
        stampCards: [],
        pointsExpiry: null,
        pendingDays: 0,
      },
    });
  });

  it('rejects negative values, bad card sizes and unknown keys, with paths', () => {
    const errs = errorsOf({
      ...valid,
      points: { ...valid.points, pointsPer: -1 },
      pendingDays: -3,
      stampCards: [
        { ...valid.stampCards[0], cardSize: 0 },
        { ...valid.stampCards[0], id: 'tea', cardSize: 1001 },
      ],
      extra: true,
    });
    expect(errs.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'extra',
        'points.pointsPer',
        'pendingDays',
        'stampCards[0].cardSize',
        'stampCards[1].cardSize',
      ]),
    );
    expect(errs).toHaveLength(5);
  });

  it('rejects duplicate ids within a list', () => {
    const errs = errorsOf({ ...valid, stampCards: [valid.stampCards[0], valid.stampCards[0]] });
    expect(errs).toEqual([{ path: 'stampCards[1].id', message: 'duplicate id "coffee"' }]);
  });

  it('rejects over-long names, empty matchers, bad rounding, fractional numbers', () => {
    const errs = errorsOf({
      ...valid,
      points: { ...valid.points, rounding: 'bankers', perAmount: 1.5 },
      multipliers: [{ ...valid.multipliers[0], name: 'x'.repeat(101), match: { skus: [], categories: [] } }],
    });
    expect(errs.map((e) => e.path).sort()).toEqual(
      ['multipliers[0].match', 'multipliers[0].name', 'points.perAmount', 'points.rounding'].sort(),
    );
  });

  it('rejects bad schedules: instants without offset, until before from, bad weekdays, windows across midnight', () => {
    const errs = errorsOf({
      ...valid,
      promotions: [
        {
          ...valid.promotions[1],
          schedule: { from: '2026-02-01T00:00:00', until: '2026-01-01T00:00:00Z' },
        },
        {
          ...valid.promotions[0],
          id: 'x',
          schedule: { weekdays: [0, 1, 1], localTime: { from: '22:00', to: '02:00' } },
        },
        { ...valid.promotions[0], id: 'y', effect: { kind: 'multiplier', multiplierBp: 10000 } },
      ],
    });
    expect(errs.map((e) => e.path)).toEqual([
      'promotions[0].schedule.from',
      'promotions[1].schedule.weekdays[0]',
      'promotions[1].schedule.weekdays[2]',
      'promotions[1].schedule.localTime',
      'promotions[2].effect.multiplierBp',
    ]);
  });

  it('promotions need a points rule', () => {
    expect(errorsOf({ ...valid, points: null })).toEqual([
      { path: 'promotions', message: 'promotions award points: they need a points rule' },
    ]);
  });

  it('rejects non-objects', () => {
    expect(errorsOf(null)).toEqual([{ path: '(root)', message: 'must be an object' }]);
    expect(errorsOf({})).toEqual([{ path: 'points', message: 'is required (null for no points)' }]);
  });
});

describe('validateRewardCatalogue', () => {
  const rules = validateRuleSet(valid);
  if (!rules.ok) throw new Error('fixture');

  it('accepts points and stamp-card rewards and defaults active to true', () => {
    const r = validateRewardCatalogue(
      [
        {
          id: 'a',
          name: 'Free coffee',
          cost: { kind: 'stamp_card', cardId: 'coffee' },
          benefit: { kind: 'free_item', description: 'coffee', maxValue: 450 },
        },
        {
          id: 'b',
          name: '10%',
          cost: { kind: 'points', points: 200 },
          benefit: { kind: 'percent_off', basisPoints: 1000, maxAmount: 1000 },
        },
      ],
      rules.value,
    );
    expect(r.ok && r.value.map((x) => [x.id, x.active, x.benefit])).toEqual([
      ['a', true, { kind: 'free_item', sku: null, description: 'coffee', maxValue: 450 }],
      ['b', true, { kind: 'percent_off', basisPoints: 1000, maxAmount: 1000, rounding: 'floor' }],
    ]);
  });

  it('rejects unknown cards, percentages over 100 %, zero costs', () => {
    const r = validateRewardCatalogue(
      [
        {
          id: 'a',
          name: 'x',
          cost: { kind: 'stamp_card', cardId: 'tea' },
          benefit: { kind: 'amount_off', amount: 100 },
        },
        {
          id: 'b',
          name: 'y',
          cost: { kind: 'points', points: 0 },
          benefit: { kind: 'percent_off', basisPoints: 10001, maxAmount: null },
        },
      ],
      rules.value,
    );
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual([
      '[1].cost.points',
      '[1].benefit.basisPoints',
      '[0].cost.cardId',
    ]);
  });
});

describe('validateRuleSet: duplicate ids after an invalid entry', () => {
  it('reports the duplicate at its own index', () => {
    const card = valid.stampCards[0];
    const r = validateRuleSet({ ...valid, stampCards: [{ ...card, id: 'bad id!' }, card, card] });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['stampCards[0].id', 'stampCards[2].id']);
  });
});
