/**
 * Validation of rule sets and reward catalogues coming from the API. Strict:
 * unknown keys are errors, every number is a bounded integer. Optional lists
 * default to empty so stored rule sets are always complete.
 */
import type {
  IsoWeekday,
  LineMatcher,
  Multiplier,
  PointsRule,
  Promotion,
  PromotionEffect,
  PromotionSchedule,
  Reward,
  RewardBenefit,
  RewardCost,
  RoundingMode,
  RuleSet,
  StampCard,
  ValidationResult,
} from './types';
import { parseHhMm } from './time';
import { Issues as Ctx, join, obj, int, str, type Obj, id as checkId, arr } from '@regulars/core/checks';

export const LIMITS = {
  idLength: 64,
  nameLength: 100,
  descriptionLength: 200,
  codeLength: 100, // sku / category
  matcherEntries: 1000,
  multipliers: 500,
  promotions: 100,
  stampCards: 50,
  rewards: 200,
  maxMoney: 1_000_000_000_000, // 10 billion in a 2-decimal currency
  maxPointsPer: 1_000_000,
  maxMultiplierBp: 1_000_000, // x100
  maxFlatPoints: 1_000_000,
  maxStampsPerUnit: 100,
  maxCardSize: 1000,
  maxExpiryMonths: 120,
  maxPendingDays: 365,
} as const;

const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ROUNDING: readonly RoundingMode[] = ['floor', 'round_half_up', 'ceil'];

const id = (c: Ctx, v: unknown, path: string) => checkId(c, v, path, LIMITS.idLength);

function uniqueIds(c: Ctx, items: { item: { id: string }; index: number }[], path: string): void {
  const seen = new Set<string>();
  for (const { item, index } of items) {
    if (seen.has(item.id)) c.err(join(join(path, index), 'id'), `duplicate id "${item.id}"`);
    seen.add(item.id);
  }
}

function codes(c: Ctx, v: unknown, path: string): string[] | undefined {
  const a = arr(c, v ?? [], path, LIMITS.matcherEntries);
  if (!a) return undefined;
  const out: string[] = [];
  a.forEach((x, i) => {
    const s = str(c, x, join(path, i), LIMITS.codeLength);
    if (s !== undefined) out.push(s);
  });
  return out;
}

function matcher(c: Ctx, v: unknown, path: string, requireNonEmpty: boolean): LineMatcher | undefined {
  const o = obj(c, v, path, ['skus', 'categories']);
  if (!o) return undefined;
  const skus = codes(c, o.skus, join(path, 'skus'));
  const categories = codes(c, o.categories, join(path, 'categories'));
  if (!skus || !categories) return undefined;
  if (requireNonEmpty && skus.length === 0 && categories.length === 0) {
    return c.err(path, 'must list at least one sku or category');
  }
  return { skus, categories };
}

function rounding(c: Ctx, v: unknown, path: string): RoundingMode | undefined {
  if (typeof v !== 'string' || !ROUNDING.includes(v as RoundingMode)) {
    return c.err(path, `must be one of ${ROUNDING.join(', ')}`);
  }
  return v as RoundingMode;
}

function pointsRule(c: Ctx, v: unknown, path: string): PointsRule | null | undefined {
  if (v === null) return null;
  const o = obj(c, v, path, ['pointsPer', 'perAmount', 'rounding', 'minimumSpend']);
  if (!o) return undefined;
  const pointsPer = int(c, o.pointsPer, join(path, 'pointsPer'), 0, LIMITS.maxPointsPer);
  const perAmount = int(c, o.perAmount, join(path, 'perAmount'), 1, LIMITS.maxMoney);
  const r = rounding(c, o.rounding, join(path, 'rounding'));
  const minimumSpend = int(c, o.minimumSpend ?? 0, join(path, 'minimumSpend'), 0, LIMITS.maxMoney);
  if (pointsPer === undefined || perAmount === undefined || r === undefined || minimumSpend === undefined) {
    return undefined;
  }
  return { pointsPer, perAmount, rounding: r, minimumSpend };
}

function multiplier(c: Ctx, v: unknown, path: string): Multiplier | undefined {
  const o = obj(c, v, path, ['id', 'name', 'match', 'multiplierBp']);
  if (!o) return undefined;
  const i = id(c, o.id, join(path, 'id'));
  const name = str(c, o.name, join(path, 'name'), LIMITS.nameLength);
  const match = matcher(c, o.match, join(path, 'match'), true);
  const bp = int(c, o.multiplierBp, join(path, 'multiplierBp'), 0, LIMITS.maxMultiplierBp);
  if (i === undefined || name === undefined || !match || bp === undefined) return undefined;
  return { id: i, name, match, multiplierBp: bp };
}

function instant(c: Ctx, v: unknown, path: string): string | undefined {
  if (typeof v !== 'string' || !ISO_INSTANT_RE.test(v) || !Number.isFinite(Date.parse(v))) {
    return c.err(path, 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-02T00:00:00+01:00');
  }
  return v;
}

function schedule(c: Ctx, v: unknown, path: string): PromotionSchedule | undefined {
  const o = obj(c, v, path, ['from', 'until', 'weekdays', 'localTime']);
  if (!o) return undefined;
  const s: PromotionSchedule = {};
  let ok = true;
  if (o.from !== undefined) ok = (s.from = instant(c, o.from, join(path, 'from'))) !== undefined && ok;
  if (o.until !== undefined) ok = (s.until = instant(c, o.until, join(path, 'until'))) !== undefined && ok;
  if (s.from !== undefined && s.until !== undefined && Date.parse(s.from) >= Date.parse(s.until)) {
    ok = !!c.err(join(path, 'until'), 'must be after from');
  }
  if (o.weekdays !== undefined) {
    const a = arr(c, o.weekdays, join(path, 'weekdays'), 7);
    if (!a) ok = false;
    else {
      const days: IsoWeekday[] = [];
      a.forEach((d, i) => {
        const n = int(c, d, join(join(path, 'weekdays'), i), 1, 7);
        if (n === undefined) ok = false;
        else if (days.includes(n as IsoWeekday))
          ok = !!c.err(join(join(path, 'weekdays'), i), 'duplicate weekday');
        else days.push(n as IsoWeekday);
      });
      if (days.length === 0)
        ok = !!c.err(join(path, 'weekdays'), 'must not be empty (omit it for every day)');
      s.weekdays = days;
    }
  }
  if (o.localTime !== undefined) {
    const lt = obj(c, o.localTime, join(path, 'localTime'), ['from', 'to']);
    if (!lt) ok = false;
    else {
      const f = typeof lt.from === 'string' ? parseHhMm(lt.from) : null;
      const t = typeof lt.to === 'string' ? parseHhMm(lt.to) : null;
      if (f === null || f >= 1440)
        ok = !!c.err(join(path, 'localTime.from'), 'must be "HH:MM" (00:00..23:59)');
      if (t === null) ok = !!c.err(join(path, 'localTime.to'), 'must be "HH:MM" (00:01..24:00)');
      if (f !== null && t !== null && f >= t) {
        ok = !!c.err(join(path, 'localTime'), 'from must be before to (split windows that span midnight)');
      }
      if (ok) s.localTime = { from: lt.from as string, to: lt.to as string };
    }
  }
  return ok ? s : undefined;
}

function effect(c: Ctx, v: unknown, path: string): PromotionEffect | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'multiplier') {
    const o = obj(c, v, path, ['kind', 'multiplierBp']);
    const bp = o && int(c, o.multiplierBp, join(path, 'multiplierBp'), 10001, LIMITS.maxMultiplierBp);
    return bp === undefined ? undefined : { kind, multiplierBp: bp };
  }
  if (kind === 'flat') {
    const o = obj(c, v, path, ['kind', 'points']);
    const points = o && int(c, o.points, join(path, 'points'), 1, LIMITS.maxFlatPoints);
    return points === undefined ? undefined : { kind, points };
  }
  return c.err(join(path, 'kind'), 'must be "multiplier" or "flat"');
}

function promotion(c: Ctx, v: unknown, path: string): Promotion | undefined {
  const o = obj(c, v, path, ['id', 'name', 'schedule', 'match', 'minimumSpend', 'effect']);
  if (!o) return undefined;
  const i = id(c, o.id, join(path, 'id'));
  const name = str(c, o.name, join(path, 'name'), LIMITS.nameLength);
  const sch = schedule(c, o.schedule ?? {}, join(path, 'schedule'));
  const match = o.match === undefined ? null : matcher(c, o.match, join(path, 'match'), true);
  const minimumSpend = int(c, o.minimumSpend ?? 0, join(path, 'minimumSpend'), 0, LIMITS.maxMoney);
  const eff = effect(c, o.effect, join(path, 'effect'));
  if (
    i === undefined ||
    name === undefined ||
    !sch ||
    match === undefined ||
    minimumSpend === undefined ||
    !eff
  ) {
    return undefined;
  }
  const p: Promotion = { id: i, name, schedule: sch, minimumSpend, effect: eff };
  if (match) p.match = match;
  return p;
}

function stampCard(c: Ctx, v: unknown, path: string): StampCard | undefined {
  const o = obj(c, v, path, ['id', 'name', 'match', 'stampsPerUnit', 'cardSize', 'reward']);
  if (!o) return undefined;
  const i = id(c, o.id, join(path, 'id'));
  const name = str(c, o.name, join(path, 'name'), LIMITS.nameLength);
  const match = matcher(c, o.match, join(path, 'match'), true);
  const spu = int(c, o.stampsPerUnit ?? 1, join(path, 'stampsPerUnit'), 1, LIMITS.maxStampsPerUnit);
  const size = int(c, o.cardSize, join(path, 'cardSize'), 1, LIMITS.maxCardSize);
  const r = obj(c, o.reward, join(path, 'reward'), ['id', 'description']);
  const rid = r && id(c, r.id, join(path, 'reward.id'));
  const rdesc = r && str(c, r.description, join(path, 'reward.description'), LIMITS.descriptionLength);
  if (i === undefined || name === undefined || !match || spu === undefined || size === undefined)
    return undefined;
  if (rid === undefined || rdesc === undefined) return undefined;
  return { id: i, name, match, stampsPerUnit: spu, cardSize: size, reward: { id: rid, description: rdesc } };
}

function list<T extends { id: string }>(
  c: Ctx,
  v: unknown,
  path: string,
  max: number,
  item: (c: Ctx, v: unknown, path: string) => T | undefined,
): T[] | undefined {
  const a = arr(c, v ?? [], path, max);
  if (!a) return undefined;
  // The valid items, so that cross-checks (unique ids, known cards) still run when some items are invalid.
  const out: { item: T; index: number }[] = [];
  a.forEach((x, index) => {
    const r = item(c, x, join(path, index));
    if (r) out.push({ item: r, index });
  });
  uniqueIds(c, out, path);
  return out.map((o) => o.item);
}

/** Validates untrusted input (e.g. an API body) as a rule set; returns the normalised value or every error with its path. */
export function validateRuleSet(x: unknown): ValidationResult<RuleSet> {
  const c = new Ctx();
  const o = obj(c, x, '', [
    'points',
    'multipliers',
    'exclusions',
    'promotions',
    'stampCards',
    'pointsExpiry',
    'pendingDays',
  ]);
  if (!o) return { ok: false, errors: c.errors };
  const points =
    o.points === undefined
      ? c.err('points', 'is required (null for no points)')
      : pointsRule(c, o.points, 'points');
  const multipliers = list(c, o.multipliers, 'multipliers', LIMITS.multipliers, multiplier);
  const exclusions = matcher(c, o.exclusions ?? { skus: [], categories: [] }, 'exclusions', false);
  const promotions = list(c, o.promotions, 'promotions', LIMITS.promotions, promotion);
  const stampCards = list(c, o.stampCards, 'stampCards', LIMITS.stampCards, stampCard);
  let pointsExpiry: RuleSet['pointsExpiry'] | undefined = null;
  if (o.pointsExpiry !== undefined && o.pointsExpiry !== null) {
    const e = obj(c, o.pointsExpiry, 'pointsExpiry', ['afterMonths']);
    const m = e && int(c, e.afterMonths, 'pointsExpiry.afterMonths', 1, LIMITS.maxExpiryMonths);
    pointsExpiry = m === undefined ? undefined : { afterMonths: m };
  }
  const pendingDays = int(c, o.pendingDays ?? 0, 'pendingDays', 0, LIMITS.maxPendingDays);
  if (promotions && promotions.length > 0 && points === null) {
    c.err('promotions', 'promotions award points: they need a points rule');
  }
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    value: {
      points: points as PointsRule | null,
      multipliers: multipliers!,
      exclusions: exclusions!,
      promotions: promotions!,
      stampCards: stampCards!,
      pointsExpiry: pointsExpiry!,
      pendingDays: pendingDays!,
    },
  };
}

function rewardCost(c: Ctx, v: unknown, path: string): RewardCost | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'points') {
    const o = obj(c, v, path, ['kind', 'points']);
    const p = o && int(c, o.points, join(path, 'points'), 1, Number.MAX_SAFE_INTEGER);
    return p === undefined ? undefined : { kind, points: p };
  }
  if (kind === 'stamp_card') {
    const o = obj(c, v, path, ['kind', 'cardId']);
    const cardId = o && id(c, o.cardId, join(path, 'cardId'));
    return cardId === undefined ? undefined : { kind, cardId };
  }
  return c.err(join(path, 'kind'), 'must be "points" or "stamp_card"');
}

function rewardBenefit(c: Ctx, v: unknown, path: string): RewardBenefit | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'free_item') {
    const o = obj(c, v, path, ['kind', 'sku', 'description', 'maxValue']);
    if (!o) return undefined;
    const sku =
      o.sku === undefined || o.sku === null ? null : str(c, o.sku, join(path, 'sku'), LIMITS.codeLength);
    const description = str(c, o.description, join(path, 'description'), LIMITS.descriptionLength);
    const maxValue = int(c, o.maxValue, join(path, 'maxValue'), 0, LIMITS.maxMoney);
    if (sku === undefined || description === undefined || maxValue === undefined) return undefined;
    return { kind, sku, description, maxValue };
  }
  if (kind === 'amount_off') {
    const o = obj(c, v, path, ['kind', 'amount']);
    const amount = o && int(c, o.amount, join(path, 'amount'), 1, LIMITS.maxMoney);
    return amount === undefined ? undefined : { kind, amount };
  }
  if (kind === 'percent_off') {
    const o = obj(c, v, path, ['kind', 'basisPoints', 'maxAmount', 'rounding']);
    if (!o) return undefined;
    const bp = int(c, o.basisPoints, join(path, 'basisPoints'), 1, 10000);
    const maxAmount =
      o.maxAmount === undefined || o.maxAmount === null
        ? null
        : int(c, o.maxAmount, join(path, 'maxAmount'), 1, LIMITS.maxMoney);
    const r = rounding(c, o.rounding ?? 'floor', join(path, 'rounding'));
    if (bp === undefined || maxAmount === undefined || r === undefined) return undefined;
    return { kind, basisPoints: bp, maxAmount, rounding: r };
  }
  return c.err(join(path, 'kind'), 'must be "free_item", "amount_off" or "percent_off"');
}

function reward(c: Ctx, v: unknown, path: string): Reward | undefined {
  const o = obj(c, v, path, ['id', 'name', 'cost', 'benefit', 'active']);
  if (!o) return undefined;
  const i = id(c, o.id, join(path, 'id'));
  const name = str(c, o.name, join(path, 'name'), LIMITS.nameLength);
  const cost = rewardCost(c, o.cost, join(path, 'cost'));
  const benefit = rewardBenefit(c, o.benefit, join(path, 'benefit'));
  let active = true;
  if (o.active !== undefined) {
    if (typeof o.active !== 'boolean') c.err(join(path, 'active'), 'must be a boolean');
    else active = o.active;
  }
  if (i === undefined || name === undefined || !cost || !benefit) return undefined;
  return { id: i, name, cost, benefit, active };
}

/**
 * Validates a rewards catalogue. With `ruleSet`, stamp-card costs must name a
 * card of that rule set.
 */
export function validateRewardCatalogue(x: unknown, ruleSet?: RuleSet): ValidationResult<Reward[]> {
  const c = new Ctx();
  const rewards = list(c, x, '', LIMITS.rewards, reward);
  if (rewards && ruleSet) {
    const cards = new Set(ruleSet.stampCards.map((s) => s.id));
    rewards.forEach((r, i) => {
      if (r.cost.kind === 'stamp_card' && !cards.has(r.cost.cardId)) {
        c.err(`[${i}].cost.cardId`, `unknown stamp card "${r.cost.cardId}"`);
      }
    });
  }
  if (c.errors.length > 0 || !rewards) return { ok: false, errors: c.errors };
  return { ok: true, value: rewards };
}
