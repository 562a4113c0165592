/**
 * A member's tier as the counter and the member see it (tier, since, until,
 * progress, benefits), and how long such a view stays true without any new
 * event: the app stores it beside the tier state when the state is written,
 * so a scan reads it instead of advancing the state and measuring progress.
 */
import { memberBenefits } from './benefits';
import {
  advanceTierState,
  nextTimer,
  prepareContext,
  summarise,
  versionAt,
  type PreparedContext,
} from './engine';
import { addDays, dayStart, localDate } from './periods';
import { tierProgress, type ProgressItem } from './progress';
import type { TierContext, TierProgram, TierProgramVersion, TierState } from './types';

/** The tier part of a member's view, without the progress sentences (those need the business currency). */
export interface TierViewData {
  id: string;
  name: string;
  since: string | null;
  /** When the tier ends unless kept (exclusive); null: open-ended. */
  until: string | null;
  progress: ProgressItem[];
  benefits: {
    multiplierBp: number;
    rewardIds: string[];
    reachBonusPoints: number;
    birthdayBonusPoints: number;
  };
}

/** What a stored view says at any instant in [from, until). */
export interface TierViewSnapshot {
  /** The view; null: the member holds no tier (not in the program yet). */
  view: TierViewData | null;
  /** The tier the purchase multiplier uses (the effective tier; tierForPurchase). */
  effectiveTierId: string | null;
  from: string;
  until: string;
}

/**
 * The member's tier view at `at`, from a stored state (timers due by `at`
 * applied in memory; nothing is mutated). null: not in the program (yet).
 */
export function tierView(
  ctx: TierContext | PreparedContext,
  stored: TierState,
  at: string | Date,
): TierViewData | null {
  return viewOf(prepareContext(ctx), stored, at instanceof Date ? at.getTime() : Date.parse(at)).view;
}

function viewOf(
  c: PreparedContext,
  stored: TierState,
  t: number,
): { view: TierViewData | null; state: TierState } {
  const state = advanceTierState(c, stored, new Date(t)).state;
  const sum = summarise(c, state);
  const v = versionAt(c, t);
  if (!sum.tier || !v) return { view: null, state };
  const tier = v.program.tiers.find((x) => x.id === sum.tier!.id)!;
  const benefits = memberBenefits(v.program, tier.id);
  return {
    state,
    view: {
      id: tier.id,
      name: tier.name,
      since: sum.since,
      until: sum.until,
      progress: tierProgress(c, state, new Date(t)).items,
      benefits: {
        multiplierBp: benefits.multiplierBp,
        rewardIds: benefits.rewardIds,
        reachBonusPoints: tier.benefits.reachBonusPoints,
        birthdayBonusPoints: tier.benefits.birthdayBonusPoints,
      },
    },
  };
}

/**
 * The view at `at` and the interval [at, until) in which it stays exactly what
 * `tierView` gives, as long as no event is applied to the state and the program
 * versions and time zone are unchanged (see `tierViewKey`). It changes only at
 * a timer of the state (a review, a manual status ending, a new version, the
 * member joining) or when the progress window moves past something the view
 * shows (windowChange), so `until` is the earliest of those. The property test
 * (properties.spec) checks the interval against views computed inside it.
 */
export function tierViewSnapshot(
  ctx: TierContext | PreparedContext,
  stored: TierState,
  at: string | Date,
): TierViewSnapshot {
  const c = prepareContext(ctx);
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  const { view, state } = viewOf(c, stored, t);
  let until = Math.min(windowChange(c, state, t), nextTimer(c, state));
  // A version starting later changes the view then (nextTimer names only those after the state's asOf).
  for (const v of c.versions) if (v.from > t && v.from < until) until = v.from;
  return {
    view,
    effectiveTierId: state.effective?.tierId ?? null,
    from: new Date(t).toISOString(),
    // Never, as far as the state goes: the last instant stored ISO strings can name.
    until: new Date(Math.min(until, 253_402_300_799_999)).toISOString(),
  };
}

/**
 * The first instant after `t` at which the progress window moves past something
 * the view shows (Infinity: never, as far as the state goes). A period window
 * (calendar year, anniversary) and the date it names ("by 31 Dec 2026") stay
 * until the period ends. A rolling window starts a day later each local
 * midnight, which changes the progress only when its start passes the oldest
 * purchase or points event still inside it: the first such midnight, found by
 * bisection over days (the window start never moves back).
 */
function windowChange(c: PreparedContext, state: TierState, t: number): number {
  const v = versionAt(c, t);
  if (!v) return Infinity;
  if (v.program.window.kind !== 'rolling_months') return v.cal.periodEnd(t);
  const start = new Date(v.cal.windowStart(t)).toISOString();
  let oldest: string | null = null;
  for (const r of [...state.purchases, ...state.pointsEvents])
    if (r.at >= start && (oldest === null || r.at < oldest)) oldest = r.at;
  if (oldest === null) return Infinity;
  const a = Date.parse(oldest);
  const today = localDate(t, c.timeZone);
  const midnight = (k: number) => dayStart(addDays(today, k), c.timeZone);
  // The window start at the k-th midnight is past `a` for k large enough: a's day plus the window's months.
  let lo = 0;
  let hi = Math.max(1, Math.ceil((a - t) / 86_400_000)) + 31 * v.program.window.months + 3;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (v.cal.windowStart(midnight(mid)) > a) hi = mid;
    else lo = mid;
  }
  return midnight(hi);
}

/** What a stored view depends on besides the state: the time zone and every program version (number and start). */
export function tierViewKey(timeZone: string, versions: TierProgramVersion[]): string {
  const vs = versions
    .map(
      (v) =>
        `${v.version}@${v.effectiveFrom instanceof Date ? v.effectiveFrom.getTime() : Date.parse(v.effectiveFrom)}`,
    )
    .sort()
    .join(',');
  return `${timeZone}|${vs}`;
}

/** The program in force at `at`: the latest start at or before it, the higher version on a tie (versionAt). */
export function programAt(versions: TierProgramVersion[], at: string | Date): TierProgram | null {
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  let best: { from: number; v: TierProgramVersion } | null = null;
  for (const v of versions) {
    const from = v.effectiveFrom instanceof Date ? v.effectiveFrom.getTime() : Date.parse(v.effectiveFrom);
    if (from > t) continue;
    if (!best || from > best.from || (from === best.from && v.version > best.v.version)) best = { from, v };
  }
  return best?.v.program ?? null;
}
