/**
 * Pure helpers of the program editor: rule-set defaults, dates in the business's time
 * zone, which promotions run on which day (the calendar), and the preview's sentence.
 */
import type { IsoWeekday, LineMatcher, Promotion, RuleSet } from '../../../libs/rules/src/types';
import { formatMoney } from '../ui';

export type { IsoWeekday, LineMatcher, Promotion, RuleSet };
export type { Multiplier, StampCard, RoundingMode } from '../../../libs/rules/src/types';

export const EMPTY_RULES: RuleSet = {
  points: null,
  multipliers: [],
  exclusions: { skus: [], categories: [] },
  promotions: [],
  stampCards: [],
  pointsExpiry: null,
  pendingDays: 0,
};

/** The stored rule set, with every list present (older versions may omit none, but be safe). */
export function normalise(raw: Record<string, unknown> | null | undefined): RuleSet {
  const r = (raw ?? {}) as Partial<RuleSet>;
  return {
    points: r.points ?? null,
    multipliers: r.multipliers ?? [],
    exclusions: r.exclusions ?? { skus: [], categories: [] },
    promotions: r.promotions ?? [],
    stampCards: r.stampCards ?? [],
    pointsExpiry: r.pointsExpiry ?? null,
    pendingDays: r.pendingDays ?? 0,
  };
}

/** A new id for a list item ("promo-3"), unique among the given ones. */
export function nextId(prefix: string, taken: { id: string }[]): string {
  let n = taken.length + 1;
  while (taken.some((t) => t.id === `${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

/** "+01:00" for a time zone at an instant. */
function offsetOf(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(part ?? '');
  return m ? `${m[1]}:${m[2] ?? '00'}` : 'Z';
}

/** Local midnight of a "YYYY-MM-DD" day in the time zone, as an ISO instant with its offset. */
export function startOfDay(date: string, timeZone: string): string {
  const guess = new Date(`${date}T12:00:00Z`);
  return `${date}T00:00:00${offsetOf(timeZone, guess)}`;
}

/** The local "YYYY-MM-DD" of an instant in the time zone. */
export function localDate(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(typeof at === 'string' ? new Date(at) : at);
}

const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekdayOf = (date: string) => (((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1) as IsoWeekday;

/** Does the promotion run on (some part of) this local day? */
export function runsOn(p: Promotion, date: string, timeZone: string): boolean {
  const s = p.schedule;
  if (s.weekdays && s.weekdays.length && !s.weekdays.includes(weekdayOf(date))) return false;
  if (s.from && localDate(s.from, timeZone) > date) return false;
  // until is exclusive: a promotion until local midnight of day D ends on D-1.
  if (s.until && new Date(s.until).getTime() <= new Date(startOfDay(date, timeZone)).getTime()) return false;
  return true;
}

export interface CalendarDay {
  date: string;
  weekday: IsoWeekday;
  today: boolean;
  promotions: Promotion[];
}

/** `weeks` weeks from the Monday of the current week (business time zone), Monday first. */
export function calendar(promotions: Promotion[], now: Date, timeZone: string, weeks = 4): CalendarDay[][] {
  const today = localDate(now, timeZone);
  const monday = addDays(today, 1 - weekdayOf(today));
  const out: CalendarDay[][] = [];
  for (let w = 0; w < weeks; w++) {
    const row: CalendarDay[] = [];
    for (let d = 0; d < 7; d++) {
      const date = addDays(monday, w * 7 + d);
      row.push({
        date,
        weekday: (d + 1) as IsoWeekday,
        today: date === today,
        promotions: promotions.filter((p) => runsOn(p, date, timeZone)),
      });
    }
    out.push(row);
  }
  return out;
}

export const WEEKDAYS: { day: IsoWeekday; short: string; long: string }[] = [
  { day: 1, short: 'Mon', long: 'Monday' },
  { day: 2, short: 'Tue', long: 'Tuesday' },
  { day: 3, short: 'Wed', long: 'Wednesday' },
  { day: 4, short: 'Thu', long: 'Thursday' },
  { day: 5, short: 'Fri', long: 'Friday' },
  { day: 6, short: 'Sat', long: 'Saturday' },
  { day: 7, short: 'Sun', long: 'Sunday' },
];

export function matcherText(m: LineMatcher | undefined, productName: (sku: string) => string): string {
  if (!m || (!m.skus.length && !m.categories.length)) return 'every product';
  return [...m.categories.map((c) => `all ${c}`), ...m.skus.map(productName)].join(', ');
}

export function promotionText(p: Promotion, currency: string, timeZone: string): string {
  const s = p.schedule;
  const parts: string[] = [];
  parts.push(
    p.effect.kind === 'multiplier'
      ? `points ×${p.effect.multiplierBp / 10000}`
      : `${p.effect.points} extra points per purchase`,
  );
  if (s.weekdays?.length && s.weekdays.length < 7)
    parts.push(`on ${s.weekdays.map((d) => WEEKDAYS[d - 1].long).join(', ')}`);
  if (s.localTime) parts.push(`${s.localTime.from}–${s.localTime.to}`);
  if (s.from) parts.push(`from ${localDate(s.from, timeZone)}`);
  if (s.until) parts.push(`until ${localDate(new Date(new Date(s.until).getTime() - 1), timeZone)}`);
  if (p.minimumSpend > 0) parts.push(`on ${formatMoney(p.minimumSpend, currency)} or more`);
  return parts.join(' · ');
}

/** One line about the rule set, for the version history. */
export function ruleSetSummary(r: RuleSet, currency: string): string {
  const parts: string[] = [];
  parts.push(
    r.points
      ? `${r.points.pointsPer} point${r.points.pointsPer === 1 ? '' : 's'} per ${formatMoney(r.points.perAmount, currency)}`
      : 'no points',
  );
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  if (r.multipliers.length) parts.push(n(r.multipliers.length, 'multiplier', 'multipliers'));
  if (r.exclusions.skus.length + r.exclusions.categories.length)
    parts.push(n(r.exclusions.skus.length + r.exclusions.categories.length, 'exclusion', 'exclusions'));
  if (r.promotions.length) parts.push(n(r.promotions.length, 'promotion', 'promotions'));
  if (r.stampCards.length) parts.push(n(r.stampCards.length, 'stamp card', 'stamp cards'));
  parts.push(
    r.pointsExpiry ? `points expire after ${r.pointsExpiry.afterMonths} months` : 'points never expire',
  );
  if (r.pendingDays) parts.push(`pending ${r.pendingDays} days`);
  return parts.join(' · ');
}

export interface PreviewLike {
  days: number;
  purchases: number;
  members: number;
  gainers: number;
  losers: number;
  current: { points: number };
  proposed: { points: number };
  difference: { points: number; cardsCompleted: Record<string, number> };
  changedMembers: {
    memberName: string;
    pointsDelta: number;
    currentCardsCompleted: number;
    proposedCardsCompleted: number;
  }[];
}

const signed = (n: number) => (n > 0 ? `+${n.toLocaleString()}` : n.toLocaleString());

/** "On the last 30 days this would have given 2 members 40 % more points; biggest changes: Ada Lovelace +14 points, …" */
export function previewSentence(p: PreviewLike): string {
  const head = `On the last ${p.days} days`;
  if (p.purchases === 0)
    return `${head} there were no purchases, so this change would have given nobody more or fewer points.`;
  const d = p.difference.points;
  let what: string;
  if (d === 0) what = 'the same points';
  else if (p.current.points > 0)
    what = `${Math.abs(Math.round((1000 * d) / p.current.points) / 10).toLocaleString()} % ${d > 0 ? 'more' : 'fewer'} points (${signed(d)})`;
  else what = `${d.toLocaleString()} points where the current rules gave none`;
  const affected = d >= 0 ? p.gainers : p.losers;
  const who = d === 0 ? `its ${p.members} members` : `${affected} ${affected === 1 ? 'member' : 'members'}`;
  const cards = Object.values(p.difference.cardsCompleted).reduce((a, b) => a + b, 0);
  const cardText = cards ? `; ${signed(cards)} full stamp cards` : '';
  const top = p.changedMembers
    .slice(0, 3)
    .map((m) => {
      const c = m.proposedCardsCompleted - m.currentCardsCompleted;
      return `${m.memberName || 'a member'} ${signed(m.pointsDelta)} points${c ? `, ${signed(c)} cards` : ''}`;
    })
    .join('; ');
  return `${head} this would have given ${who} ${what}${cardText}${top ? `; biggest changes: ${top}` : ''}.`;
}
