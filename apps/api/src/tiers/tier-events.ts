import type { PurchaseEvaluation } from '@regulars/rules';
import type { ManualStatusEvent, PurchaseEvent, ReturnEvent, TierEvent } from '@regulars/tiers';

/** A purchase.recorded or return.recorded row of the outbox, with what the tier events need. */
export interface TierSourceRow {
  eventId: string;
  type: 'purchase.recorded' | 'return.recorded';
  occurredAt: Date;
  recordedAt: Date;
  purchaseId: string;
  /** return.recorded only. */
  returnId: string | null;
  /** The lines returned, or 'all' (everything not yet returned at the time), as purchase_returns stores them. */
  returnLines: { lineId: string; quantity: number }[] | 'all';
  /** The purchase's lines as stored (purchase_lines). */
  lines: {
    lineId: string;
    sku: string | null;
    category: string | null;
    quantity: number;
    unitPrice: number;
  }[];
  /** The purchase's stored evaluation (paid amount per line after discounts, points per line). */
  evaluation: PurchaseEvaluation | null;
}

interface LineFigures {
  sku: string | null;
  category: string | null;
  quantity: number;
  amount: number;
  points: number;
}

/**
 * Per line of a purchase: the paid amount (the evaluation's paidAmount, after
 * apportioned discounts; quantity x unit price without an evaluation) and the
 * points the purchase earned on it (its share of every points posting).
 */
export function lineFigures(row: Pick<TierSourceRow, 'lines' | 'evaluation'>): Map<string, LineFigures> {
  const out = new Map<string, LineFigures>();
  if (row.evaluation) {
    // The evaluation also holds the one synthetic line of a purchase recorded without lines.
    for (const l of row.evaluation.lines)
      out.set(l.lineId, {
        sku: l.sku,
        category: l.category,
        quantity: l.quantity,
        amount: l.paidAmount,
        points: 0,
      });
  } else {
    for (const l of row.lines)
      out.set(l.lineId, {
        sku: l.sku,
        category: l.category,
        quantity: l.quantity,
        amount: l.quantity * l.unitPrice,
        points: 0,
      });
  }
  for (const p of row.evaluation?.postings ?? []) {
    if (p.kind !== 'points') continue;
    for (const c of p.lines) {
      const f = out.get(c.lineId);
      if (f) f.points += c.amount;
    }
  }
  return out;
}

/**
 * The share of a line's total taken back by returning `now` units after
 * `before` units were returned: floor(total x (before + now) / quantity) -
 * floor(total x before / quantity), so that returning every unit, in any
 * number of returns, takes back exactly the total.
 */
export function returnedShare(total: number, quantity: number, before: number, now: number): number {
  if (quantity <= 0) return 0;
  return Math.floor((total * (before + now)) / quantity) - Math.floor((total * before) / quantity);
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/**
 * The tier events of one member's outbox rows, in outbox order. `returnedBefore`
 * gives, per purchase and line, the units returned by earlier returns (the
 * state tracks it; a full recompute starts from nothing and counts as it goes).
 */
export function toTierEvents(
  rows: TierSourceRow[],
  returnedBefore: (purchaseId: string, lineId: string) => number = () => 0,
): TierEvent[] {
  const counted = new Map<string, number>();
  const events: TierEvent[] = [];
  for (const r of rows) {
    const figures = lineFigures(r);
    const recordedAt = later(r.recordedAt, r.occurredAt).toISOString();
    if (r.type === 'purchase.recorded') {
      const e: PurchaseEvent = {
        kind: 'purchase',
        id: r.purchaseId,
        at: r.occurredAt.toISOString(),
        recordedAt,
        lines: [...figures].map(([lineId, f]) => ({
          lineId,
          sku: f.sku,
          category: f.category,
          quantity: f.quantity,
          amount: f.amount,
          points: f.points,
        })),
      };
      events.push(e);
    } else {
      const lines: ReturnEvent['lines'] = [];
      const already = (lineId: string) =>
        returnedBefore(r.purchaseId, lineId) + (counted.get(`${r.purchaseId}/${lineId}`) ?? 0);
      const requested =
        r.returnLines === 'all'
          ? [...figures].map(([lineId, f]) => ({ lineId, quantity: f.quantity - already(lineId) }))
          : r.returnLines;
      for (const l of requested) {
        const f = figures.get(l.lineId);
        if (!f || l.quantity <= 0) continue;
        const k = `${r.purchaseId}/${l.lineId}`;
        const before = already(l.lineId);
        counted.set(k, (counted.get(k) ?? 0) + l.quantity);
        lines.push({
          lineId: l.lineId,
          quantity: l.quantity,
          amount: returnedShare(f.amount, f.quantity, before, l.quantity),
          points: returnedShare(f.points, f.quantity, before, l.quantity),
        });
      }
      events.push({
        kind: 'return',
        id: r.returnId!,
        at: r.occurredAt.toISOString(),
        recordedAt,
        purchaseId: r.purchaseId,
        lines,
      });
    }
  }
  return events;
}

/** A member_tier_manual row as the library's manual status event (recorded when it was set). */
export const manualEvent = (m: {
  id: string;
  tier_id: string;
  reason: string;
  until: Date;
  set_by: string | null;
  created_at: Date;
}): ManualStatusEvent => ({
  kind: 'manual',
  id: m.id,
  at: m.created_at.toISOString(),
  recordedAt: m.created_at.toISOString(),
  tierId: m.tier_id,
  reason: m.reason,
  until: m.until.toISOString(),
  ...(m.set_by ? { setBy: m.set_by } : {}),
});
