/** Property tests (fast-check): invariants that hold for any rule set, purchase and return sequence. */
import fc from 'fast-check';
import { apportion, evaluatePurchase, evaluateReturn } from './index';
import type { MemberState, Purchase, PurchaseEvaluation, ReturnedLine, RuleSet } from './index';

const CATEGORIES = ['coffee', 'bakery', 'tobacco', 'misc'];
const SKUS = ['FW', 'LATTE', 'CROISSANT', 'CIG', 'X1', 'X2'];
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Santiago',
];

const matcherArb = fc.record({
  skus: fc.subarray(SKUS, { maxLength: 2 }),
  categories: fc.subarray(CATEGORIES, { maxLength: 2 }),
});
const nonEmptyMatcher = matcherArb.filter((m) => m.skus.length + m.categories.length > 0);

const ruleSetArb: fc.Arbitrary<RuleSet> = fc.record({
  points: fc.option(
    fc.record({
      pointsPer: fc.integer({ min: 0, max: 20 }),
      perAmount: fc.integer({ min: 1, max: 1000 }),
      rounding: fc.constantFrom('floor' as const, 'round_half_up' as const, 'ceil' as const),
      minimumSpend: fc.integer({ min: 0, max: 3000 }),
    }),
    { nil: null },
  ),
  multipliers: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('m1', 'm2', 'm3'),
      name: fc.constant('mult'),
      match: nonEmptyMatcher,
      multiplierBp: fc.integer({ min: 0, max: 50_000 }),
    }),
    { selector: (m) => m.id, maxLength: 3 },
  ),
  exclusions: matcherArb,
  promotions: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('p1', 'p2'),
      name: fc.constant('Promo'),
      schedule: fc.record(
        {
          weekdays: fc.uniqueArray(
            fc.integer({ min: 1, max: 7 }) as fc.Arbitrary<1 | 2 | 3 | 4 | 5 | 6 | 7>,
            {
              minLength: 1,
              maxLength: 7,
            },
          ),
          localTime: fc.constantFrom({ from: '00:00', to: '24:00' }, { from: '08:00', to: '12:30' }),
        },
        { requiredKeys: [] },
      ),
      match: fc.option(nonEmptyMatcher, { nil: undefined }),
      minimumSpend: fc.integer({ min: 0, max: 3000 }),
      effect: fc.oneof(
        fc.record({
          kind: fc.constant('multiplier' as const),
          multiplierBp: fc.integer({ min: 10_001, max: 40_000 }),
        }),
        fc.record({ kind: fc.constant('flat' as const), points: fc.integer({ min: 1, max: 100 }) }),
      ),
    }),
    { selector: (p) => p.id, maxLength: 2 },
  ),
  stampCards: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('coffee', 'bagel'),
      name: fc.constant('Card'),
      match: nonEmptyMatcher,
      stampsPerUnit: fc.integer({ min: 1, max: 3 }),
      cardSize: fc.integer({ min: 1, max: 20 }),
      reward: fc.constant({ id: 'r', description: 'a reward' }),
    }),
    { selector: (c) => c.id, maxLength: 2 },
  ),
  pointsExpiry: fc.option(fc.record({ afterMonths: fc.integer({ min: 1, max: 36 }) }), { nil: null }),
  pendingDays: fc.integer({ min: 0, max: 60 }),
});

const purchaseArb: fc.Arbitrary<Purchase> = fc
  .record({
    lines: fc.array(
      fc.record({
        sku: fc.option(fc.constantFrom(...SKUS), { nil: null }),
        category: fc.option(fc.constantFrom(...CATEGORIES), { nil: null }),
        quantity: fc.integer({ min: 1, max: 25 }),
        unitPrice: fc.integer({ min: 0, max: 5000 }),
      }),
      { maxLength: 6 },
    ),
    adjust: fc.integer({ min: -100_000, max: 2000 }),
    occurredAt: fc.date({
      min: new Date('2024-01-01T00:00:00Z'),
      max: new Date('2028-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
  })
  .map(({ lines, adjust, occurredAt }) => {
    const withIds = lines.map((l, i) => ({ lineId: `L${i}`, ...l }));
    const sum = withIds.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
    return { occurredAt: occurredAt.toISOString(), total: Math.max(0, sum + adjust), lines: withIds };
  });

const stateArb: fc.Arbitrary<MemberState> = fc.record({
  stampProgress: fc.record(
    { coffee: fc.integer({ min: 0, max: 60 }), bagel: fc.integer({ min: 0, max: 60 }) },
    {
      requiredKeys: [],
    },
  ),
});

const zoneArb = fc.constantFrom(...ZONES);

const NUM_RUNS = 300;

function earnedByKey(ev: PurchaseEvaluation): Map<string, number> {
  return new Map(ev.postings.map((p) => [p.key, p.amount]));
}

describe('properties of evaluatePurchase', () => {
  it('postings are positive integers whose line split sums to the amount, only on bought lines', () => {
    fc.assert(
      fc.property(purchaseArb, ruleSetArb, stateArb, zoneArb, (purchase, rules, state, timeZone) => {
        const ev = evaluatePurchase(purchase, rules, state, { timeZone });
        const lineIds = new Set(ev.lines.map((l) => l.lineId));
        for (const p of ev.postings) {
          expect(Number.isSafeInteger(p.amount) && p.amount > 0).toBe(true);
          for (const l of p.lines) {
            expect(Number.isSafeInteger(l.amount) && l.amount > 0).toBe(true);
            expect(lineIds.has(l.lineId)).toBe(true);
          }
          expect(p.lines.reduce((s, l) => s + l.amount, 0)).toBe(p.amount);
          expect(Date.parse(p.availableAt)).toBeGreaterThanOrEqual(Date.parse(ev.occurredAt));
          if (p.expiresAt !== null)
            expect(Date.parse(p.expiresAt)).toBeGreaterThan(Date.parse(ev.occurredAt));
        }
        // excluded lines never earn points
        const excluded = new Set(ev.lines.filter((l) => l.excluded).map((l) => l.lineId));
        for (const p of ev.postings) {
          if (p.kind === 'points') for (const l of p.lines) expect(excluded.has(l.lineId)).toBe(false);
        }
        // discounts: paid amounts sum to min(total, gross sum) when there are lines
        if (purchase.lines.length > 0) {
          const gross = ev.lines.reduce((s, l) => s + l.grossAmount, 0);
          expect(ev.lines.reduce((s, l) => s + l.paidAmount, 0)).toBe(Math.min(purchase.total, gross));
          for (const l of ev.lines) expect(l.paidAmount).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is deterministic, also on a JSON copy of its inputs', () => {
    fc.assert(
      fc.property(purchaseArb, ruleSetArb, stateArb, zoneArb, (purchase, rules, state, timeZone) => {
        const a = evaluatePurchase(purchase, rules, state, { timeZone });
        const b = evaluatePurchase(
          JSON.parse(JSON.stringify(purchase)) as Purchase,
          JSON.parse(JSON.stringify(rules)) as RuleSet,
          JSON.parse(JSON.stringify(state)) as MemberState,
          { timeZone },
        );
        expect(b).toEqual(a);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('stamps conserve: completed * N + remaining == previous + added', () => {
    fc.assert(
      fc.property(purchaseArb, ruleSetArb, stateArb, zoneArb, (purchase, rules, state, timeZone) => {
        const ev = evaluatePurchase(purchase, rules, state, { timeZone });
        for (const p of ev.postings) {
          if (p.kind !== 'stamps') continue;
          const previous = (state.stampProgress[p.cardId] ?? 0) % p.cardSize;
          expect(p.progressBefore).toBe(previous);
          expect(p.cardsCompleted * p.cardSize + p.progressAfter).toBe(previous + p.amount);
          expect(p.progressAfter).toBeGreaterThanOrEqual(0);
          expect(p.progressAfter).toBeLessThan(p.cardSize);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('rounding order: floor <= round_half_up <= ceil for the same purchase', () => {
    fc.assert(
      fc.property(purchaseArb, ruleSetArb, zoneArb, (purchase, rules, timeZone) => {
        fc.pre(rules.points !== null);
        const with_ = (rounding: 'floor' | 'round_half_up' | 'ceil') =>
          evaluatePurchase(purchase, { ...rules, points: { ...rules.points!, rounding } }, null, { timeZone })
            .totals.points;
        const [f, h, c] = [with_('floor'), with_('round_half_up'), with_('ceil')];
        expect(f).toBeLessThanOrEqual(h);
        expect(h).toBeLessThanOrEqual(c);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('properties of evaluateReturn', () => {
  const returnSteps = fc.array(fc.record({ line: fc.nat(), quantity: fc.integer({ min: 1, max: 25 }) }), {
    maxLength: 12,
  });

  it('any sequence of partial returns never exceeds what was earned, and sums to it once everything is returned', () => {
    fc.assert(
      fc.property(
        purchaseArb,
        ruleSetArb,
        stateArb,
        zoneArb,
        returnSteps,
        (purchase, rules, state, timeZone, steps) => {
          const ev = evaluatePurchase(purchase, rules, state, { timeZone });
          const earned = earnedByKey(ev);
          const reversed = new Map<string, number>();
          let already: ReturnedLine[] = [];
          const remaining = new Map(ev.lines.map((l) => [l.lineId, l.quantity]));
          const apply = (lines: ReturnedLine[]) => {
            const r = evaluateReturn(ev, lines, already);
            for (const x of r.reversals) {
              expect(x.amount).toBeGreaterThan(0);
              reversed.set(x.postingKey, (reversed.get(x.postingKey) ?? 0) + x.amount);
            }
            for (const l of lines) remaining.set(l.lineId, remaining.get(l.lineId)! - l.quantity);
            already = r.returnedAfter;
            for (const [key, amount] of reversed) expect(amount).toBeLessThanOrEqual(earned.get(key)!);
            return r;
          };
          if (ev.lines.length > 0) {
            for (const s of steps) {
              const l = ev.lines[s.line % ev.lines.length];
              const q = Math.min(s.quantity, remaining.get(l.lineId)!);
              if (q > 0) apply([{ lineId: l.lineId, quantity: q }]);
            }
          }
          const rest = [...remaining]
            .filter(([, q]) => q > 0)
            .map(([lineId, quantity]) => ({ lineId, quantity }));
          const last = apply(rest);
          expect(last.fullyReturned).toBe(true);
          expect(reversed).toEqual(earned);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('how a return is split does not matter: one return of r units equals several adding up to r', () => {
    fc.assert(
      fc.property(purchaseArb, ruleSetArb, zoneArb, fc.nat(), fc.nat(), (purchase, rules, timeZone, a, b) => {
        const ev = evaluatePurchase(purchase, rules, null, { timeZone });
        fc.pre(ev.lines.length > 0);
        const line = ev.lines[a % ev.lines.length];
        const total = (b % line.quantity) + 1;
        const once = evaluateReturn(ev, [{ lineId: line.lineId, quantity: total }]);
        let already: ReturnedLine[] = [];
        let points = 0;
        for (let i = 0; i < total; i++) {
          const r = evaluateReturn(ev, [{ lineId: line.lineId, quantity: 1 }], already);
          points += r.totals.points;
          already = r.returnedAfter;
        }
        expect(points).toBe(once.totals.points);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('properties of apportion', () => {
  it('parts sum to the total and each is floor or ceil of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 10 }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.reduce((s, x) => s + x, 0n)).toBe(total);
          const W = weights.reduce((s, x) => s + x, 0n);
          if (W > 0n) {
            weights.forEach((w, i) => {
              const floor = (total * w) / W;
              expect(parts[i] === floor || parts[i] === floor + 1n).toBe(true);
            });
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
