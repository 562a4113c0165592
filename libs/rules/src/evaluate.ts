/**
 * evaluatePurchase: (purchase, rules, member state) -> posting intents.
 * Pure and deterministic: the result depends only on the arguments.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { apportion, divRound, sumBig, toSafeNumber } from './arith';
import { formatMoney, plural } from './format';
import {
  availableInstant,
  expiryInstant,
  isValidTimeZone,
  localDateString,
  localParts,
  LocalParts,
  pad2,
  parseHhMm,
  toInstant,
} from './time';
import type {
  EvaluateOptions,
  LineEvaluation,
  LineMatcher,
  MemberState,
  PointsPosting,
  PostingIntent,
  Promotion,
  Purchase,
  PurchaseEvaluation,
  PurchaseLine,
  RuleSet,
  StampsPosting,
  ValidationIssue,
} from './types';

/** lineId of the synthetic line used when a purchase has no lines (the whole total, quantity 1). */
export const TOTAL_LINE_ID = '__total__';

const BP = 10_000n;

export function lineMatches(
  m: LineMatcher | undefined,
  line: { sku: string | null; category: string | null },
): boolean {
  if (!m) return false;
  return (
    (line.sku !== null && m.skus.includes(line.sku)) ||
    (line.category !== null && m.categories.includes(line.category))
  );
}

function isSafeNonNegInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Checks a purchase's shape; returns every problem found (empty = valid). */
export function purchaseIssues(p: Purchase): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const e = (path: string, message: string) => errors.push({ path, message });
  if (typeof p !== 'object' || p === null) return [{ path: '(root)', message: 'must be an object' }];
  const when = p.occurredAt instanceof Date ? p.occurredAt.getTime() : Date.parse(String(p.occurredAt));
  if (!Number.isFinite(when)) e('occurredAt', 'must be a valid date');
  if (!isSafeNonNegInt(p.total)) e('total', 'must be a non-negative safe integer (minor units)');
  if (!Array.isArray(p.lines)) {
    e('lines', 'must be an array');
    return errors;
  }
  const ids = new Set<string>();
  p.lines.forEach((l: PurchaseLine, i) => {
    const at = `lines[${i}]`;
    if (typeof l !== 'object' || l === null) {
      e(at, 'must be an object');
      return;
    }
    if (typeof l.lineId !== 'string' || l.lineId.length === 0)
      e(`${at}.lineId`, 'must be a non-empty string');
    else if (ids.has(l.lineId)) e(`${at}.lineId`, `duplicate lineId "${l.lineId}"`);
    else ids.add(l.lineId);
    if (l.sku !== null && typeof l.sku !== 'string') e(`${at}.sku`, 'must be a string or null');
    if (l.category !== null && typeof l.category !== 'string')
      e(`${at}.category`, 'must be a string or null');
    if (!isSafeNonNegInt(l.quantity) || l.quantity < 1) e(`${at}.quantity`, 'must be a positive integer');
    if (!isSafeNonNegInt(l.unitPrice))
      e(`${at}.unitPrice`, 'must be a non-negative safe integer (minor units)');
    if (l.freeQuantity !== undefined && (!isSafeNonNegInt(l.freeQuantity) || l.freeQuantity > l.quantity))
      e(`${at}.freeQuantity`, 'must be an integer from 0 to the quantity');
    if (
      l.rewardDiscount !== undefined &&
      (!isSafeNonNegInt(l.rewardDiscount) ||
        (isSafeNonNegInt(l.quantity) &&
          isSafeNonNegInt(l.unitPrice) &&
          BigInt(l.rewardDiscount) > BigInt(l.quantity) * BigInt(l.unitPrice)))
    )
      e(`${at}.rewardDiscount`, 'must be an integer from 0 to the line amount');
  });
  return errors;
}

function assertValid(errors: ValidationIssue[], what: string): void {
  if (errors.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, `invalid ${what}`, { errors });
}

function scheduleActive(p: Promotion, ms: number, lp: LocalParts): boolean {
  const s = p.schedule;
  if (s.from !== undefined && ms < Date.parse(s.from)) return false;
  if (s.until !== undefined && ms >= Date.parse(s.until)) return false;
  if (s.weekdays !== undefined && !s.weekdays.includes(lp.weekday)) return false;
  if (s.localTime !== undefined) {
    const m = lp.hour * 60 + lp.minute;
    const from = parseHhMm(s.localTime.from) ?? 0;
    const to = parseHhMm(s.localTime.to) ?? 1440;
    if (m < from || m >= to) return false;
  }
  return true;
}

interface WorkLine {
  ev: LineEvaluation;
  paid: bigint;
  bp: bigint;
  /** Units given free by a reward redeemed with the purchase. */
  free: number;
}

function chooseMultiplier(rules: RuleSet, line: PurchaseLine): { bp: number; id: string | null } {
  let best: { bp: number; id: string | null } | null = null;
  // A sku match beats a category match; within a level the largest multiplier wins (first listed on a tie).
  for (const level of ['sku', 'category'] as const) {
    for (const m of rules.multipliers) {
      const hit =
        level === 'sku'
          ? line.sku !== null && m.match.skus.includes(line.sku)
          : line.category !== null && m.match.categories.includes(line.category);
      if (hit && (best === null || m.multiplierBp > best.bp)) best = { bp: m.multiplierBp, id: m.id };
    }
    if (best) return best;
  }
  return { bp: 10000, id: null };
}

function contributions(lines: WorkLine[], parts: bigint[]): { lineId: string; amount: number }[] {
  const out: { lineId: string; amount: number }[] = [];
  lines.forEach((l, i) => {
    if (parts[i] > 0n) out.push({ lineId: l.ev.lineId, amount: toSafeNumber(parts[i], 'points') });
  });
  return out;
}

/**
 * Evaluates one purchase. Throws DomainError(VALIDATION_FAILED) for a
 * malformed purchase, member state or time zone. See README for every rule.
 */
export function evaluatePurchase(
  purchase: Purchase,
  ruleSet: RuleSet,
  memberState: MemberState | null | undefined,
  options: EvaluateOptions,
): PurchaseEvaluation {
  if (!options || typeof options.timeZone !== 'string' || !isValidTimeZone(options.timeZone)) {
    assertValid([{ path: 'options.timeZone', message: 'must be an IANA time zone' }], 'options');
  }
  const digits = options.currencyDigits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 8) {
    assertValid([{ path: 'options.currencyDigits', message: 'must be an integer 0..8' }], 'options');
  }
  assertValid(purchaseIssues(purchase), 'purchase');
  const progress = memberState?.stampProgress ?? {};
  if (typeof progress !== 'object' || progress === null || Array.isArray(progress)) {
    assertValid(
      [{ path: 'stampProgress', message: 'must be an object of card id -> stamps' }],
      'member state',
    );
  }
  assertValid(
    Object.entries(progress)
      .filter(([, v]) => !isSafeNonNegInt(v))
      .map(([k]) => ({ path: `stampProgress.${k}`, message: 'must be a non-negative integer' })),
    'member state',
  );

  const tz = options.timeZone;
  const ms = toInstant(purchase.occurredAt, 'occurredAt');
  const occurredAt = new Date(ms).toISOString();
  const lp = localParts(ms, tz);
  const notes: string[] = [];
  const money = (v: number | bigint) => formatMoney(Number(v), digits);

  const rawLines: PurchaseLine[] =
    purchase.lines.length > 0
      ? purchase.lines
      : [{ lineId: TOTAL_LINE_ID, sku: null, category: null, quantity: 1, unitPrice: purchase.total }];

  // Discounts: a reward's discount on its own line (the free item) comes off that
  // line first. When the total is below the sum of what remains of the lines, the
  // difference is apportioned across lines by that remaining amount (largest
  // remainder). A total above the sum (tips, fees, anything not itemised) earns
  // nothing: lines count at face value.
  const gross = rawLines.map((l) => BigInt(l.quantity) * BigInt(l.unitPrice));
  const targeted = rawLines.map((l) => BigInt(l.rewardDiscount ?? 0));
  const base = gross.map((g, i) => g - targeted[i]);
  const baseSum = sumBig(base);
  const total = BigInt(purchase.total);
  const spread = total < baseSum ? apportion(baseSum - total, base) : base.map(() => 0n);
  const discounts = spread.map((d, i) => d + targeted[i]);
  if (total > baseSum && purchase.lines.length > 0) {
    notes.push(`${money(total - baseSum)} of the total is not itemised and earns nothing`);
  }

  const work: WorkLine[] = rawLines.map((l, i) => {
    const excluded = lineMatches(ruleSet.exclusions, l);
    const mult = excluded ? { bp: 0, id: null } : chooseMultiplier(ruleSet, l);
    const paid = gross[i] - discounts[i];
    return {
      paid,
      bp: BigInt(mult.bp),
      free: l.freeQuantity ?? 0,
      ev: {
        lineId: l.lineId,
        sku: l.sku,
        category: l.category,
        quantity: l.quantity,
        grossAmount: toSafeNumber(gross[i], 'line amount'),
        discount: toSafeNumber(discounts[i], 'line discount'),
        paidAmount: toSafeNumber(paid, 'line amount'),
        excluded,
        multiplierBp: mult.bp,
        multiplierId: mult.id,
      },
    };
  });
  const eligible = work.filter((w) => !w.ev.excluded);
  const eligibleSpend = sumBig(eligible.map((w) => w.paid));

  const postings: PostingIntent[] = [];
  const rule = ruleSet.points;
  if (rule && rule.pointsPer > 0) {
    const availableAt = new Date(availableInstant(ms, ruleSet.pendingDays)).toISOString();
    const expiresAt = ruleSet.pointsExpiry
      ? new Date(expiryInstant(ms, ruleSet.pointsExpiry.afterMonths, tz)).toISOString()
      : null;
    const perAmount = BigInt(rule.perAmount);
    const pointsPer = BigInt(rule.pointsPer);
    if (eligibleSpend < BigInt(rule.minimumSpend)) {
      notes.push(
        `No points: eligible spend ${money(eligibleSpend)} is below the minimum of ${money(rule.minimumSpend)}`,
      );
    } else {
      // Base points: one rounding on the whole eligible (multiplied) total.
      const weights = eligible.map((w) => w.paid * w.bp);
      const pts = divRound(sumBig(weights) * pointsPer, perAmount * BP, rule.rounding);
      if (pts > 0n) {
        const amount = toSafeNumber(pts, 'points');
        const p: PointsPosting = {
          kind: 'points',
          key: 'points:base',
          source: { type: 'base' },
          amount,
          reason: `${plural(amount, 'point', 'points')} for ${money(eligibleSpend)} spent`,
          lines: contributions(eligible, apportion(pts, weights)),
          availableAt,
          expiresAt,
        };
        postings.push(p);
      }

      for (const promo of ruleSet.promotions) {
        if (!scheduleActive(promo, ms, lp)) continue;
        const matched = promo.match ? eligible.filter((w) => lineMatches(promo.match, w.ev)) : eligible;
        const spend = sumBig(matched.map((w) => w.paid));
        // Nothing paid for the matched lines (e.g. only free items): no bonus, whatever the minimum.
        if (spend === 0n) continue;
        if (spend < BigInt(promo.minimumSpend)) {
          notes.push(
            `${promo.name}: spend ${money(spend)} is below the minimum of ${money(promo.minimumSpend)}`,
          );
          continue;
        }
        let bonus: bigint;
        let weights: bigint[];
        if (promo.effect.kind === 'multiplier') {
          weights = matched.map((w) => w.paid * w.bp);
          const extraBp = BigInt(promo.effect.multiplierBp) - BP;
          bonus = divRound(sumBig(weights) * extraBp * pointsPer, perAmount * BP * BP, rule.rounding);
        } else {
          weights = matched.map((w) => w.paid);
          bonus = BigInt(promo.effect.points);
        }
        if (bonus <= 0n) continue;
        const amount = toSafeNumber(bonus, 'points');
        postings.push({
          kind: 'points',
          key: `points:promotion:${promo.id}`,
          source: { type: 'promotion', promotionId: promo.id, name: promo.name },
          amount,
          reason: `${promo.name} +${amount}`,
          lines: contributions(matched, apportion(bonus, weights)),
          availableAt,
          expiresAt,
        });
      }
    }
  }

  const stamps: Record<string, number> = {};
  for (const card of ruleSet.stampCards) {
    // Lines paid nothing (e.g. the free coffee a full card just paid for) earn no stamps.
    // Free units (a reward redeemed with the purchase) earn no stamps either.
    const qualifying = work.filter(
      (w) => w.paid > 0n && w.ev.quantity > w.free && lineMatches(card.match, w.ev),
    );
    const parts = qualifying.map((w) => BigInt(w.ev.quantity - w.free) * BigInt(card.stampsPerUnit));
    const added = sumBig(parts);
    if (added === 0n) continue;
    const size = BigInt(card.cardSize);
    const before = BigInt(Object.hasOwn(progress, card.id) ? progress[card.id] : 0) % size;
    const completed = (before + added) / size;
    const after = (before + added) % size;
    const amount = toSafeNumber(added, 'stamps');
    const cardsCompleted = toSafeNumber(completed, 'cards');
    const progressAfter = Number(after);
    const head = `${plural(amount, 'stamp', 'stamps')} on ${card.name}`;
    const reason =
      cardsCompleted === 0
        ? `${head} (${progressAfter}/${card.cardSize})`
        : `${head}: ${cardsCompleted === 1 ? 'card' : `${cardsCompleted} cards`} complete, ${card.reward.description} (${progressAfter}/${card.cardSize} on the next card)`;
    const posting: StampsPosting = {
      kind: 'stamps',
      key: `stamps:${card.id}`,
      cardId: card.id,
      cardName: card.name,
      cardSize: card.cardSize,
      progressBefore: Number(before),
      cardsCompleted,
      progressAfter,
      rewardId: card.reward.id,
      amount,
      reason,
      lines: contributions(qualifying, parts),
      availableAt: occurredAt,
      expiresAt: null,
    };
    postings.push(posting);
    stamps[card.id] = amount;
  }

  return {
    occurredAt,
    timeZone: tz,
    local: { date: localDateString(lp), time: `${pad2(lp.hour)}:${pad2(lp.minute)}`, weekday: lp.weekday },
    total: purchase.total,
    eligibleSpend: toSafeNumber(eligibleSpend, 'eligible spend'),
    lines: work.map((w) => w.ev),
    postings,
    totals: {
      points: postings.reduce((s, p) => (p.kind === 'points' ? s + p.amount : s), 0),
      stamps,
    },
    notes,
  };
}

/** Member state after applying an evaluation's stamp postings (for chaining evaluations, e.g. in previews). */
export function advanceMemberState(
  state: MemberState | null | undefined,
  ev: PurchaseEvaluation,
): MemberState {
  const stampProgress = { ...(state?.stampProgress ?? {}) };
  for (const p of ev.postings) if (p.kind === 'stamps') stampProgress[p.cardId] = p.progressAfter;
  return { stampProgress };
}
