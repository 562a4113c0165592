/**
 * Validation of tier programs, program changes and clubs coming from the API.
 * Strict like @regulars/rules: unknown keys are errors, every number is a
 * bounded integer, every error carries its path; optional values get their
 * defaults so that stored programs are complete.
 */
import type {
  Benefits,
  LineMatcher,
  Tier,
  TierProgram,
  TierWindow,
  ValidationIssue,
  ValidationResult,
} from './types';
import type { ClubAccess, ClubDefinition } from './club';
import { Issues as Ctx, join, obj, int, str, bool, type Obj, id as checkId } from '@regulars/core/checks';

export const TIER_LIMITS = {
  idLength: 64,
  nameLength: 100,
  codeLength: 100,
  matcherEntries: 1000,
  tiers: 20,
  rewardIds: 200,
  maxThreshold: 1_000_000_000_000,
  maxMultiplierBp: 1_000_000,
  maxBonusPoints: 1_000_000,
  maxRollingMonths: 36,
  maxHoldPeriods: 5,
  maxGraceDays: 366,
  maxTermMonths: 120,
  maxInviteDays: 366,
  maxFee: 1_000_000_000_000,
} as const;

const id = (c: Ctx, v: unknown, path: string) => checkId(c, v, path, TIER_LIMITS.idLength);

function strings(
  c: Ctx,
  v: unknown,
  path: string,
  max: number,
  item: (v: unknown, p: string) => string | undefined,
): string[] | undefined {
  if (!Array.isArray(v)) return c.err(path, 'must be an array');
  if (v.length > max) return c.err(path, `must have at most ${max} entries`);
  const out: string[] = [];
  let ok = true;
  v.forEach((x, i) => {
    const s = item(x, join(path, i));
    if (s === undefined) ok = false;
    else if (out.includes(s)) ok = !!c.err(join(path, i), `duplicate "${s}"`);
    else out.push(s);
  });
  return ok ? out : undefined;
}

function matcher(c: Ctx, v: unknown, path: string): LineMatcher | undefined {
  const o = obj(c, v, path, ['skus', 'categories']);
  if (!o) return undefined;
  const code = (x: unknown, p: string) => str(c, x, p, TIER_LIMITS.codeLength);
  const skus = strings(c, o.skus ?? [], join(path, 'skus'), TIER_LIMITS.matcherEntries, code);
  const categories = strings(
    c,
    o.categories ?? [],
    join(path, 'categories'),
    TIER_LIMITS.matcherEntries,
    code,
  );
  return skus && categories ? { skus, categories } : undefined;
}

/** Validates a benefits object; every field is optional (defaults: x1, no rewards, no bonuses). */
function benefits(c: Ctx, v: unknown, path: string): Benefits | undefined {
  const o = obj(c, v ?? {}, path, ['multiplierBp', 'rewardIds', 'reachBonusPoints', 'birthdayBonusPoints']);
  if (!o) return undefined;
  const multiplierBp = int(
    c,
    o.multiplierBp ?? 10000,
    join(path, 'multiplierBp'),
    10000,
    TIER_LIMITS.maxMultiplierBp,
  );
  const rewardIds = strings(c, o.rewardIds ?? [], join(path, 'rewardIds'), TIER_LIMITS.rewardIds, (x, p) =>
    id(c, x, p),
  );
  const reach = int(
    c,
    o.reachBonusPoints ?? 0,
    join(path, 'reachBonusPoints'),
    0,
    TIER_LIMITS.maxBonusPoints,
  );
  const bday = int(
    c,
    o.birthdayBonusPoints ?? 0,
    join(path, 'birthdayBonusPoints'),
    0,
    TIER_LIMITS.maxBonusPoints,
  );
  if (multiplierBp === undefined || !rewardIds || reach === undefined || bday === undefined) return undefined;
  return { multiplierBp, rewardIds, reachBonusPoints: reach, birthdayBonusPoints: bday };
}

function windowOf(c: Ctx, v: unknown, path: string): TierWindow | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'rolling_months') {
    const o = obj(c, v, path, ['kind', 'months']);
    const months = o && int(c, o.months, join(path, 'months'), 1, TIER_LIMITS.maxRollingMonths);
    return months === undefined ? undefined : { kind, months };
  }
  if (kind === 'calendar_year' || kind === 'anniversary') {
    return obj(c, v, path, ['kind']) ? { kind } : undefined;
  }
  return c.err(join(path, 'kind'), 'must be "rolling_months", "calendar_year" or "anniversary"');
}

function tier(c: Ctx, v: unknown, path: string): Tier | undefined {
  const o = obj(c, v, path, ['id', 'name', 'reach', 'keep', 'benefits']);
  if (!o) return undefined;
  const i = id(c, o.id, join(path, 'id'));
  const name = str(c, o.name, join(path, 'name'), TIER_LIMITS.nameLength);
  const reach = int(c, o.reach, join(path, 'reach'), 0, TIER_LIMITS.maxThreshold);
  const keep = int(c, o.keep ?? reach, join(path, 'keep'), 0, TIER_LIMITS.maxThreshold);
  const b = benefits(c, o.benefits, join(path, 'benefits'));
  if (i === undefined || name === undefined || reach === undefined || keep === undefined || !b)
    return undefined;
  if (keep > reach) return c.err(join(path, 'keep'), 'must not be above reach');
  return { id: i, name, reach, keep, benefits: b };
}

/** Validates untrusted input as a tier program; returns the normalised program or every error with its path. */
export function validateTierProgram(x: unknown): ValidationResult<TierProgram> {
  const c = new Ctx();
  const o = obj(c, x, '', [
    'basis',
    'window',
    'exclusions',
    'holdPeriods',
    'downgrade',
    'graceDays',
    'returnsCanDowngrade',
    'tiers',
  ]);
  if (!o) return { ok: false, errors: c.errors };
  const basis =
    o.basis === 'points' || o.basis === 'spend' || o.basis === 'visits'
      ? o.basis
      : c.err('basis', 'must be "points", "spend" or "visits"');
  const window = windowOf(c, o.window, 'window');
  const exclusions = matcher(c, o.exclusions ?? {}, 'exclusions');
  const holdPeriods = int(c, o.holdPeriods ?? 1, 'holdPeriods', 0, TIER_LIMITS.maxHoldPeriods);
  const downgrade =
    o.downgrade === undefined || o.downgrade === 'one_step' || o.downgrade === 'recompute'
      ? ((o.downgrade ?? 'one_step') as TierProgram['downgrade'])
      : c.err('downgrade', 'must be "one_step" or "recompute"');
  const graceDays = int(c, o.graceDays ?? 0, 'graceDays', 0, TIER_LIMITS.maxGraceDays);
  const returnsCanDowngrade = bool(c, o.returnsCanDowngrade ?? false, 'returnsCanDowngrade');
  let tiers: Tier[] | undefined;
  if (!Array.isArray(o.tiers)) c.err('tiers', 'must be an array');
  else if (o.tiers.length < 1 || o.tiers.length > TIER_LIMITS.tiers)
    c.err('tiers', `must have 1 to ${TIER_LIMITS.tiers} tiers`);
  else {
    const list = o.tiers.map((t, i) => tier(c, t, join('tiers', i)));
    if (list.every((t): t is Tier => t !== undefined)) {
      tiers = list;
      const seen = new Set<string>();
      list.forEach((t, i) => {
        if (seen.has(t.id)) c.err(`tiers[${i}].id`, `duplicate id "${t.id}"`);
        seen.add(t.id);
        if (i === 0 && (t.reach !== 0 || t.keep !== 0))
          c.err('tiers[0]', 'the base tier must have reach 0 and keep 0');
        if (i > 0 && t.reach <= list[i - 1].reach)
          c.err(`tiers[${i}].reach`, `must be above the reach of "${list[i - 1].id}"`);
      });
    }
  }
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    value: {
      basis: basis!,
      window: window!,
      exclusions: exclusions!,
      holdPeriods: holdPeriods!,
      downgrade: downgrade!,
      graceDays: graceDays!,
      returnsCanDowngrade: returnsCanDowngrade!,
      tiers: tiers!,
    },
  };
}

/**
 * Checks that `next` can follow `previous` as a new version: every tier of the
 * previous version keeps its id and relative order (tiers may be added in
 * between or above), so that a member's tier means the same after the change.
 * Combine with validateTierProgram(next) and an effectiveFrom not in the past.
 */
export function validateProgramChange(previous: TierProgram, next: TierProgram): ValidationIssue[] {
  const c = new Ctx();
  const ids = next.tiers.map((t) => t.id);
  let last = -1;
  previous.tiers.forEach((t) => {
    const at = ids.indexOf(t.id);
    if (at < 0)
      c.err('tiers', `tier "${t.id}" of the previous version is missing (tiers can be added, not removed)`);
    else if (at < last) c.err('tiers', `tier "${t.id}" changed its order relative to the other tiers`);
    else last = at;
  });
  if (next.tiers[0]?.id !== previous.tiers[0]?.id)
    c.err('tiers[0].id', `the base tier must stay "${previous.tiers[0]?.id}"`);
  return c.errors;
}

/** Checks an effectiveFrom for a new version: a valid instant, not before `now`, after every existing version. */
export function validateEffectiveFrom(
  effectiveFrom: unknown,
  now: string | Date,
  existing: { effectiveFrom: string | Date }[],
): ValidationIssue[] {
  const c = new Ctx();
  const t = typeof effectiveFrom === 'string' ? Date.parse(effectiveFrom) : NaN;
  if (typeof effectiveFrom !== 'string' || !/(Z|[+-]\d{2}:\d{2})$/.test(effectiveFrom) || !Number.isFinite(t))
    c.err('effectiveFrom', 'must be an ISO 8601 date-time with an offset');
  else if (t < new Date(now).getTime())
    c.err('effectiveFrom', 'must not be in the past (versions are never backdated)');
  else if (existing.some((v) => new Date(v.effectiveFrom).getTime() >= t))
    c.err('effectiveFrom', 'must be after the start of every existing version');
  return c.errors;
}

function access(c: Ctx, v: unknown, path: string): ClubAccess | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'open') return obj(c, v, path, ['kind']) ? { kind } : undefined;
  if (kind === 'paid') {
    const o = obj(c, v, path, ['kind', 'fee', 'termMonths']);
    if (!o) return undefined;
    const fee = int(c, o.fee, join(path, 'fee'), 1, TIER_LIMITS.maxFee);
    const termMonths = int(c, o.termMonths ?? 12, join(path, 'termMonths'), 1, TIER_LIMITS.maxTermMonths);
    return fee === undefined || termMonths === undefined ? undefined : { kind, fee, termMonths };
  }
  if (kind === 'invitation') {
    const o = obj(c, v, path, ['kind', 'inviteValidDays']);
    const days =
      o && int(c, o.inviteValidDays ?? 30, join(path, 'inviteValidDays'), 1, TIER_LIMITS.maxInviteDays);
    return days === undefined ? undefined : { kind, inviteValidDays: days };
  }
  return c.err(join(path, 'kind'), 'must be "open", "paid" or "invitation"');
}

/** Validates a members-only club definition. */
export function validateClub(x: unknown): ValidationResult<ClubDefinition> {
  const c = new Ctx();
  const o = obj(c, x, '', ['id', 'name', 'access', 'benefits']);
  if (!o) return { ok: false, errors: c.errors };
  const i = id(c, o.id, 'id');
  const name = str(c, o.name, 'name', TIER_LIMITS.nameLength);
  const a = access(c, o.access, 'access');
  const b = benefits(c, o.benefits, 'benefits');
  if (c.errors.length > 0 || i === undefined || name === undefined || !a || !b)
    return { ok: false, errors: c.errors };
  return { ok: true, value: { id: i, name, access: a, benefits: b } };
}
