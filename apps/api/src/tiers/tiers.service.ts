import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import {
  applyTierEvent,
  describeProgress,
  memberBenefits,
  rewardLock,
  tierHeldAt,
  previewProgram,
  tierStateDiff,
  tierTimeline,
  tierView,
  tierViewKey,
  tierViewSnapshot,
  validateEffectiveFrom,
  validateProgramChange,
  validateTierProgram,
  type ClubDefinition,
  type RewardLock,
  type TierProgramVersion,
  type TierState,
  type TierViewData,
  type ValidationIssue,
} from '@regulars/tiers';
import { currencyDigits } from '../businesses/currency';
import { TtlCache } from '../common/ttl-cache';
import { Db, type Sql } from '../database/db';
import { ClubService } from './club.service';
import { manualEvent } from './tier-events';
import { TiersRepository, type StoredTierView, type VersionRow } from './tiers.repository';
import { recomputeStep } from './tier-sync';
import type {
  MemberTierView,
  TierPreviewView,
  TierProgramVersionView,
  TierProgramsView,
  TierVerifyView,
} from './tiers.views';

function invalid(what: string, errors: ValidationIssue[]): never {
  throw new DomainError(
    ErrorCode.VALIDATION_FAILED,
    `Invalid ${what}: ${errors
      .map((e) => `${e.path} ${e.message}`)
      .slice(0, 5)
      .join('; ')}`,
    { fields: errors.map((e) => ({ field: e.path, problems: [e.message] })) },
  );
}

const versionView = (v: VersionRow): TierProgramVersionView => ({
  version: v.version,
  effectiveFrom: v.effective_from.toISOString(),
  program: v.program as unknown as Record<string, unknown>,
  createdAt: v.created_at.toISOString(),
  createdBy: v.created_by,
});

/** A copy with every object's keys sorted (jsonb does not keep the order they were written in). */
export function canonical<T>(x: T): T {
  if (Array.isArray(x)) return x.map(canonical) as T;
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, canonical((x as Record<string, unknown>)[k])]),
    ) as T;
  return x;
}

/** What a member's tier view needs of the business. */
export interface TierSetup {
  versions: TierProgramVersion[];
  timeZone: string;
  currency: string;
  /** What a stored view depends on besides the state (tierViewKey): a view stored under another key is not used. */
  viewKey: string;
}

/** A stored view as the counter read it (member_tier_states.view and its columns). */
export interface StoredViewRead {
  data: StoredTierView;
  key: string;
  from: Date;
  until: Date;
}

/** A stored view's columns as one value; null when no view is stored. */
export function storedViewRead(
  data: StoredTierView | null,
  key: string | null,
  from: Date | null,
  until: Date | null,
): StoredViewRead | null {
  return data && key && from && until ? { data, key, from, until } : null;
}

/** The stored view when it is exact at `at` for this setup (same key, inside its interval); undefined otherwise. */
export function storedViewAt(
  setup: Pick<TierSetup, 'viewKey'>,
  stored: StoredViewRead | null,
  at: Date,
): StoredTierView | undefined {
  if (!stored || stored.key !== setup.viewKey) return undefined;
  const t = at.getTime();
  return stored.from.getTime() <= t && t < stored.until.getTime() ? stored.data : undefined;
}

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£', CHF: 'CHF ', JPY: '¥' };

/**
 * Tier programs (versioned per business, validated by @regulars/tiers), the
 * preview of a proposed program, the verify check, and a member's tier as the
 * counter and /me show it.
 */
@Injectable()
export class TiersService {
  private readonly pool: Pool;

  constructor(
    db: Db,
    private readonly store: TiersRepository,
    private readonly clock: Clock,
    private readonly clubs: ClubService,
  ) {
    this.pool = db.pool;
    clubs.onClubChanged((businessId) => {
      this.clubCache.delete(businessId);
      this.counterClubCache.delete(businessId);
    });
  }

  private readonly clubCache = new TtlCache<{ club: ClubDefinition | null }>(5_000);
  private readonly counterClubCache = new TtlCache<{
    club: { definition: ClubDefinition; timeZone: string } | null;
  }>(5_000);

  /**
   * The business's club and time zone for the purchase evaluation (its points
   * multiplier), remembered for 5 s like the club of rewardLocks; null: no club.
   */
  async counterClub(businessId: string): Promise<{ definition: ClubDefinition; timeZone: string } | null> {
    const hit = await this.counterClubCache.getOrLoad(businessId, async () => {
      const club = await this.clubs.repository.club(businessId, this.pool);
      if (!club) return { club: null };
      const b = await this.clubs.repository.business(businessId, this.pool);
      return { club: b ? { definition: club.definition, timeZone: b.timeZone } : null };
    });
    return hit?.club ?? null;
  }

  /**
   * Rewards limited to tiers or club members that this member may not redeem
   * now, each with the reason to show ("For Gold members and above"). Reads
   * nothing when no tier or club names any of `rewardIds` (the usual case);
   * else the member's stored tier state (unless `tierId` is given) and, when
   * the club names one of them, their club events.
   */
  async rewardLocks(
    q: Sql,
    businessId: string,
    memberId: string,
    rewardIds: string[],
    now: Date,
    tierId?: string | null,
  ): Promise<Map<string, RewardLock>> {
    const out = new Map<string, RewardLock>();
    // Inside the redemption's transaction every read goes through its client `q`.
    const setup = await this.cachedSetup(businessId, q);
    const club =
      (
        await this.clubCache.getOrLoad(businessId, async () => ({
          club: (await this.clubs.repository.club(businessId, q))?.definition ?? null,
        }))
      )?.club ?? null;
    const t = now.getTime();
    const program =
      setup?.versions
        .filter((v) => Date.parse(String(v.effectiveFrom)) <= t)
        .sort(
          (a, b) =>
            Date.parse(String(b.effectiveFrom)) - Date.parse(String(a.effectiveFrom)) ||
            b.version - a.version,
        )[0]?.program ?? null;
    const named = new Set<string>([
      ...(program?.tiers.flatMap((x) => x.benefits.rewardIds) ?? []),
      ...(club?.benefits.rewardIds ?? []),
    ]);
    const restricted = rewardIds.filter((id) => named.has(id));
    if (!restricted.length) return out;
    let held = tierId;
    if (held === undefined) {
      held = null;
      if (setup) {
        const [state, since] = await Promise.all([
          this.store.states(businessId, [memberId], q),
          this.store.memberSince(businessId, [memberId], q),
        ]);
        const st = state.get(memberId);
        const joined = since.get(memberId);
        if (st && joined)
          held =
            tierHeldAt(
              {
                memberId,
                memberSince: joined.toISOString(),
                timeZone: setup.timeZone,
                versions: setup.versions,
              },
              st,
              now,
            )?.id ?? null;
      }
    }
    const clubNamesOne = club !== null && restricted.some((id) => club.benefits.rewardIds.includes(id));
    const active =
      club !== null && clubNamesOne
        ? await this.clubs.activeClubs(
            q as Pool,
            businessId,
            memberId,
            now,
            setup ? { club, timeZone: setup.timeZone } : undefined,
          )
        : [];
    const benefits = memberBenefits(program, held, active);
    for (const id of restricted) {
      const lock = rewardLock(id, program, club ? [club] : [], benefits);
      if (lock) out.set(id, lock);
    }
    return out;
  }

  /** Refuses (REWARD_LOCKED, 422, with the reason) a reward limited to tiers or club members the member is not in. */
  async assertRewardAllowed(q: Sql, businessId: string, memberId: string, rewardId: string, now: Date) {
    const lock = (await this.rewardLocks(q, businessId, memberId, [rewardId], now)).get(rewardId);
    if (lock)
      throw new DomainError(ErrorCode.REWARD_LOCKED, `${lock.reason}: this reward is locked for the member`, {
        rewardId,
        reason: lock.reason,
        tier: lock.tier,
        clubs: lock.clubs,
      });
  }

  /**
   * Marks the locked rewards of a summary (the scan and /me): rewards limited
   * to tiers or clubs the member is not in leave rewardsAvailable and are
   * listed in rewardsLocked with the reason.
   */
  async lockSummaryRewards<
    S extends {
      member: { id: string };
      tier: { id: string } | null;
      rewardsAvailable: { id: string; name: string }[];
      rewardsLocked?: { id: string; name: string; reason: string }[];
    },
  >(
    businessId: string,
    summary: S,
    catalogue: { id: string; name: string; active: boolean }[],
    now: Date = this.clock.now(),
  ): Promise<S> {
    catalogue = catalogue.filter((r) => r.active);
    const locks = await this.rewardLocks(
      this.pool,
      businessId,
      summary.member.id,
      catalogue.map((r) => r.id),
      now,
      // The scan read the tier with the member (no stored state yet: no tier, no query).
      summary.tier ? summary.tier.id : null,
    );
    summary.rewardsAvailable = summary.rewardsAvailable.filter((r) => !locks.has(r.id));
    summary.rewardsLocked = catalogue
      .filter((r) => locks.has(r.id))
      .map((r) => ({ id: r.id, name: r.name, reason: locks.get(r.id)!.reason }));
    return summary;
  }

  async programs(businessId: string): Promise<TierProgramsView> {
    const rows = await this.store.versionRows(businessId, true);
    const now = this.clock.now().getTime();
    const current =
      [...rows]
        .filter((v) => v.effective_from.getTime() <= now)
        .sort(
          (a, b) => b.effective_from.getTime() - a.effective_from.getTime() || b.version - a.version,
        )[0] ?? null;
    return { current: current && versionView(current), versions: rows.map(versionView) };
  }

  /** A new version, effective now or later (never backdated); tiers can be added, not removed or reordered. */
  async publish(
    businessId: string,
    actorId: string | null,
    raw: unknown,
    effectiveFrom?: string,
  ): Promise<TierProgramVersionView> {
    const checked = validateTierProgram(raw);
    if (!checked.ok) invalid('tier program', checked.errors);
    const now = this.clock.now();
    const row = await this.store.transaction(async (client) => {
      // Serialise publishing per business so version numbers are gap-free.
      await this.store.lockBusiness(businessId, client);
      const existing = await this.store.versionRows(businessId, false, client);
      const from = effectiveFrom ?? now.toISOString();
      const timing = validateEffectiveFrom(
        from,
        effectiveFrom === undefined ? now : new Date(now.getTime() - 1000),
        existing.map((v) => ({ effectiveFrom: v.effective_from })),
      );
      if (timing.length) invalid('effectiveFrom', timing);
      const last = existing[existing.length - 1];
      if (last) {
        const change = validateProgramChange(last.program, checked.value);
        if (change.length) invalid('tier program change', change);
      }
      const r = await this.store.insertVersion(
        businessId,
        {
          version: (last?.version ?? 0) + 1,
          effectiveFrom: new Date(from),
          program: checked.value,
          createdAt: now,
          createdBy: actorId,
        },
        client,
      );
      await this.store.dueAllStatesBy(businessId, new Date(from), client);
      return r;
    });
    this.programCache.delete(businessId);
    return versionView(row);
  }

  /**
   * Manual status: a tier floor from now until `until` with a reason, set by
   * an owner or manager (never a ceiling: the earned tier carries on
   * underneath). The row is the audit trail (who, when, why, until) and a
   * source of the member's tier events; the state is updated at once under
   * the member's row lock and the change is in the tier history (`manual`,
   * and `manual_ended` when it runs out, by the period-end run).
   */
  async setManual(
    businessId: string,
    memberId: string,
    actorId: string | null,
    dto: { tierId: string; reason: string; until: string },
  ): Promise<MemberTierView> {
    const reason = dto.reason.trim();
    const now = this.clock.now();
    const until = new Date(dto.until);
    const problems: ValidationIssue[] = [];
    if (reason.length < 3) problems.push({ path: 'reason', message: 'must be at least 3 characters' });
    if (!(until.getTime() > now.getTime()))
      problems.push({ path: 'until', message: 'must be in the future' });
    await this.store.transaction(async (client) => {
      const ctx = await this.store.context(businessId, memberId, client);
      if (!ctx) {
        if (!(await this.store.memberExists(businessId, memberId, client))) throw new NotFoundError('Member');
        invalid('manual status', [{ path: 'tierId', message: 'the business has no tier program' }]);
      }
      const program = [...ctx.versions]
        .filter((v) => Date.parse(String(v.effectiveFrom)) <= now.getTime())
        .sort((a, b) => b.version - a.version)[0]?.program;
      if (!program) problems.push({ path: 'tierId', message: 'no tier program is in force yet' });
      else if (!program.tiers.slice(1).some((t) => t.id === dto.tierId))
        problems.push({ path: 'tierId', message: 'must be a tier of the program above the base tier' });
      if (problems.length) invalid('manual status', problems);
      const state = await this.store.lockState(businessId, memberId, now, client);
      const manual = await this.store.insertManual(
        businessId,
        { memberId, tierId: dto.tierId, reason, until, setBy: actorId, createdAt: now },
        client,
      );
      const result =
        state.asOf === null || Date.parse(state.asOf) > now.getTime()
          ? await recomputeStep(this.store, client, businessId, ctx, now)
          : applyTierEvent(ctx, state, manualEvent(manual));
      await this.store.save(businessId, ctx, result, now, client);
    });
    return (await this.memberTier(businessId, memberId, { history: true }))!;
  }

  /** Members per tier now and under a proposed program, and who would move; writes nothing. */
  async preview(businessId: string, raw: unknown, limit: number): Promise<TierPreviewView> {
    const checked = validateTierProgram(raw);
    if (!checked.ok) invalid('tier program', checked.errors);
    const now = this.clock.now();
    const tz = (await this.store.timeZone(businessId))!;
    const versions = await this.store.versions(businessId);
    const members = await this.store.allMemberEvents(businessId, now);
    const p = previewProgram({
      timeZone: tz,
      current: versions,
      proposed: checked.value,
      members,
      at: now,
      limit,
    });
    const names = new Map(
      (
        await this.clubs.repository.memberNames(
          businessId,
          p.moves.map((m) => m.memberId),
          this.pool,
        )
      ).map((n) => [n.id, n]),
    );
    return {
      ...p,
      moves: p.moves.map((m) => ({
        ...m,
        name: names.get(m.memberId)?.name ?? '',
        memberNumber: names.get(m.memberId)?.memberNumber ?? '',
      })),
    };
  }

  /**
   * Recomputes every member's tier state from history (purchases and returns)
   * at the stored state's asOf and names each member whose stored state
   * differs (or who has none while the program covers them).
   */
  async verify(businessId: string): Promise<TierVerifyView> {
    const versions = await this.store.versions(businessId);
    if (!versions.length) return { checked: 0, differing: [] };
    const tz = (await this.store.timeZone(businessId))!;
    const stored = await this.store.membersWithStates(businessId);
    const differing: TierVerifyView['differing'] = [];
    let checked = 0;
    const now = this.clock.now();
    const key = tierViewKey(tz, versions);
    for (const m of stored) {
      if (!m.state || m.state.asOf === null) continue; // not evaluated yet: the next evaluation run computes it
      checked++;
      const asOf = new Date(m.state.asOf);
      const events = await this.store.memberEvents(businessId, m.member_id, asOf);
      const ctx = { memberId: m.member_id, memberSince: m.created_at.toISOString(), timeZone: tz, versions };
      const again = tierTimeline(ctx, events, asOf).state;
      // jsonb keeps object keys in its own order: compare key-order-independent copies.
      const fields: string[] = tierStateDiff(canonical(m.state), canonical(again));
      // The stored view, where the scan would use it now, is what the recomputed state shows now.
      const view = storedViewAt(
        { viewKey: key },
        storedViewRead(m.view, m.view_key, m.view_from, m.view_until),
        now,
      );
      if (view) {
        const snap = tierViewSnapshot(ctx, again, now);
        const expected = { view: snap.view, effectiveTierId: snap.effectiveTierId };
        if (JSON.stringify(canonical(view)) !== JSON.stringify(canonical(expected))) fields.push('view');
      }
      if (fields.length) differing.push({ memberId: m.member_id, fields });
    }
    return { checked, differing };
  }

  /** verify() for every business with a tier program (the `npm run tiers:verify` command). */
  async verifyAll(): Promise<({ businessId: string } & TierVerifyView)[]> {
    const out: ({ businessId: string } & TierVerifyView)[] = [];
    for (const business_id of await this.store.businessesWithProgram())
      out.push({ businessId: business_id, ...(await this.verify(business_id)) });
    return out;
  }

  /**
   * The tier programs of a business with what the views need (time zone,
   * currency); read on every scan, so cached for 5 s and evicted at once by
   * publishing through this instance. null: no tier program.
   */
  private readonly programCache = new TtlCache<TierSetup>(5_000);

  /** `q`: inside a transaction, its client (a cache miss must not wait for a second pool connection). */
  async cachedSetup(businessId: string, q: Sql = this.pool): Promise<TierSetup | null> {
    const s = await this.programCache.getOrLoad(businessId, () => this.loadSetup(businessId, q));
    return s && s.versions.length ? s : null;
  }

  private async loadSetup(businessId: string, q: Sql): Promise<TierSetup | null> {
    const b = await this.store.businessSetup(businessId, q);
    if (!b) return null;
    const versions = await this.store.versions(businessId, q);
    return {
      versions,
      timeZone: b.time_zone,
      currency: b.currency,
      viewKey: tierViewKey(b.time_zone, versions),
    };
  }

  /**
   * A member's tier as the counter and /me show it, from a stored state (read
   * at `now`: timers due since are applied in memory, nothing is written):
   * tier, since, until, progress lines, benefits. Pure: the scan calls it with
   * the state its one query read. null: not in the program (yet).
   */
  view(
    setup: TierSetup,
    member: { id: string; since: Date },
    stored: TierState,
    now: Date,
  ): MemberTierView | null {
    const ctx = {
      memberId: member.id,
      memberSince: member.since.toISOString(),
      timeZone: setup.timeZone,
      versions: setup.versions,
    };
    const data = tierView(ctx, stored, now);
    return data && this.withText(setup, data);
  }

  /** A view's data with the progress sentences in the business currency (a stored view has none). */
  withText(setup: Pick<TierSetup, 'currency'>, data: TierViewData): MemberTierView {
    const fmt = {
      currencySymbol: SYMBOLS[setup.currency] ?? `${setup.currency} `,
      currencyDigits: currencyDigits(setup.currency),
    };
    return {
      ...data,
      benefits: { ...data.benefits },
      progress: data.progress.map((i) => ({ ...i, text: describeProgress(i, fmt) })),
    };
  }

  /** A member's tier read from the database (the stored state, or a recompute when none is stored yet), with the history on request. */
  async memberTier(
    businessId: string,
    memberId: string,
    opts: { history?: boolean } = {},
  ): Promise<MemberTierView | null> {
    const setup = await this.cachedSetup(businessId);
    if (!setup) return null;
    const row = await this.store.memberWithState(businessId, memberId);
    if (!row) return null;
    const now = this.clock.now();
    let state = row.state;
    if (!state || state.asOf === null) {
      // Not evaluated yet (e.g. a program launched after the member's last activity): derive it from history.
      const ctx = {
        memberId,
        memberSince: row.created_at.toISOString(),
        timeZone: setup.timeZone,
        versions: setup.versions,
      };
      state = tierTimeline(ctx, await this.store.memberEvents(businessId, memberId, now), now).state;
    }
    const view = this.view(setup, { id: memberId, since: row.created_at }, state, now);
    if (!view) return null;
    if (opts.history) {
      const h = await this.store.history(businessId, memberId);
      view.history = h.map((x) => ({
        at: x.at.toISOString(),
        from: x.from_tier,
        to: x.to_tier,
        reason: x.reason,
        programVersion: x.program_version,
      }));
    }
    return view;
  }
}
