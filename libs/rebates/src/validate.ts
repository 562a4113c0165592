/**
 * Validation of agreements, terms and new versions coming from the API.
 * Strict: unknown keys are errors, every number is a bounded integer, every
 * problem is reported with its path. Optional fields get their defaults so
 * stored values are always complete.
 */
import { isValidTimeZone } from '@regulars/rules';
import { toInstant } from '@regulars/rules/time';
import { localDateOf, parseLocalDate, startOfLocalDate } from './period';
import { scaledRebate } from './brackets';
import type {
  AgreementVersion,
  Assignment,
  Basis,
  Bracket,
  BracketValue,
  PayoutKind,
  PeriodRule,
  RebateAgreement,
  RebateMode,
  RebateTerms,
  RoundingMode,
  Scope,
  SettlementSchedule,
  ValidationResult,
} from './types';
import {
  Issues as Ctx,
  join,
  obj,
  int,
  str,
  oneOf,
  type Obj,
  arr as checkArr,
  id as checkId,
} from '@regulars/core/checks';

export const REBATE_LIMITS = {
  idLength: 64,
  codeLength: 100,
  scopeEntries: 1000,
  brackets: 50,
  customPeriods: 100,
  groupCompanies: 100,
  /** Largest threshold / minimum volume: 10^13 minor units (100 billion in a 2-decimal currency) or units. */
  maxVolume: 10_000_000_000_000,
  /** Largest rate: 100 %. */
  maxRateBp: 10_000,
  /** Largest fixed amount and cap (minor units). */
  maxAmount: 10_000_000_000_000,
  /** Largest amount per unit of quantity (minor units). */
  maxPerUnit: 1_000_000_000,
} as const;

const BASES: readonly Basis[] = ['net_amount', 'quantity'];
const MODES: readonly RebateMode[] = ['retroactive', 'incremental'];
const PAYOUTS: readonly PayoutKind[] = ['store_credit', 'credit_note', 'cash'];
export const SCHEDULES: readonly SettlementSchedule[] = [
  'manual',
  'final',
  'half_yearly',
  'quarterly',
  'monthly',
];
const ROUNDINGS: readonly RoundingMode[] = ['round_half_up', 'floor', 'ceil'];

/** The rounding used when the terms do not name one. */
export const DEFAULT_ROUNDING: RoundingMode = 'round_half_up';

const arr = (c: Ctx, v: unknown, path: string, min: number, max: number) => checkArr(c, v, path, max, min);

function date(c: Ctx, v: unknown, path: string): string | undefined {
  if (!parseLocalDate(v)) return c.err(path, 'must be a calendar date YYYY-MM-DD');
  return v as string;
}

function codes(c: Ctx, v: unknown, path: string): string[] | undefined {
  const a = arr(c, v ?? [], path, 0, REBATE_LIMITS.scopeEntries);
  if (!a) return undefined;
  const out: string[] = [];
  let ok = true;
  a.forEach((x, i) => {
    const s = str(c, x, join(path, i), REBATE_LIMITS.codeLength);
    if (s === undefined) ok = false;
    else out.push(s);
  });
  return ok ? out : undefined;
}

function period(c: Ctx, v: unknown, path: string): PeriodRule | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'calendar_year') {
    return obj(c, v, path, ['kind']) && { kind };
  }
  if (kind === 'agreement_year') {
    const o = obj(c, v, path, ['kind', 'start']);
    const start = o && date(c, o.start, join(path, 'start'));
    return start === undefined ? undefined : { kind, start };
  }
  if (kind === 'custom') {
    const o = obj(c, v, path, ['kind', 'periods']);
    const a = o && arr(c, o.periods, join(path, 'periods'), 1, REBATE_LIMITS.customPeriods);
    if (!a) return undefined;
    const out: { from: string; to: string }[] = [];
    let ok = true;
    let prevTo: string | undefined;
    a.forEach((x, i) => {
      const p = join(join(path, 'periods'), i);
      const po = obj(c, x, p, ['from', 'to']);
      const from = po && date(c, po.from, join(p, 'from'));
      const to = po && date(c, po.to, join(p, 'to'));
      if (from === undefined || to === undefined) {
        ok = false;
        prevTo = undefined;
        return;
      }
      // YYYY-MM-DD strings compare like the dates they name.
      if (to < from) ok = !!c.err(join(p, 'to'), 'must not be before from');
      else if (prevTo !== undefined && from <= prevTo) {
        ok = !!c.err(join(p, 'from'), `must be after the previous period's end (${prevTo})`);
      }
      prevTo = to;
      out.push({ from, to });
    });
    return ok ? { kind, periods: out } : undefined;
  }
  return c.err(join(path, 'kind'), 'must be one of "calendar_year", "agreement_year", "custom"');
}

function assignment(c: Ctx, v: unknown, path: string): Assignment | undefined {
  const kind = (v as Obj | null)?.kind;
  const companyId = (x: unknown, p: string) => checkId(c, x, p, REBATE_LIMITS.idLength);
  if (kind === 'company') {
    const o = obj(c, v, path, ['kind', 'companyId']);
    const id = o && companyId(o.companyId, join(path, 'companyId'));
    return id === undefined ? undefined : { kind, companyId: id };
  }
  if (kind === 'group') {
    const o = obj(c, v, path, ['kind', 'companyIds']);
    const a = o && arr(c, o.companyIds, join(path, 'companyIds'), 2, REBATE_LIMITS.groupCompanies);
    if (!a) return undefined;
    const ids: string[] = [];
    let ok = true;
    a.forEach((x, i) => {
      const p = join(join(path, 'companyIds'), i);
      const id = companyId(x, p);
      if (id === undefined) ok = false;
      else if (ids.includes(id)) ok = !!c.err(p, `duplicate company "${id}"`);
      else ids.push(id);
    });
    return ok ? { kind, companyIds: ids } : undefined;
  }
  return c.err(join(path, 'kind'), 'must be one of "company", "group"');
}

/** Validates the agreement-level settings (fixed for the agreement's life). */
export function validateAgreement(x: unknown): ValidationResult<RebateAgreement> {
  const c = new Ctx();
  const o = obj(c, x, '', ['period', 'basis', 'payout', 'assignment', 'schedule']);
  if (!o) return { ok: false, errors: c.errors };
  const p = period(c, o.period, 'period');
  const basis = oneOf(c, o.basis, 'basis', BASES);
  const payout = oneOf(c, o.payout, 'payout', PAYOUTS);
  const a = assignment(c, o.assignment, 'assignment');
  const schedule = o.schedule === undefined ? 'manual' : oneOf(c, o.schedule, 'schedule', SCHEDULES);
  if (c.errors.length > 0 || !p || !basis || !payout || !a || !schedule)
    return { ok: false, errors: c.errors };
  return { ok: true, value: { period: p, basis, payout, assignment: a, schedule } };
}

function scope(c: Ctx, v: unknown, path: string): Scope | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'all') return obj(c, v, path, ['kind']) && { kind };
  if (kind === 'include' || kind === 'exclude') {
    const o = obj(c, v, path, ['kind', 'skus', 'categories']);
    if (!o) return undefined;
    const skus = codes(c, o.skus, join(path, 'skus'));
    const categories = codes(c, o.categories, join(path, 'categories'));
    if (!skus || !categories) return undefined;
    if (skus.length + categories.length === 0) return c.err(path, 'must list at least one sku or category');
    return { kind, skus, categories };
  }
  return c.err(join(path, 'kind'), 'must be one of "all", "include", "exclude"');
}

function bracketValue(c: Ctx, v: unknown, path: string, basis: Basis): BracketValue | undefined {
  const kind = (v as Obj | null)?.kind;
  if (kind === 'rate') {
    if (basis !== 'net_amount')
      return c.err(join(path, 'kind'), 'a rate needs the net_amount basis (use per_unit)');
    const o = obj(c, v, path, ['kind', 'rateBp']);
    const rateBp = o && int(c, o.rateBp, join(path, 'rateBp'), 0, REBATE_LIMITS.maxRateBp);
    return rateBp === undefined ? undefined : { kind, rateBp };
  }
  if (kind === 'per_unit') {
    if (basis !== 'quantity')
      return c.err(join(path, 'kind'), 'per_unit needs the quantity basis (use rate)');
    const o = obj(c, v, path, ['kind', 'amount']);
    const amount = o && int(c, o.amount, join(path, 'amount'), 0, REBATE_LIMITS.maxPerUnit);
    return amount === undefined ? undefined : { kind, amount };
  }
  if (kind === 'fixed') {
    const o = obj(c, v, path, ['kind', 'amount']);
    const amount = o && int(c, o.amount, join(path, 'amount'), 0, REBATE_LIMITS.maxAmount);
    return amount === undefined ? undefined : { kind, amount };
  }
  return c.err(join(path, 'kind'), 'must be one of "rate", "per_unit", "fixed"');
}

/** Validates the versioned terms of an agreement with the given basis. */
export function validateTerms(x: unknown, basis: Basis): ValidationResult<RebateTerms> {
  const c = new Ctx();
  const o = obj(c, x, '', ['mode', 'scope', 'brackets', 'minimumVolume', 'cap', 'rounding']);
  if (!o) return { ok: false, errors: c.errors };
  const mode = oneOf(c, o.mode, 'mode', MODES);
  const sc = scope(c, o.scope ?? { kind: 'all' }, 'scope');
  const minimumVolume = int(c, o.minimumVolume ?? 0, 'minimumVolume', 0, REBATE_LIMITS.maxVolume);
  const cap = o.cap === undefined || o.cap === null ? null : int(c, o.cap, 'cap', 1, REBATE_LIMITS.maxAmount);
  const rounding = oneOf(c, o.rounding ?? DEFAULT_ROUNDING, 'rounding', ROUNDINGS);
  const a = arr(c, o.brackets, 'brackets', 1, REBATE_LIMITS.brackets);
  const brackets: Bracket[] = [];
  if (a) {
    let prevThreshold: number | undefined;
    a.forEach((x, i) => {
      const p = join('brackets', i);
      const bo = obj(c, x, p, ['threshold', 'value']);
      if (!bo) return;
      const threshold = int(c, bo.threshold, join(p, 'threshold'), 0, REBATE_LIMITS.maxVolume);
      const value = bracketValue(c, bo.value, join(p, 'value'), basis);
      if (threshold !== undefined) {
        if (prevThreshold !== undefined && threshold <= prevThreshold) {
          c.err(
            join(p, 'threshold'),
            `must be greater than the previous bracket's threshold (${prevThreshold})`,
          );
        }
        prevThreshold = threshold;
      }
      if (threshold !== undefined && value) brackets.push({ threshold, value });
    });
  }
  if (c.errors.length > 0 || !mode || !sc || minimumVolume === undefined || cap === undefined || !rounding) {
    return { ok: false, errors: c.errors };
  }
  const terms: RebateTerms = { mode, scope: sc, brackets, minimumVolume, cap, rounding };
  if (mode === 'retroactive') retroactiveNeverDrops(c, terms);
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return { ok: true, value: terms };
}

/**
 * Retroactive brackets replace each other, so a later bracket could pay less
 * than the one before it at the same volume (a lower rate, a fixed amount
 * below the rate's value): buying more would lower the rebate. Refused, so
 * that the rebate is monotone in volume in both modes.
 */
function retroactiveNeverDrops(c: Ctx, terms: RebateTerms): void {
  for (let i = 1; i < terms.brackets.length; i++) {
    const t = BigInt(terms.brackets[i].threshold);
    const only = (k: number): RebateTerms => ({
      ...terms,
      minimumVolume: 0,
      cap: null,
      brackets: [{ threshold: 0, value: terms.brackets[k].value }],
    });
    const before = scaledRebate(only(i - 1), t);
    const after = scaledRebate(only(i), t);
    if (after < before) {
      c.err(
        join(join('brackets', i), 'value'),
        `retroactive: reaching this bracket must not lower the rebate (at ${terms.brackets[i].threshold} it would pay less than bracket ${i - 1})`,
      );
    }
  }
}

export interface VersionContext {
  agreement: RebateAgreement;
  /** The agreement's existing versions (empty for the first one). */
  existing: AgreementVersion[];
  /** The moment the version is created (from the injectable clock). */
  now: string | Date;
  timeZone: string;
}

/**
 * Validates a new version `{ effectiveFrom, terms }` (the first one or an
 * amendment): effectiveFrom must not be backdated (its local midnight is not
 * before `now`, so the earliest is tomorrow) and must be after every existing
 * version's date. Returns it numbered after the existing versions.
 */
export function validateVersion(x: unknown, ctx: VersionContext): ValidationResult<AgreementVersion> {
  const c = new Ctx();
  if (!isValidTimeZone(ctx.timeZone))
    return { ok: false, errors: [{ path: 'timeZone', message: 'is not an IANA time zone' }] };
  const o = obj(c, x, '', ['effectiveFrom', 'terms']);
  if (!o) return { ok: false, errors: c.errors };
  const effectiveFrom = date(c, o.effectiveFrom, 'effectiveFrom');
  if (effectiveFrom !== undefined) {
    const now = toInstant(ctx.now, 'now');
    if (startOfLocalDate(effectiveFrom, ctx.timeZone) < now) {
      c.err(
        'effectiveFrom',
        `must not be backdated: the earliest is the next local day after ${localDateOf(new Date(now), ctx.timeZone)}`,
      );
    }
    const latest = ctx.existing.reduce<string | undefined>(
      (m, v) => (m === undefined || v.effectiveFrom > m ? v.effectiveFrom : m),
      undefined,
    );
    if (latest !== undefined && effectiveFrom <= latest) {
      c.err('effectiveFrom', `must be after the latest version's date (${latest})`);
    }
  }
  const terms = validateTerms(o.terms, ctx.agreement.basis);
  if (!terms.ok)
    for (const e of terms.errors) c.err(e.path === '(root)' ? 'terms' : join('terms', e.path), e.message);
  if (c.errors.length > 0 || effectiveFrom === undefined || !terms.ok) return { ok: false, errors: c.errors };
  const version = ctx.existing.reduce((m, v) => Math.max(m, v.version), 0) + 1;
  return { ok: true, value: { version, effectiveFrom, terms: terms.value } };
}
