/**
 * Work over many members: the period-end evaluation (pure; the app makes it
 * exactly-once with the key) and the preview of a proposed program.
 */
import { advanceTierState, nextTimer, prepareContext, rankOf, tierTimeline, versionAt } from './engine';
import type {
  BonusIntent,
  TierEvent,
  TierProgram,
  TierProgramVersion,
  TierState,
  TierTransition,
} from './types';

export interface PeriodEndResult {
  memberId: string;
  /**
   * Deterministic: `tier-eval:<memberId>:<first due instant>`, derived from the
   * stored state alone, so two instances evaluating the same member compute the
   * same key; insert it under a unique constraint in the transaction that stores
   * the new state and only one of them succeeds.
   */
  key: string;
  /** The earliest timer that was due (a review, a manual status expiring, a new program version, joining). */
  dueAt: string;
  transitions: TierTransition[];
  bonuses: BonusIntent[];
  /** The state to store (asOf = at). */
  state: TierState;
}

/**
 * For each member whose stored state has a timer due at or before `at`, the
 * transitions those timers cause (downgrades, kept tiers, expiring manual
 * status, upgrades under a new program version) and the new state. Members
 * with nothing due are left out.
 */
export function evaluatePeriodEnd(args: {
  timeZone: string;
  versions: TierProgramVersion[];
  members: { memberId: string; memberSince: string | Date; state: TierState }[];
  at: string | Date;
}): PeriodEndResult[] {
  const t = args.at instanceof Date ? args.at.getTime() : Date.parse(args.at);
  const out: PeriodEndResult[] = [];
  for (const m of args.members) {
    const c = prepareContext({
      memberId: m.memberId,
      memberSince: m.memberSince,
      timeZone: args.timeZone,
      versions: args.versions,
    });
    const due = nextTimer(c, m.state);
    if (due > t) continue;
    const r = advanceTierState(c, m.state, args.at);
    const dueAt = new Date(due).toISOString();
    out.push({ memberId: m.memberId, key: `tier-eval:${m.memberId}:${dueAt}`, dueAt, ...r });
  }
  return out;
}

export interface ProgramPreview {
  /** Members per tier id now, under the versions in force (members not yet in the program are left out). */
  current: Record<string, number>;
  /** Members per tier id had the proposed program always been in force. */
  proposed: Record<string, number>;
  up: number;
  down: number;
  unchanged: number;
  /** Members whose tier would change, biggest moves first, then by member id; cut to `limit`. */
  moves: { memberId: string; from: string | null; to: string | null; direction: 'up' | 'down' }[];
}

/**
 * Preview of a proposed program (nothing is written, nothing mutated): every
 * member's history is recomputed as if the proposed program had always been
 * in force and compared with their tier under the current versions. Moves are
 * measured by position in the proposed program (a current tier missing from
 * it counts at its current position).
 */
export function previewProgram(args: {
  timeZone: string;
  current: TierProgramVersion[];
  proposed: TierProgram;
  members: { memberId: string; memberSince: string | Date; events: TierEvent[] }[];
  at: string | Date;
  limit?: number;
}): ProgramPreview {
  const current: Record<string, number> = {};
  const proposed: Record<string, number> = {};
  for (const t of args.proposed.tiers) proposed[t.id] = 0;
  const nextVersion = args.current.reduce((a, v) => Math.max(a, v.version), 0) + 1;
  const proposedVersions = [
    { version: nextVersion, effectiveFrom: new Date(0).toISOString(), program: args.proposed },
  ];
  const moves: (ProgramPreview['moves'][number] & { size: number })[] = [];
  let up = 0;
  let down = 0;
  let unchanged = 0;
  const t = args.at instanceof Date ? args.at.getTime() : Date.parse(args.at);
  for (const m of args.members) {
    const base = { memberId: m.memberId, memberSince: m.memberSince, timeZone: args.timeZone };
    const now = tierTimeline({ ...base, versions: args.current }, m.events, args.at);
    const then = tierTimeline({ ...base, versions: proposedVersions }, m.events, args.at);
    const from = now.tier?.id ?? null;
    const to = then.tier?.id ?? null;
    if (from !== null) current[from] = (current[from] ?? 0) + 1;
    if (to !== null) proposed[to] = (proposed[to] ?? 0) + 1;
    const cv = versionAt(prepareContext({ ...base, versions: args.current }), t);
    let fromRank = rankOf(args.proposed, from);
    if (fromRank < 0 && from !== null && cv) fromRank = rankOf(cv.program, from);
    const toRank = rankOf(args.proposed, to);
    if (fromRank === toRank) unchanged++;
    else {
      const direction = toRank > fromRank ? 'up' : 'down';
      if (direction === 'up') up++;
      else down++;
      moves.push({ memberId: m.memberId, from, to, direction, size: Math.abs(toRank - fromRank) });
    }
  }
  moves.sort((a, b) => b.size - a.size || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  return {
    current,
    proposed,
    up,
    down,
    unchanged,
    moves: moves.slice(0, args.limit ?? 100).map(({ size: _size, ...rest }) => rest),
  };
}
