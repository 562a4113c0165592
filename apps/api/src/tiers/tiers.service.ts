import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import {
  advanceTierState,
  applyTierEvent,
  describeProgress,
  memberBenefits,
  prepareContext,
  rewardLock,
  tierHeldAt,
  previewProgram,
  summarise,
  tierProgress,
  tierStateDiff,
  tierTimeline,
  validateEffectiveFrom,
  validateProgramChange,
  validateTierProgram,
  type ClubDefinition,
  type RewardLock,
  type TierProgram,
  type TierProgramVersion,
  type TierState,
  type ValidationIssue,
} from '@regulars/tiers';
import { currencyDigits } from '../businesses/currency';
import { TtlCache } from '../common/ttl-cache';
import { poolOf } from '../ledger/ledger.module';
import { ClubService } from './club.service';
import { manualEvent, TierStore, type Sql } from './tier-store';
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

interface VersionRow {
  version: number;
  effective_from: Date;
  program: TierProgram;
  created_at: Date;
  created_by: string | null;
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
    dataSource: DataSource,
    private readonly store: TierStore,
    private readonly clock: Clock,
    private readonly clubs: ClubService,
  ) {
    this.pool = poolOf(dataSource);
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
          this.store.states(q, businessId, [memberId]),
          this.store.memberSince(q, businessId, [memberId]),
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
    const r = await this.pool.query<VersionRow>(
      `SELECT version, effective_from, program, created_at, created_by FROM tier_program_versions
        WHERE business_id = $1 ORDER BY version DESC`,
      [businessId],
    );
    const now = this.clock.now().getTime();
    const current =
      [...r.rows]
        .filter((v) => v.effective_from.getTime() <= now)
        .sort(
          (a, b) => b.effective_from.getTime() - a.effective_from.getTime() || b.version - a.version,
        )[0] ?? null;
    return { current: current && versionView(current), versions: r.rows.map(versionView) };
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
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Serialise publishing per business so version numbers are gap-free.
      await client.query(`SELECT 1 FROM businesses WHERE id = $1 FOR UPDATE`, [businessId]);
      const existing = await client.query<VersionRow>(
        `SELECT version, effective_from, program, created_at, created_by FROM tier_program_versions
          WHERE business_id = $1 ORDER BY version`,
        [businessId],
      );
      const from = effectiveFrom ?? now.toISOString();
      const timing = validateEffectiveFrom(
        from,
        effectiveFrom === undefined ? now : new Date(now.getTime() - 1000),
        existing.rows.map((v) => ({ effectiveFrom: v.effective_from })),
      );
      if (timing.length) invalid('effectiveFrom', timing);
      const last = existing.rows[existing.rows.length - 1];
      if (last) {
        const change = validateProgramChange(last.program, checked.value);
        if (change.length) invalid('tier program change', change);
      }
      const r = await client.query<VersionRow>(
        `INSERT INTO tier_program_versions (business_id, version, effective_from, program, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING version, effective_from, program, created_at, created_by`,
        [businessId, (last?.version ?? 0) + 1, new Date(from), JSON.stringify(checked.value), now, actorId],
      );
      // Every stored state has a new timer: the version's start (each member is checked for an
      // upgrade then, by the period-end run). The same instant nextTimer() gives with the new version.
      await client.query(
        `UPDATE member_tier_states SET next_due_at = LEAST(coalesce(next_due_at, $2), $2)
          WHERE business_id = $1`,
        [businessId, new Date(from)],
      );
      await client.query('COMMIT');
      this.programCache.delete(businessId);
      return versionView(r.rows[0]);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
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
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const ctx = await this.store.context(client, businessId, memberId);
      if (!ctx) {
        const exists = await client.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2`, [
          businessId,
          memberId,
        ]);
        if (!exists.rowCount) throw new NotFoundError('Member');
        invalid('manual status', [{ path: 'tierId', message: 'the business has no tier program' }]);
      }
      const program = [...ctx.versions]
        .filter((v) => Date.parse(String(v.effectiveFrom)) <= now.getTime())
        .sort((a, b) => b.version - a.version)[0]?.program;
      if (!program) problems.push({ path: 'tierId', message: 'no tier program is in force yet' });
      else if (!program.tiers.slice(1).some((t) => t.id === dto.tierId))
        problems.push({ path: 'tierId', message: 'must be a tier of the program above the base tier' });
      if (problems.length) invalid('manual status', problems);
      const state = await this.store.lockState(client, businessId, memberId, now);
      const r = await client.query<{
        id: string;
        tier_id: string;
        reason: string;
        until: Date;
        set_by: string | null;
        created_at: Date;
      }>(
        `INSERT INTO member_tier_manual (business_id, member_id, tier_id, reason, until, set_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, tier_id, reason, until, set_by, created_at`,
        [businessId, memberId, dto.tierId, reason, until, actorId, now],
      );
      const result =
        state.asOf === null || Date.parse(state.asOf) > now.getTime()
          ? await recomputeStep(this.store, client, businessId, ctx, now)
          : applyTierEvent(ctx, state, manualEvent(r.rows[0]));
      await this.store.save(client, businessId, ctx, result, now);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return (await this.memberTier(businessId, memberId, { history: true }))!;
  }

  /** Members per tier now and under a proposed program, and who would move; writes nothing. */
  async preview(businessId: string, raw: unknown, limit: number): Promise<TierPreviewView> {
    const checked = validateTierProgram(raw);
    if (!checked.ok) invalid('tier program', checked.errors);
    const now = this.clock.now();
    const tz = (await this.store.timeZone(this.pool, businessId))!;
    const versions = await this.store.versions(this.pool, businessId);
    const members = await this.store.allMemberEvents(this.pool, businessId, now);
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
    const versions = await this.store.versions(this.pool, businessId);
    if (!versions.length) return { checked: 0, differing: [] };
    const tz = (await this.store.timeZone(this.pool, businessId))!;
    const stored = await this.pool.query<{ member_id: string; state: TierState; created_at: Date }>(
      `SELECT m.id AS member_id, s.state, m.created_at FROM members m
         LEFT JOIN member_tier_states s ON s.business_id = m.business_id AND s.member_id = m.id
        WHERE m.business_id = $1 ORDER BY m.id`,
      [businessId],
    );
    const differing: TierVerifyView['differing'] = [];
    let checked = 0;
    for (const m of stored.rows) {
      if (!m.state || m.state.asOf === null) continue; // not evaluated yet: the next evaluation run computes it
      checked++;
      const asOf = new Date(m.state.asOf);
      const events = await this.store.memberEvents(this.pool, businessId, m.member_id, asOf);
      const ctx = { memberId: m.member_id, memberSince: m.created_at.toISOString(), timeZone: tz, versions };
      const again = tierTimeline(ctx, events, asOf).state;
      // jsonb keeps object keys in its own order: compare key-order-independent copies.
      const fields = tierStateDiff(canonical(m.state), canonical(again));
      if (fields.length) differing.push({ memberId: m.member_id, fields });
    }
    return { checked, differing };
  }

  /** verify() for every business with a tier program (the `npm run tiers:verify` command). */
  async verifyAll(): Promise<({ businessId: string } & TierVerifyView)[]> {
    const r = await this.pool.query<{ business_id: string }>(
      `SELECT DISTINCT business_id FROM tier_program_versions ORDER BY business_id`,
    );
    const out: ({ businessId: string } & TierVerifyView)[] = [];
    for (const { business_id } of r.rows)
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
    const b = await q.query<{ time_zone: string; currency: string }>(
      `SELECT time_zone, currency FROM businesses WHERE id = $1`,
      [businessId],
    );
    if (!b.rows[0]) return null;
    const versions = await this.store.versions(q, businessId);
    return { versions, timeZone: b.rows[0].time_zone, currency: b.rows[0].currency };
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
    const c = prepareContext(ctx);
    const state = advanceTierState(c, stored, now).state;
    const sum = summarise(c, state);
    if (!sum.tier) return null;
    const t = now.getTime();
    const v = [...setup.versions]
      .filter((x) => Date.parse(String(x.effectiveFrom)) <= t)
      .sort(
        (a, b) =>
          Date.parse(String(b.effectiveFrom)) - Date.parse(String(a.effectiveFrom)) || b.version - a.version,
      )[0];
    const tier = v.program.tiers.find((x) => x.id === sum.tier!.id)!;
    const fmt = {
      currencySymbol: SYMBOLS[setup.currency] ?? `${setup.currency} `,
      currencyDigits: currencyDigits(setup.currency),
    };
    const benefits = memberBenefits(v.program, tier.id);
    return {
      id: tier.id,
      name: tier.name,
      since: sum.since,
      until: sum.until,
      progress: tierProgress(c, state, now).items.map((i) => ({ ...i, text: describeProgress(i, fmt) })),
      benefits: {
        multiplierBp: benefits.multiplierBp,
        rewardIds: benefits.rewardIds,
        reachBonusPoints: tier.benefits.reachBonusPoints,
        birthdayBonusPoints: tier.benefits.birthdayBonusPoints,
      },
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
    const m = await this.pool.query<{ created_at: Date; state: TierState | null }>(
      `SELECT m.created_at, s.state FROM members m
         LEFT JOIN member_tier_states s ON s.business_id = m.business_id AND s.member_id = m.id
        WHERE m.business_id = $1 AND m.id = $2`,
      [businessId, memberId],
    );
    const row = m.rows[0];
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
      state = tierTimeline(
        ctx,
        await this.store.memberEvents(this.pool, businessId, memberId, now),
        now,
      ).state;
    }
    const view = this.view(setup, { id: memberId, since: row.created_at }, state, now);
    if (!view) return null;
    if (opts.history) {
      const h = await this.pool.query<{
        at: Date;
        from_tier: string | null;
        to_tier: string;
        reason: string;
        program_version: number;
      }>(
        `SELECT at, from_tier, to_tier, reason, program_version FROM member_tier_history
          WHERE business_id = $1 AND member_id = $2 ORDER BY at DESC, seq DESC LIMIT 200`,
        [businessId, memberId],
      );
      view.history = h.rows.map((x) => ({
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
