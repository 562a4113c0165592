/**
 * Benefits of a tier and of clubs, in the shape the rest of Regulars needs:
 * the points multiplier for a purchase (as @regulars/rules promotions, so the
 * reason shows in the member's history), rewards limited to tiers or clubs,
 * and the birthday bonus.
 */
import type { Promotion } from '@regulars/rules';
import { addDays, dayStart, localDate, localDateString } from './periods';
import { advanceTierState, prepareContext, rankOf, summarise, versionAt } from './engine';
import type { ClubDefinition } from './club';
import type { Benefits, BonusIntent, TierContext, TierProgram, TierState } from './types';

export interface BenefitSource {
  kind: 'tier' | 'club';
  id: string;
  name: string;
  multiplierBp: number;
}

export interface MemberBenefits {
  /** Combined multiplier: the extras add up (x1.25 tier and x1.10 club = x1.35), they do not compound. */
  multiplierBp: number;
  sources: BenefitSource[];
  /** Rewards the member may redeem among those limited to tiers or clubs. */
  rewardIds: string[];
}

/** The benefits of holding `tierId` in `program` plus the active clubs. A tier also gets the rewards of every lower tier. */
export function memberBenefits(
  program: TierProgram | null,
  tierId: string | null,
  activeClubs: ClubDefinition[] = [],
): MemberBenefits {
  const sources: BenefitSource[] = [];
  const rewards = new Set<string>();
  const rank = program ? rankOf(program, tierId) : -1;
  if (program && rank >= 0) {
    const t = program.tiers[rank];
    sources.push({ kind: 'tier', id: t.id, name: t.name, multiplierBp: t.benefits.multiplierBp });
    for (let i = 0; i <= rank; i++) for (const r of program.tiers[i].benefits.rewardIds) rewards.add(r);
  }
  for (const c of activeClubs) {
    sources.push({ kind: 'club', id: c.id, name: c.name, multiplierBp: c.benefits.multiplierBp });
    for (const r of c.benefits.rewardIds) rewards.add(r);
  }
  const multiplierBp = 10000 + sources.reduce((a, s) => a + (s.multiplierBp - 10000), 0);
  return { multiplierBp, sources, rewardIds: [...rewards].sort() };
}

/**
 * The multipliers as @regulars/rules promotions (one per source above x1):
 * append them to the rule set's promotions when evaluating this member's
 * purchase, and each shows as its own posting ("Gold tier +12").
 */
export function benefitPromotions(b: MemberBenefits): Promotion[] {
  return b.sources
    .filter((s) => s.multiplierBp > 10000)
    .map((s) => ({
      id: `${s.kind}.${s.id}`.slice(0, 64),
      name: s.kind === 'tier' ? `${s.name} tier` : s.name,
      schedule: {},
      minimumSpend: 0,
      effect: { kind: 'multiplier' as const, multiplierBp: s.multiplierBp },
    }));
}

/**
 * Whether a reward of the catalogue may be redeemed: a reward named in no
 * tier's and no club's rewardIds is open to everyone; otherwise only to
 * holders of a tier at or above one that names it, or members of a club that names it.
 */
export function rewardAllowed(
  rewardId: string,
  program: TierProgram | null,
  allClubs: ClubDefinition[],
  member: MemberBenefits,
): boolean {
  const restricted =
    (program?.tiers.some((t) => t.benefits.rewardIds.includes(rewardId)) ?? false) ||
    allClubs.some((c) => c.benefits.rewardIds.includes(rewardId));
  return !restricted || member.rewardIds.includes(rewardId);
}

/**
 * The tier that applies to a purchase at `at`: the tier held just before it
 * (a crossing purchase earns at the old tier's multiplier; the next one at the
 * new tier's), with the program version in force then.
 */
export function tierForPurchase(
  ctx: TierContext,
  state: TierState,
  at: string | Date,
): { program: TierProgram | null; tierId: string | null; programVersion: number | null } {
  const c = prepareContext(ctx);
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  const advanced =
    state.asOf !== null && Date.parse(state.asOf) >= t ? state : advanceTierState(c, state, at).state;
  const v = versionAt(c, t);
  return {
    program: v?.program ?? null,
    tierId: advanced.effective?.tierId ?? null,
    programVersion: v?.version ?? null,
  };
}

/**
 * The birthday bonus for one year: credited at the start of the local
 * birthday (29 February -> 28 February in other years), idempotent by key.
 * `benefits` are those of the tier held then (or of a club); null when there
 * is nothing to credit. The tier bonus has one key per member and year
 * (whatever the tier), a club bonus one per club and year.
 */
export function birthdayBonus(args: {
  memberId: string;
  /** "YYYY-MM-DD" or "MM-DD" */
  birthday: string;
  year: number;
  timeZone: string;
  source: { kind: 'tier' | 'club'; id: string; name: string; benefits: Benefits };
}): BonusIntent | null {
  const m = /^(?:\d{4}-)?(\d{2})-(\d{2})$/.exec(args.birthday);
  if (!m || args.source.benefits.birthdayBonusPoints <= 0) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const leap = (args.year % 4 === 0 && args.year % 100 !== 0) || args.year % 400 === 0;
  const d =
    month === 2 && day === 29 && !leap
      ? { year: args.year, month: 2, day: 28 }
      : { year: args.year, month, day };
  // Reject impossible dates (e.g. 04-31): the date must survive a round trip.
  if (localDateString(addDays(d, 0)) !== localDateString(d)) return null;
  return {
    key:
      args.source.kind === 'tier'
        ? `birthday:${args.memberId}:tier:${args.year}`
        : `birthday:${args.memberId}:club:${args.source.id}:${args.year}`,
    kind: 'birthday',
    tierId: args.source.id,
    points: args.source.benefits.birthdayBonusPoints,
    at: new Date(dayStart(d, args.timeZone)).toISOString(),
    reason: `Happy birthday from ${args.source.name}`,
  };
}

/** Why a reward is locked for a member: the tiers (lowest first) and clubs that unlock it. */
export interface RewardLock {
  rewardId: string;
  /** Lowest tier of the program that names the reward (every higher tier has it too); null: no tier does. */
  tier: { id: string; name: string } | null;
  /** Clubs that name the reward. */
  clubs: { id: string; name: string }[];
  /** For the member: "For Gold members and above" / "For members of The Inner Circle" / both joined by "or". */
  reason: string;
}

/**
 * The lock on a reward for a member, or null when they may redeem it (it is
 * open to everyone, or their tier or an active club unlocks it). Same rule as
 * rewardAllowed, with the reason to show.
 */
export function rewardLock(
  rewardId: string,
  program: TierProgram | null,
  allClubs: ClubDefinition[],
  member: MemberBenefits,
): RewardLock | null {
  if (rewardAllowed(rewardId, program, allClubs, member)) return null;
  const t = program?.tiers.find((x) => x.benefits.rewardIds.includes(rewardId)) ?? null;
  const clubs = allClubs
    .filter((c) => c.benefits.rewardIds.includes(rewardId))
    .map((c) => ({ id: c.id, name: c.name }));
  const parts: string[] = [];
  if (t) {
    const top = program!.tiers[program!.tiers.length - 1] === t;
    parts.push(top ? `${t.name} members` : `${t.name} members and above`);
  }
  if (clubs.length) parts.push(`members of ${clubs.map((c) => c.name).join(' or ')}`);
  return {
    rewardId,
    tier: t && { id: t.id, name: t.name },
    clubs,
    reason: `For ${parts.join(' or ')}`,
  };
}

/**
 * Every birthday bonus a member gets in `year`: the tier's (of the tier held
 * on the birthday) and each active club's, with their ledger keys and the
 * instant they are credited (start of the local birthday). What messaging
 * mentions in the birthday message and what the birthday run posts.
 */
export function memberBirthdayBonuses(args: {
  memberId: string;
  /** "YYYY-MM-DD" or "MM-DD"; null: no birthday recorded, no bonus. */
  birthday: string | null;
  year: number;
  timeZone: string;
  tier: { id: string; name: string; benefits: Benefits } | null;
  clubs: ClubDefinition[];
}): { bonuses: BonusIntent[]; points: number } {
  if (!args.birthday) return { bonuses: [], points: 0 };
  const common = {
    memberId: args.memberId,
    birthday: args.birthday,
    year: args.year,
    timeZone: args.timeZone,
  };
  const bonuses: BonusIntent[] = [];
  if (args.tier) {
    const b = birthdayBonus({ ...common, source: { kind: 'tier', ...args.tier } });
    if (b) bonuses.push(b);
  }
  for (const c of args.clubs) {
    const b = birthdayBonus({
      ...common,
      source: { kind: 'club', id: c.id, name: c.name, benefits: c.benefits },
    });
    if (b) bonuses.push(b);
  }
  return { bonuses, points: bonuses.reduce((a, b) => a + b.points, 0) };
}

/**
 * The birthdays celebrated on the local date of `at` in the business time
 * zone: that date's year and its "MM-DD" (plus "02-29" on 28 February of a
 * common year, as birthdayBonus credits it then).
 */
export function birthdaysOn(at: string | Date, timeZone: string): { year: number; monthDays: string[] } {
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  const d = localDate(t, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const monthDays = [`${pad(d.month)}-${pad(d.day)}`];
  const leap = (d.year % 4 === 0 && d.year % 100 !== 0) || d.year % 400 === 0;
  if (d.month === 2 && d.day === 28 && !leap) monthDays.push('02-29');
  return { year: d.year, monthDays };
}

/**
 * The tier a member holds at `at` from their stored state (timers due by then
 * applied in memory) with the benefits of the program version in force: the
 * source of the tier birthday bonus. null: not in the program.
 */
export function tierHeldAt(
  ctx: TierContext,
  state: TierState,
  at: string | Date,
): { id: string; name: string; benefits: Benefits } | null {
  if (state.asOf === null) return null;
  const c = prepareContext(ctx);
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  const s = Date.parse(state.asOf) >= t ? state : advanceTierState(c, state, at).state;
  const id = summarise(c, s).tier?.id;
  const tier = id ? versionAt(c, t)?.program.tiers.find((x) => x.id === id) : undefined;
  return tier ? { id: tier.id, name: tier.name, benefits: tier.benefits } : null;
}
