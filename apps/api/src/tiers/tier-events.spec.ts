import type { PurchaseEvaluation } from '@regulars/rules';
import { lineFigures, returnedShare, toTierEvents, type TierSourceRow } from './tier-events';

const at = new Date('2026-03-02T09:00:00Z');
const later = new Date('2026-03-05T09:00:00Z');

/** Two lines: 3 coffees paid 1000 after a discount of 50 (10 points base + 5 promotion), a cake 450 (4 points). */
const evaluation = {
  lines: [
    { lineId: 'c', sku: 'ESPRESSO', category: 'coffee', quantity: 3, paidAmount: 1000 },
    { lineId: 'k', sku: 'CAKE', category: 'bakery', quantity: 1, paidAmount: 450 },
  ],
  postings: [
    {
      kind: 'points',
      lines: [
        { lineId: 'c', amount: 10 },
        { lineId: 'k', amount: 4 },
      ],
    },
    { kind: 'points', lines: [{ lineId: 'c', amount: 5 }] },
    { kind: 'stamps', lines: [{ lineId: 'c', amount: 3 }] },
  ],
} as unknown as PurchaseEvaluation;

const purchase: TierSourceRow = {
  eventId: 'p1',
  type: 'purchase.recorded',
  occurredAt: at,
  recordedAt: at,
  purchaseId: 'p1',
  returnId: null,
  returnLines: [],
  lines: [],
  evaluation,
};

const ret = (id: string, lines: TierSourceRow['returnLines']): TierSourceRow => ({
  ...purchase,
  eventId: id,
  type: 'return.recorded',
  occurredAt: later,
  recordedAt: later,
  returnId: id,
  returnLines: lines,
});

describe('tier events from the purchase history', () => {
  it('a line qualifies with its paid amount and its share of every points posting (stamps do not count)', () => {
    expect([...lineFigures(purchase)]).toEqual([
      ['c', { sku: 'ESPRESSO', category: 'coffee', quantity: 3, amount: 1000, points: 15 }],
      ['k', { sku: 'CAKE', category: 'bakery', quantity: 1, amount: 450, points: 4 }],
    ]);
  });

  it('without an evaluation, quantity x unit price and no points', () => {
    const row = {
      ...purchase,
      evaluation: null,
      lines: [{ lineId: 'a', sku: null, category: 'x', quantity: 2, unitPrice: 125 }],
    };
    expect([...lineFigures(row)]).toEqual([
      ['a', { sku: null, category: 'x', quantity: 2, amount: 250, points: 0 }],
    ]);
  });

  it('returned shares add up to the total in any number of returns', () => {
    expect(returnedShare(1000, 3, 0, 1)).toBe(333);
    expect(returnedShare(1000, 3, 1, 1)).toBe(333);
    expect(returnedShare(1000, 3, 2, 1)).toBe(334);
    expect(returnedShare(1000, 3, 0, 3)).toBe(1000);
    expect(returnedShare(1000, 3, 1, 2)).toBe(667);
    expect(returnedShare(15, 3, 0, 2)).toBe(10);
    expect(returnedShare(7, 0, 0, 1)).toBe(0);
  });

  it('maps a purchase and its returns, "all" meaning every unit not yet returned', () => {
    const events = toTierEvents([purchase, ret('r1', [{ lineId: 'c', quantity: 1 }]), ret('r2', 'all')]);
    expect(events).toEqual([
      {
        kind: 'purchase',
        id: 'p1',
        at: at.toISOString(),
        recordedAt: at.toISOString(),
        lines: [
          { lineId: 'c', sku: 'ESPRESSO', category: 'coffee', quantity: 3, amount: 1000, points: 15 },
          { lineId: 'k', sku: 'CAKE', category: 'bakery', quantity: 1, amount: 450, points: 4 },
        ],
      },
      {
        kind: 'return',
        id: 'r1',
        at: later.toISOString(),
        recordedAt: later.toISOString(),
        purchaseId: 'p1',
        lines: [{ lineId: 'c', quantity: 1, amount: 333, points: 5 }],
      },
      {
        kind: 'return',
        id: 'r2',
        at: later.toISOString(),
        recordedAt: later.toISOString(),
        purchaseId: 'p1',
        lines: [
          { lineId: 'c', quantity: 2, amount: 667, points: 10 },
          { lineId: 'k', quantity: 1, amount: 450, points: 4 },
        ],
      },
    ]);
  });

  it('counts units returned before from the stored state (the incremental path)', () => {
    const [e] = toTierEvents([ret('r3', 'all')], (pid, lid) => (pid === 'p1' && lid === 'c' ? 2 : 1));
    expect(e).toMatchObject({
      kind: 'return',
      lines: [{ lineId: 'c', quantity: 1, amount: 334, points: 5 }],
    });
  });

  it('a purchase recorded before it happened is recorded when it happened (recordedAt >= at)', () => {
    const [e] = toTierEvents([{ ...purchase, recordedAt: new Date(at.getTime() - 1000) }]);
    expect(e.recordedAt).toBe(at.toISOString());
  });
});
