/**
 * previewRuleChange: what a proposed rule set would have given on past
 * purchases, compared with the current one. Pure: nothing is written.
 */
import { advanceMemberState, evaluatePurchase } from './evaluate';
import { toInstant } from './time';
import type { EvaluateOptions, MemberState, Purchase, RuleSet } from './types';

export interface PreviewPurchase {
  memberId: string;
  purchase: Purchase;
}

export interface RuleSetTotals {
  points: number;
  /** Stamps per card id. */
  stamps: Record<string, number>;
  /** Cards completed per card id. */
  cardsCompleted: Record<string, number>;
  /** Purchases that earned any points. */
  purchasesEarning: number;
}

export interface MemberPreview {
  memberId: string;
  purchases: number;
  currentPoints: number;
  proposedPoints: number;
  /** proposedPoints - currentPoints (positive = the member gains). */
  pointsDelta: number;
  currentCardsCompleted: number;
  proposedCardsCompleted: number;
}

export interface RuleChangePreview {
  purchases: number;
  members: number;
  current: RuleSetTotals;
  proposed: RuleSetTotals;
  difference: { points: number; stamps: Record<string, number>; cardsCompleted: Record<string, number> };
  gainers: number;
  losers: number;
  unchanged: number;
  /**
   * Members whose points or completed cards differ, by |pointsDelta| descending,
   * then |cards delta| descending, then memberId; cut to `limit` if given.
   */
  changedMembers: MemberPreview[];
}

export interface PreviewOptions extends EvaluateOptions {
  /** Keep at most this many entries in changedMembers (default: all). */
  limit?: number;
}

function emptyTotals(): RuleSetTotals {
  return { points: 0, stamps: {}, cardsCompleted: {}, purchasesEarning: 0 };
}

function add(rec: Record<string, number>, k: string, v: number): void {
  rec[k] = (Object.hasOwn(rec, k) ? rec[k] : 0) + v;
}

function diff(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const d = (Object.hasOwn(b, k) ? b[k] : 0) - (Object.hasOwn(a, k) ? a[k] : 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/**
 * Evaluates every purchase under both rule sets. Purchases are taken in time
 * order (ties keep input order), and each member's stamp progress is carried
 * from purchase to purchase separately under each rule set, starting from
 * `memberStates[memberId]` (the state at the start of the window; missing =
 * empty cards).
 */
export function previewRuleChange(
  purchases: PreviewPurchase[],
  currentRuleSet: RuleSet,
  proposedRuleSet: RuleSet,
  memberStates: Record<string, MemberState>,
  options: PreviewOptions,
): RuleChangePreview {
  const ordered = purchases
    .map((p, i) => ({ p, i, t: toInstant(p.purchase.occurredAt, 'occurredAt') }))
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const current = emptyTotals();
  const proposed = emptyTotals();
  const stateCur = new Map<string, MemberState>();
  const stateNew = new Map<string, MemberState>();
  const members = new Map<string, MemberPreview>();

  const run = (
    rules: RuleSet,
    states: Map<string, MemberState>,
    totals: RuleSetTotals,
    memberId: string,
    purchase: Purchase,
  ): { points: number; cards: number } => {
    const state =
      states.get(memberId) ??
      (Object.hasOwn(memberStates, memberId) ? memberStates[memberId] : { stampProgress: {} });
    const ev = evaluatePurchase(purchase, rules, state, options);
    states.set(memberId, advanceMemberState(state, ev));
    let cards = 0;
    for (const p of ev.postings) {
      if (p.kind === 'stamps') {
        add(totals.stamps, p.cardId, p.amount);
        add(totals.cardsCompleted, p.cardId, p.cardsCompleted);
        cards += p.cardsCompleted;
      }
    }
    totals.points += ev.totals.points;
    if (ev.totals.points > 0) totals.purchasesEarning++;
    return { points: ev.totals.points, cards };
  };

  for (const { p } of ordered) {
    const a = run(currentRuleSet, stateCur, current, p.memberId, p.purchase);
    const b = run(proposedRuleSet, stateNew, proposed, p.memberId, p.purchase);
    const m = members.get(p.memberId) ?? {
      memberId: p.memberId,
      purchases: 0,
      currentPoints: 0,
      proposedPoints: 0,
      pointsDelta: 0,
      currentCardsCompleted: 0,
      proposedCardsCompleted: 0,
    };
    m.purchases++;
    m.currentPoints += a.points;
    m.proposedPoints += b.points;
    m.pointsDelta = m.proposedPoints - m.currentPoints;
    m.currentCardsCompleted += a.cards;
    m.proposedCardsCompleted += b.cards;
    members.set(p.memberId, m);
  }

  const all = [...members.values()];
  const cardDelta = (m: MemberPreview) => m.proposedCardsCompleted - m.currentCardsCompleted;
  const changed = all
    .filter((m) => m.pointsDelta !== 0 || cardDelta(m) !== 0)
    .sort(
      (x, y) =>
        Math.abs(y.pointsDelta) - Math.abs(x.pointsDelta) ||
        Math.abs(cardDelta(y)) - Math.abs(cardDelta(x)) ||
        (x.memberId < y.memberId ? -1 : x.memberId > y.memberId ? 1 : 0),
    );
  return {
    purchases: purchases.length,
    members: all.length,
    current,
    proposed,
    difference: {
      points: proposed.points - current.points,
      stamps: diff(current.stamps, proposed.stamps),
      cardsCompleted: diff(current.cardsCompleted, proposed.cardsCompleted),
    },
    gainers: all.filter((m) => m.pointsDelta > 0).length,
    losers: all.filter((m) => m.pointsDelta < 0).length,
    unchanged: all.filter((m) => m.pointsDelta === 0).length,
    changedMembers: options.limit === undefined ? changed : changed.slice(0, Math.max(0, options.limit)),
  };
}
