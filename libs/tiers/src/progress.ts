/**
 * Progress explanations as data: what is missing, by when, to reach the next
 * tier or to keep the current one. The UI renders them; describeProgress
 * gives a plain English sentence for tests, logs and simple clients.
 */
import { formatMoney } from '@regulars/rules';
import {
  advanceTierState,
  currentProgress,
  prepareContext,
  progressBetween,
  type PreparedContext,
  rankOf,
  versionAt,
} from './engine';
import { localDate, localDateString } from './periods';
import type { QualificationBasis, TierContext, TierState } from './types';

export interface ProgressItem {
  kind: 'reach' | 'keep';
  tierId: string;
  tierName: string;
  metric: QualificationBasis;
  /** Qualifying progress counted so far for this goal. */
  current: number;
  threshold: number;
  /** max(0, threshold - current) */
  missing: number;
  met: boolean;
  /** Last local date that counts ("YYYY-MM-DD"); null for a rolling window's reach goal (no deadline: older activity drops out instead). */
  by: string | null;
}

export interface TierProgress {
  asOf: string;
  tierId: string | null;
  items: ProgressItem[];
}

const lastDay = (exclusiveEnd: number, tz: string) => localDateString(localDate(exclusiveEnd - 1, tz));

/** Progress of a member at `at` (the state is advanced to `at` first; nothing is mutated). */
export function tierProgress(
  ctx: TierContext | PreparedContext,
  state: TierState,
  at: string | Date,
): TierProgress {
  const c = prepareContext(ctx);
  const s = advanceTierState(c, state, at).state;
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  const v = versionAt(c, t);
  const asOf = new Date(t).toISOString();
  if (!v || !s.earned || !s.effective) return { asOf, tierId: null, items: [] };
  const p = v.program;
  const items: ProgressItem[] = [];
  const item = (
    kind: ProgressItem['kind'],
    rank: number,
    current: number,
    threshold: number,
    by: string | null,
  ) => {
    const tier = p.tiers[rank];
    items.push({
      kind,
      tierId: tier.id,
      tierName: tier.name,
      metric: p.basis,
      current,
      threshold,
      missing: Math.max(0, threshold - current),
      met: current >= threshold,
      by,
    });
  };
  const effRank = rankOf(p, s.effective.tierId);
  if (effRank + 1 < p.tiers.length) {
    const by = p.window.kind === 'rolling_months' ? null : lastDay(v.cal.periodEnd(t), c.timeZone);
    item('reach', effRank + 1, currentProgress(s, v, t), p.tiers[effRank + 1].reach, by);
  }
  const earnedRank = rankOf(p, s.earned.tierId);
  if (earnedRank > 0 && s.earned.until !== null && s.earned.reviewAt !== null) {
    const review = Date.parse(s.earned.reviewAt);
    const w = v.cal.reviewWindow(Date.parse(s.earned.until), review);
    item(
      'keep',
      earnedRank,
      progressBetween(s, p.basis, w.from, w.to),
      p.tiers[earnedRank].keep,
      lastDay(review, c.timeZone),
    );
  }
  return { asOf, tierId: s.effective.tierId, items };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-12-31" -> "31 Dec 2026" */
export function formatLocalDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${day} ${MONTHS[m - 1]} ${y}`;
}

/**
 * English sentence for a progress item: "€42.00 more spend by 31 Dec 2026 to
 * reach Gold", "to keep Silver: 3 more visits by 31 Mar 2027".
 */
export function describeProgress(
  item: ProgressItem,
  opts: { currencySymbol?: string; currencyDigits?: number } = {},
): string {
  const n = item.missing;
  const amount =
    item.metric === 'spend'
      ? `${opts.currencySymbol ?? '€'}${formatMoney(n, opts.currencyDigits ?? 2)} more spend`
      : item.metric === 'points'
        ? `${n} more ${n === 1 ? 'point' : 'points'}`
        : `${n} more ${n === 1 ? 'visit' : 'visits'}`;
  const by = item.by === null ? '' : ` by ${formatLocalDate(item.by)}`;
  if (item.kind === 'reach')
    return item.met ? `${item.tierName} reached` : `${amount}${by} to reach ${item.tierName}`;
  return item.met ? `${item.tierName} kept for the next period` : `to keep ${item.tierName}: ${amount}${by}`;
}
