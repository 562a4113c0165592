/**
 * The tier engine: a member's events -> tier state, history and bonuses.
 *
 * One state machine serves both uses: `applyTierEvent` is the incremental step
 * the app runs for a new event (state + event -> new state + transitions), and
 * `tierTimeline` is the full recompute (a fold of the same step over the
 * events in the order they were recorded). Timers (the member joining the
 * program, a new program version, a review, a manual status expiring) fire in
 * `advanceTierState`, also called before each event. Pure: nothing is
 * mutated, nothing reads the clock.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { isValidTimeZone, lineMatches } from '@regulars/rules';
import { Calendar, localDate } from './periods';
import type {
  BonusIntent,
  EarnedStatus,
  PurchaseRecord,
  StepResult,
  TierContext,
  TierEvent,
  TierProgram,
  TierState,
  TierTransition,
  TransitionReason,
  ValidationIssue,
} from './types';

interface PreparedVersion {
  version: number;
  from: number;
  program: TierProgram;
  cal: Calendar;
}

/** A TierContext parsed once: versions sorted by (effectiveFrom, version). */
export interface PreparedContext {
  memberId: string;
  sinceMs: number;
  timeZone: string;
  versions: PreparedVersion[];
  /** When the member enters the program: max(memberSince, first version's start); null without versions. */
  joinMs: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (s: string): number => Date.parse(s);

/** 1970-01-01 .. 9999-12-31: the range in which stored ISO strings sort in time order. */
const MAX_INSTANT = 253_402_300_799_999;

function parseInstant(v: unknown, path: string, errors: ValidationIssue[]): number {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) errors.push({ path, message: 'must be a valid ISO 8601 instant' });
  else if (t < 0 || t > MAX_INSTANT) errors.push({ path, message: 'must be between 1970 and 9999' });
  return t;
}

function invalid(message: string, errors: ValidationIssue[]): never {
  throw new DomainError(ErrorCode.VALIDATION_FAILED, message, { errors });
}

function unprocessable(message: string, details: Record<string, unknown>): never {
  throw new DomainError(ErrorCode.UNPROCESSABLE, message, details);
}

export function prepareContext(ctx: TierContext | PreparedContext): PreparedContext {
  if ('joinMs' in ctx) return ctx;
  const errors: ValidationIssue[] = [];
  if (typeof ctx.memberId !== 'string' || ctx.memberId.length === 0)
    errors.push({ path: 'memberId', message: 'must be a non-empty string' });
  if (typeof ctx.timeZone !== 'string' || !isValidTimeZone(ctx.timeZone))
    errors.push({ path: 'timeZone', message: 'must be an IANA time zone' });
  const sinceMs = parseInstant(ctx.memberSince, 'memberSince', errors);
  const versions = (Array.isArray(ctx.versions) ? ctx.versions : []).map((v, i) => ({
    version: v.version,
    from: parseInstant(v.effectiveFrom, `versions[${i}].effectiveFrom`, errors),
    program: v.program,
  }));
  if (errors.length > 0) invalid('invalid tier context', errors);
  const since = localDate(sinceMs, ctx.timeZone);
  const sorted = versions
    .map((v) => ({ ...v, cal: new Calendar(v.program.window, ctx.timeZone, since) }))
    .sort((a, b) => a.from - b.from || a.version - b.version);
  return {
    memberId: ctx.memberId,
    sinceMs,
    timeZone: ctx.timeZone,
    versions: sorted,
    joinMs: sorted.length === 0 ? null : Math.max(sinceMs, sorted[0].from),
  };
}

/** The version in force at `t` (latest start <= t, highest version on a tie); null before the first. */
export function versionAt(c: PreparedContext, t: number): PreparedVersion | null {
  let best: PreparedVersion | null = null;
  for (const v of c.versions) {
    if (v.from > t) break;
    best = v;
  }
  return best;
}

export function initialTierState(memberId: string): TierState {
  return {
    memberId,
    asOf: null,
    earned: null,
    fallback: null,
    manual: [],
    effective: null,
    bonusesPaid: null,
    purchases: [],
    pointsEvents: [],
  };
}

/**
 * Qualifying progress in [from, to) for a basis, returns applied. Stored
 * instants are all `toISOString()` output, whose string order is time order,
 * so the bounds are compared as strings (no parsing per record).
 */
export function progressBetween(s: TierState, basis: TierProgram['basis'], from: number, to: number): number {
  const lo = iso(from);
  const hi = to === Infinity ? null : iso(to);
  let m = 0;
  for (const p of s.purchases) {
    if (p.at < lo || (hi !== null && p.at >= hi)) continue;
    m += basis === 'spend' ? p.spend : basis === 'points' ? p.points : p.visits;
  }
  if (basis === 'points') {
    for (const e of s.pointsEvents) if (e.at >= lo && (hi === null || e.at < hi)) m += e.points;
  }
  return m;
}

export function rankOf(p: TierProgram, tierId: string | null | undefined): number {
  return tierId == null ? -1 : p.tiers.findIndex((t) => t.id === tierId);
}

function reachRank(p: TierProgram, progress: number): number {
  let r = 0;
  for (let i = 1; i < p.tiers.length; i++) if (p.tiers[i].reach <= progress) r = i;
  return r;
}

/** Progress in the window current at `t` under version `v`. */
export function currentProgress(s: TierState, v: PreparedVersion, t: number): number {
  return progressBetween(s, v.program.basis, v.cal.windowStart(t), Infinity);
}

/** The instant of the next timer of a state (Infinity when none): joining, a new version, a review, a manual status expiring. */
export function nextTimer(c: PreparedContext, s: TierState): number {
  const asOf = s.asOf === null ? -Infinity : ms(s.asOf);
  let next = Infinity;
  if (!s.earned) next = c.joinMs ?? Infinity;
  else {
    for (const v of c.versions) if (v.from > asOf && v.from < next) next = v.from;
    if (s.earned.reviewAt !== null) next = Math.min(next, ms(s.earned.reviewAt));
  }
  for (const m of s.manual) next = Math.min(next, ms(m.until));
  return next;
}

/** One step's working set: a private copy of the state plus what it produced. */
class Step {
  readonly transitions: TierTransition[] = [];
  readonly bonuses: BonusIntent[] = [];
  constructor(
    readonly c: PreparedContext,
    readonly s: TierState,
  ) {}

  version(t: number): PreparedVersion {
    const v = versionAt(this.c, t);
    // Only called after the member joined, which is never before the first version.
    if (!v) throw new Error('no program version in force');
    return v;
  }

  effectiveAt(t: number): string | null {
    const s = this.s;
    if (!s.earned) return null;
    const p = this.version(t).program;
    let best = rankOf(p, s.earned.tierId);
    for (const m of s.manual) if (ms(m.until) > t) best = Math.max(best, rankOf(p, m.tierId));
    return best < 0 ? null : p.tiers[best].id;
  }

  /** Records a history entry when the held tier changed (or a kept tier was renewed). */
  sync(t: number, reason: TransitionReason): void {
    const s = this.s;
    const eff = this.effectiveAt(t);
    if (eff === null) return;
    const before = s.effective?.tierId ?? null;
    const kept = reason === 'kept' && eff === before && eff === s.earned?.tierId;
    if (eff === before && !kept) return;
    const at = iso(t);
    this.transitions.push({
      key: `tier:${s.memberId}:${at}:${reason}:${eff}`,
      at,
      from: before,
      to: eff,
      reason,
      programVersion: this.version(t).version,
    });
    if (eff !== before) s.effective = { tierId: eff, since: at };
  }

  join(t: number): void {
    const base = this.version(t).program.tiers[0];
    this.s.earned = { tierId: base.id, since: iso(t), until: null, reviewAt: null };
    this.sync(t, 'joined');
    this.reachCheck(t, 'reached');
  }

  /** Upgrade at once when the current progress reaches a higher tier. */
  reachCheck(t: number, reason: TransitionReason): void {
    const s = this.s;
    if (!s.earned) return;
    const v = this.version(t);
    const p = v.program;
    const r = reachRank(p, currentProgress(s, v, t));
    if (r <= rankOf(p, s.earned.tierId)) return;
    const periodKey = v.cal.periodKey(t);
    if (!s.fallback || s.fallback.periodKey !== periodKey) s.fallback = { ...s.earned, periodKey };
    const until = v.cal.periodEnd(t, p.holdPeriods);
    const tier = p.tiers[r];
    s.earned = {
      tierId: tier.id,
      since: iso(t),
      until: iso(until),
      reviewAt: iso(v.cal.reviewAt(until, p.graceDays)),
    };
    this.sync(t, reason);
    if (tier.benefits.reachBonusPoints > 0) {
      if (!s.bonusesPaid || s.bonusesPaid.periodKey !== periodKey) s.bonusesPaid = { periodKey, tierIds: [] };
      if (!s.bonusesPaid.tierIds.includes(tier.id)) {
        s.bonusesPaid.tierIds.push(tier.id);
        this.bonuses.push({
          key: `tier-reach:${s.memberId}:${tier.id}:${periodKey}`,
          kind: 'tier_reach',
          tierId: tier.id,
          points: tier.benefits.reachBonusPoints,
          at: iso(t),
          programVersion: v.version,
          reason: `${tier.name} reached`,
        });
      }
    }
  }

  /** The review of the held tier due at `due`, carried out at `now` (>= due). */
  review(due: number, now: number): void {
    const s = this.s;
    const earned = s.earned!;
    const v = this.version(due);
    const p = v.program;
    const w = v.cal.reviewWindow(ms(earned.until!), due);
    const progress = progressBetween(s, p.basis, w.from, w.to);
    const i = rankOf(p, earned.tierId);
    let j: number;
    if (p.downgrade === 'one_step') j = progress >= p.tiers[i].keep ? i : i - 1;
    else {
      j = 0;
      for (let k = i; k > 0; k--)
        if (progress >= p.tiers[k].keep) {
          j = k;
          break;
        }
    }
    if (j === 0) s.earned = { tierId: p.tiers[0].id, since: iso(now), until: null, reviewAt: null };
    else {
      const until = v.cal.periodEnd(due);
      s.earned = {
        tierId: p.tiers[j].id,
        since: j === i ? earned.since : iso(now),
        until: iso(until),
        reviewAt: iso(v.cal.reviewAt(until, p.graceDays)),
      };
    }
    s.fallback = null;
    this.sync(now, j === i ? 'kept' : 'downgraded');
    this.reachCheck(now, 'reached');
  }

  /** With returnsCanDowngrade: a return can take away a tier reached in the current period. */
  returnCheck(t: number): void {
    const s = this.s;
    if (!s.fallback || !s.earned) return;
    const v = this.version(t);
    const p = v.program;
    if (!p.returnsCanDowngrade) return;
    if (s.fallback.periodKey !== v.cal.periodKey(t)) return;
    const r = reachRank(p, currentProgress(s, v, t));
    if (r >= rankOf(p, s.earned.tierId)) return;
    const fb = s.fallback;
    if (r <= rankOf(p, fb.tierId)) {
      s.earned = { tierId: fb.tierId, since: iso(t), until: fb.until, reviewAt: fb.reviewAt };
      s.fallback = null;
      this.sync(t, 'returned');
      // The restored status may have been due for its review while the upgrade stood.
      while (s.earned.reviewAt !== null && ms(s.earned.reviewAt) <= t) this.review(ms(s.earned.reviewAt), t);
    } else {
      s.earned = { ...s.earned, tierId: p.tiers[r].id, since: iso(t) };
      this.sync(t, 'returned');
    }
  }

  /** Fires every timer at or before `to`, in time order. */
  advance(to: number): void {
    const s = this.s;
    const c = this.c;
    for (;;) {
      const next = nextTimer(c, s);
      if (next > to) break;
      const t = next;
      if (!s.earned && c.joinMs === t) this.join(t);
      else if (c.versions.some((v) => v.from === t)) this.reachCheck(t, 'program_changed');
      if (s.earned?.reviewAt !== null && s.earned?.reviewAt !== undefined && ms(s.earned.reviewAt) === t)
        this.review(t, t);
      if (s.manual.some((m) => ms(m.until) <= t)) {
        s.manual = s.manual.filter((m) => ms(m.until) > t);
        this.sync(t, 'manual_ended');
      }
      s.asOf = iso(t);
    }
    if (s.asOf === null || ms(s.asOf) < to) s.asOf = iso(to);
  }

  apply(e: TierEvent): void {
    const s = this.s;
    const errors: ValidationIssue[] = [];
    const at = parseInstant(e?.at, 'at', errors);
    const recorded = e?.recordedAt === undefined ? at : parseInstant(e.recordedAt, 'recordedAt', errors);
    if (typeof e?.id !== 'string' || e.id.length === 0)
      errors.push({ path: 'id', message: 'must be a non-empty string' });
    if (errors.length === 0 && recorded < at)
      errors.push({ path: 'recordedAt', message: 'must not be before at' });
    if (errors.length > 0) invalid('invalid tier event', errors);
    if (s.asOf !== null && recorded < ms(s.asOf))
      unprocessable('events must be applied in the order they were recorded', {
        eventId: e.id,
        asOf: s.asOf,
      });
    this.advance(recorded);
    switch (e.kind) {
      case 'purchase':
        this.purchase(e, at);
        this.reachCheck(recorded, 'reached');
        return;
      case 'return':
        this.return(e);
        this.returnCheck(recorded);
        return;
      case 'points':
        if (!Number.isSafeInteger(e.points) || e.points < 1)
          invalid('invalid tier event', [{ path: 'points', message: 'must be a positive integer' }]);
        if (s.pointsEvents.some((p) => p.id === e.id)) unprocessable('duplicate event id', { eventId: e.id });
        s.pointsEvents.push({ id: e.id, at: iso(at), points: e.points });
        this.reachCheck(recorded, 'reached');
        return;
      case 'manual': {
        const until = parseInstant(e.until, 'until', errors);
        if (typeof e.tierId !== 'string' || e.tierId.length === 0)
          errors.push({ path: 'tierId', message: 'must be a tier id' });
        if (typeof e.reason !== 'string' || e.reason.trim().length === 0)
          errors.push({ path: 'reason', message: 'must be given' });
        if (errors.length === 0 && until <= recorded)
          errors.push({ path: 'until', message: 'must be in the future' });
        if (errors.length > 0) invalid('invalid manual status', errors);
        s.manual = s.manual.filter((m) => m.id !== e.id);
        s.manual.push({
          id: e.id,
          tierId: e.tierId,
          reason: e.reason,
          from: iso(recorded),
          until: iso(until),
          ...(e.setBy === undefined ? {} : { setBy: e.setBy }),
        });
        this.sync(recorded, 'manual');
        return;
      }
      case 'manual_end':
        s.manual = s.manual.filter((m) => m.id !== e.manualId);
        this.sync(recorded, 'manual_ended');
        return;
      default:
        invalid('invalid tier event', [
          { path: 'kind', message: 'must be purchase, return, points, manual or manual_end' },
        ]);
    }
  }

  private purchase(e: Extract<TierEvent, { kind: 'purchase' }>, at: number): void {
    const s = this.s;
    const errors: ValidationIssue[] = [];
    if (!Array.isArray(e.lines))
      invalid('invalid purchase', [{ path: 'lines', message: 'must be an array' }]);
    const ids = new Set<string>();
    e.lines.forEach((l, i) => {
      const p = `lines[${i}]`;
      if (typeof l?.lineId !== 'string' || l.lineId.length === 0 || ids.has(l.lineId))
        errors.push({ path: `${p}.lineId`, message: 'must be a unique non-empty string' });
      else ids.add(l.lineId);
      if (!Number.isSafeInteger(l?.quantity) || l.quantity < 1)
        errors.push({ path: `${p}.quantity`, message: 'must be a positive integer' });
      if (!Number.isSafeInteger(l?.amount) || l.amount < 0)
        errors.push({ path: `${p}.amount`, message: 'must be a non-negative integer (minor units)' });
      if (l?.points !== undefined && (!Number.isSafeInteger(l.points) || l.points < 0))
        errors.push({ path: `${p}.points`, message: 'must be a non-negative integer' });
    });
    if (errors.length > 0) invalid('invalid purchase', errors);
    if (s.purchases.some((p) => p.id === e.id)) unprocessable('duplicate event id', { eventId: e.id });
    const v = versionAt(this.c, at) ?? this.c.versions[0] ?? null;
    const rec: PurchaseRecord = {
      id: e.id,
      at: iso(at),
      version: v?.version ?? 0,
      lines: e.lines.map((l) => ({
        lineId: l.lineId,
        quantity: l.quantity,
        amount: l.amount,
        points: l.points ?? 0,
        excluded: v !== null && lineMatches(v.program.exclusions, l),
        returnedQuantity: 0,
        returnedAmount: 0,
        returnedPoints: 0,
      })),
      returnIds: [],
      spend: 0,
      points: 0,
      visits: 0,
    };
    net(rec);
    s.purchases.push(rec);
  }

  private return(e: Extract<TierEvent, { kind: 'return' }>): void {
    const s = this.s;
    const idx = s.purchases.findIndex((p) => p.id === e.purchaseId);
    if (idx < 0) unprocessable('return of an unknown purchase', { eventId: e.id, purchaseId: e.purchaseId });
    if (!Array.isArray(e.lines)) invalid('invalid return', [{ path: 'lines', message: 'must be an array' }]);
    if (s.purchases[idx].returnIds.includes(e.id)) unprocessable('duplicate event id', { eventId: e.id });
    const rec: PurchaseRecord = {
      ...s.purchases[idx],
      lines: s.purchases[idx].lines.map((l) => ({ ...l })),
      returnIds: [...s.purchases[idx].returnIds, e.id],
    };
    const errors: ValidationIssue[] = [];
    e.lines.forEach((r, i) => {
      const p = `lines[${i}]`;
      const line = rec.lines.find((l) => l.lineId === r?.lineId);
      if (!line) return errors.push({ path: `${p}.lineId`, message: 'is not a line of the purchase' });
      const pts = r.points ?? 0;
      if (!Number.isSafeInteger(r.quantity) || r.quantity < 1)
        return errors.push({ path: `${p}.quantity`, message: 'must be a positive integer' });
      if (!Number.isSafeInteger(r.amount) || r.amount < 0 || !Number.isSafeInteger(pts) || pts < 0)
        return errors.push({ path: p, message: 'amount and points must be non-negative integers' });
      line.returnedQuantity += r.quantity;
      line.returnedAmount += r.amount;
      line.returnedPoints += pts;
      if (
        line.returnedQuantity > line.quantity ||
        line.returnedAmount > line.amount ||
        line.returnedPoints > line.points
      )
        errors.push({ path: p, message: 'returns more than was bought on this line' });
    });
    if (errors.length > 0) invalid('invalid return', errors);
    net(rec);
    s.purchases[idx] = rec;
  }
}

/** Net qualifying contribution of a purchase after its returns. */
function net(rec: PurchaseRecord): void {
  let spend = 0;
  let points = 0;
  let visit: 0 | 1 = 0;
  for (const l of rec.lines) {
    if (l.excluded) continue;
    spend += l.amount - l.returnedAmount;
    points += l.points - l.returnedPoints;
    if (l.returnedQuantity < l.quantity) visit = 1;
  }
  rec.spend = spend;
  rec.points = points;
  rec.visits = visit;
}

/**
 * The step's private copy: arrays and the one object mutated in place are
 * copied, records are shared (a step replaces a record instead of changing it).
 */
function copy(s: TierState): TierState {
  return {
    ...s,
    manual: [...s.manual],
    bonusesPaid: s.bonusesPaid && { periodKey: s.bonusesPaid.periodKey, tierIds: [...s.bonusesPaid.tierIds] },
    purchases: [...s.purchases],
    pointsEvents: [...s.pointsEvents],
  };
}

/** Fires the timers due at or before `to` (joining, new versions, reviews, manual status expiring). */
export function advanceTierState(
  ctx: TierContext | PreparedContext,
  state: TierState,
  to: string | Date,
): StepResult {
  const c = prepareContext(ctx);
  const errors: ValidationIssue[] = [];
  const t = parseInstant(to, 'to', errors);
  if (errors.length > 0) invalid('invalid instant', errors);
  const step = new Step(c, copy(state));
  if (state.asOf === null || t > ms(state.asOf)) step.advance(t);
  return { state: step.s, transitions: step.transitions, bonuses: step.bonuses };
}

/** The incremental step: the state after one more event, with the transitions and bonuses it caused. */
export function applyTierEvent(
  ctx: TierContext | PreparedContext,
  state: TierState,
  event: TierEvent,
): StepResult {
  const c = prepareContext(ctx);
  const step = new Step(c, copy(state));
  step.apply(event);
  return { state: step.s, transitions: step.transitions, bonuses: step.bonuses };
}

export function processingTime(e: TierEvent): number {
  const r = e.recordedAt ?? e.at;
  return r instanceof Date ? r.getTime() : Date.parse(r);
}

export interface TierTimeline {
  memberId: string;
  asOf: string;
  /** The tier the member holds now (earned or manual floor, whichever is higher); null before the program. */
  tier: { id: string; name: string } | null;
  since: string | null;
  /** When the current tier ends unless kept or renewed (exclusive); null = open-ended (base tier). */
  until: string | null;
  /** When the earned tier is reviewed (until + grace days). */
  reviewAt: string | null;
  earned: EarnedStatus | null;
  manual: TierState['manual'];
  history: TierTransition[];
  /** Every reach bonus earned; post each idempotently by key. */
  bonuses: BonusIntent[];
  state: TierState;
}

/** Summary of a state at its asOf: tier, since, until (see TierTimeline). */
export function summarise(
  ctx: TierContext | PreparedContext,
  state: TierState,
): Pick<TierTimeline, 'tier' | 'since' | 'until' | 'reviewAt' | 'earned' | 'manual'> {
  const c = prepareContext(ctx);
  const eff = state.effective;
  const v = state.asOf === null ? null : versionAt(c, ms(state.asOf));
  if (!eff || !v || !state.earned) {
    return {
      tier: null,
      since: null,
      until: null,
      reviewAt: null,
      earned: state.earned,
      manual: state.manual,
    };
  }
  const p = v.program;
  const effRank = rankOf(p, eff.tierId);
  const tier = p.tiers[effRank];
  let until = -Infinity;
  let open = false;
  if (rankOf(p, state.earned.tierId) === effRank) {
    if (state.earned.until === null) open = true;
    else until = ms(state.earned.until);
  }
  for (const m of state.manual) if (rankOf(p, m.tierId) >= effRank) until = Math.max(until, ms(m.until));
  return {
    tier: { id: tier.id, name: tier.name },
    since: eff.since,
    until: open || until === -Infinity ? null : iso(until),
    reviewAt: state.earned.reviewAt,
    earned: state.earned,
    manual: state.manual,
  };
}

/**
 * The full recompute: the member's tier timeline from all their events,
 * evaluated up to `at`. Events are applied in the order they were recorded
 * (recordedAt ?? at; ties keep the input order); events recorded after `at`
 * are ignored.
 */
export function tierTimeline(ctx: TierContext, events: TierEvent[], at: string | Date): TierTimeline {
  const c = prepareContext(ctx);
  const errors: ValidationIssue[] = [];
  const end = parseInstant(at, 'at', errors);
  if (errors.length > 0) invalid('invalid instant', errors);
  const ordered = events
    .map((e, i) => ({ e, i, t: processingTime(e) }))
    .filter((x) => !(x.t > end))
    .sort((a, b) => a.t - b.t || a.i - b.i);
  const step = new Step(c, initialTierState(c.memberId));
  for (const { e } of ordered) step.apply(e);
  step.advance(end);
  return {
    memberId: c.memberId,
    asOf: step.s.asOf!,
    ...summarise(c, step.s),
    history: step.transitions,
    bonuses: step.bonuses,
    state: step.s,
  };
}

/** The tier held at an instant, read from a history (null before the first entry). */
export function tierAt(history: TierTransition[], at: string | Date): string | null {
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  let tier: string | null = null;
  for (const h of history) {
    if (ms(h.at) > t) break;
    tier = h.to;
  }
  return tier;
}

/**
 * For the verify check: the top-level fields in which a stored state differs
 * from a recompute (tierTimeline(...).state at the same asOf); empty = equal.
 */
export function tierStateDiff(stored: TierState, recomputed: TierState): (keyof TierState)[] {
  const keys = new Set([...Object.keys(stored), ...Object.keys(recomputed)] as (keyof TierState)[]);
  return [...keys].filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(recomputed[k])).sort();
}
