/** Small builders for rule-set and purchase test data (plain objects, no I/O). */
import type { Purchase, PurchaseLine, RuleSet, StampCard } from '../src';

export const BERLIN = { timeZone: 'Europe/Berlin' };
export const UTC = { timeZone: 'UTC' };

/** 1 point per 1.00, floor, no minimum, nothing else. */
export function ruleSet(over: Partial<RuleSet> = {}): RuleSet {
  return {
    points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 0 },
    multipliers: [],
    exclusions: { skus: [], categories: [] },
    promotions: [],
    stampCards: [],
    pointsExpiry: null,
    pendingDays: 0,
    ...over,
  };
}

export function coffeeCard(over: Partial<StampCard> = {}): StampCard {
  return {
    id: 'coffee',
    name: 'Coffee card',
    match: { skus: [], categories: ['coffee'] },
    stampsPerUnit: 1,
    cardSize: 10,
    reward: { id: 'free-coffee', description: 'a free coffee' },
    ...over,
  };
}

let n = 0;
export function line(over: Partial<PurchaseLine> = {}): PurchaseLine {
  n++;
  return { lineId: `l${n}`, sku: `SKU${n}`, category: 'misc', quantity: 1, unitPrice: 100, ...over };
}

/** A purchase whose total is the sum of its lines unless given. */
export function purchase(lines: PurchaseLine[], over: Partial<Purchase> = {}): Purchase {
  const sum = lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  return { occurredAt: '2026-01-15T10:00:00Z', total: sum, lines, ...over };
}

export function coffees(quantity: number, lineId = 'c'): PurchaseLine {
  return { lineId, sku: 'FLATWHITE', category: 'coffee', quantity, unitPrice: 350 };
}
