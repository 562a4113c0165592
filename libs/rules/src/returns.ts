/**
 * evaluateReturn: what a (partial) return takes back.
 *
 * Rounding rule ("cumulative floor"): for a line that contributed c units
 * (points or stamps) to a posting over quantity q, once r units of it have
 * been returned in total, floor(c * r / q) units have been reversed in total.
 * A return moving the cumulative quantity from r0 to r1 reverses
 * floor(c * r1 / q) - floor(c * r0 / q). The sum over any sequence of partial
 * returns telescopes to floor(c * r / q): never more than earned, exactly c
 * once everything is returned, and independent of how the returns were split.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import type { PurchaseEvaluation, ReturnEvaluation, ReturnedLine, ReversalIntent } from './types';
import { plural } from './format';

function sumByLine(lines: ReturnedLine[], what: string, known: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(lines)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${what} must be an array`);
  }
  lines.forEach((l, i) => {
    if (!known.has(l?.lineId)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `${what}[${i}]: unknown lineId`, {
        lineId: l?.lineId,
      });
    }
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 0) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `${what}[${i}]: quantity must be a non-negative integer`,
        {
          lineId: l.lineId,
        },
      );
    }
    out.set(l.lineId, (out.get(l.lineId) ?? 0) + l.quantity);
  });
  return out;
}

/**
 * @param original the stored result of evaluatePurchase for the purchase
 * @param returnedLines what is returned now (duplicates of a lineId are summed)
 * @param alreadyReturned cumulative quantities returned before (e.g. the previous `returnedAfter`)
 * @throws DomainError VALIDATION_FAILED for unknown lines or bad quantities,
 *   RETURN_EXCEEDS_PURCHASE when more would be returned than was bought.
 */
export function evaluateReturn(
  original: PurchaseEvaluation,
  returnedLines: ReturnedLine[],
  alreadyReturned: ReturnedLine[] = [],
): ReturnEvaluation {
  const qty = new Map(original.lines.map((l) => [l.lineId, l.quantity]));
  const now = sumByLine(returnedLines, 'returnedLines', qty);
  const before = sumByLine(alreadyReturned, 'alreadyReturned', qty);
  const after = new Map<string, number>();
  for (const [lineId, q] of qty) {
    const r = (before.get(lineId) ?? 0) + (now.get(lineId) ?? 0);
    if (r > q) {
      throw new DomainError(
        ErrorCode.RETURN_EXCEEDS_PURCHASE,
        `line ${lineId}: returning ${r} of ${q} purchased`,
        {
          lineId,
          purchased: q,
          alreadyReturned: before.get(lineId) ?? 0,
          requested: now.get(lineId) ?? 0,
        },
      );
    }
    after.set(lineId, r);
  }

  const reversals: ReversalIntent[] = [];
  const stamps: Record<string, number> = {};
  let points = 0;
  for (const p of original.postings) {
    const lines: { lineId: string; amount: number }[] = [];
    let amount = 0n;
    for (const c of p.lines) {
      const q = BigInt(qty.get(c.lineId) ?? 0);
      if (q === 0n) continue;
      const r0 = BigInt(before.get(c.lineId) ?? 0);
      const r1 = BigInt(after.get(c.lineId) ?? 0);
      const cu = BigInt(c.amount);
      const part = (cu * r1) / q - (cu * r0) / q;
      if (part > 0n) {
        lines.push({ lineId: c.lineId, amount: Number(part) });
        amount += part;
      }
    }
    if (amount === 0n) continue;
    const n = Number(amount);
    let reason: string;
    if (p.kind === 'stamps') {
      reason = `Return: -${plural(n, 'stamp', 'stamps')} on ${p.cardName}`;
      stamps[p.cardId] = n;
    } else {
      reason =
        p.source.type === 'base'
          ? `Return: -${plural(n, 'point', 'points')}`
          : `Return: ${p.source.name} -${n}`;
      points += n;
    }
    const rev: ReversalIntent = {
      kind: p.kind,
      postingKey: p.key,
      amount: n,
      reason,
      lines,
      availableAt: p.availableAt,
      expiresAt: p.expiresAt,
    };
    if (p.kind === 'stamps') rev.cardId = p.cardId;
    reversals.push(rev);
  }

  const returnedAfter = original.lines
    .filter((l) => (after.get(l.lineId) ?? 0) > 0)
    .map((l) => ({ lineId: l.lineId, quantity: after.get(l.lineId) ?? 0 }));
  return {
    reversals,
    totals: { points, stamps },
    returnedAfter,
    fullyReturned: original.lines.every((l) => after.get(l.lineId) === l.quantity),
  };
}
