import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import {
  previewRuleChange,
  validateRewardCatalogue,
  validateRuleSet,
  type Purchase,
  type Reward,
  type RuleSet,
  type ValidationIssue,
} from '@regulars/rules';
import { BusinessRepository } from '../businesses/businesses.repository';
import { TtlCache } from '../common/ttl-cache';
import { LoyaltyProgramEntity, RewardEntity, RuleSetVersionEntity } from './rules.entities';
import {
  ProgramRepository,
  RewardRepository,
  RuleSetRepository,
  RulesReadRepository,
} from './rules.repository';
import { Db, type Tx } from '../database/db';
import type { CreateRewardDto, UpdateProgramDto, UpdateRewardDto } from './rules.dto';

const DAY = 86_400_000;

function invalid(what: string, errors: ValidationIssue[]): never {
  throw new DomainError(
    ErrorCode.VALIDATION_FAILED,
    `Invalid ${what}: ${errors
      .map((e) => `${e.path} ${e.message}`)
      .slice(0, 5)
      .join('; ')}`,
    {
      fields: errors.map((e) => ({ field: e.path, problems: [e.message] })),
    },
  );
}

/** An empty rule set: nothing is earned until the business publishes rules. */
export const NO_RULES: RuleSet = {
  points: null,
  multipliers: [],
  exclusions: { skus: [], categories: [] },
  promotions: [],
  stampCards: [],
  pointsExpiry: null,
  pendingDays: 0,
};

export const rewardOf = (r: RewardEntity): Reward => ({
  id: r.id,
  name: r.name,
  cost: r.cost,
  benefit: r.benefit,
  active: r.active,
});

@Injectable()
export class RulesService {
  constructor(
    private readonly db: Db,
    private readonly versions: RuleSetRepository,
    private readonly reads: RulesReadRepository,
    private readonly programs: ProgramRepository,
    private readonly rewards: RewardRepository,
    private readonly businesses: BusinessRepository,
    private readonly clock: Clock,
  ) {}

  // ---- program settings ----

  async program(businessId: string, tx?: Tx): Promise<Omit<LoyaltyProgramEntity, 'businessId'>> {
    const p = await this.programs.find(businessId, tx);
    return p ?? { reversalPolicy: 'clamp', restoreRewardsOnReturn: true, updatedAt: new Date(0) };
  }

  async updateProgram(businessId: string, dto: UpdateProgramDto) {
    const current = await this.program(businessId);
    return this.programs.upsert(businessId, {
      reversalPolicy: dto.reversalPolicy ?? current.reversalPolicy,
      restoreRewardsOnReturn: dto.restoreRewardsOnReturn ?? current.restoreRewardsOnReturn,
      updatedAt: this.clock.now(),
    });
  }

  // ---- versioned rules ----

  /** The rules in force at an instant (a late purchase gets the rules of its own time). */
  async rulesAt(
    businessId: string,
    at: Date,
    tx?: Tx,
  ): Promise<{ version: number | null; ruleSet: RuleSet }> {
    const v = await this.versions.inForceAt(businessId, at, tx);
    return v ? { version: v.version, ruleSet: v.rules } : { version: null, ruleSet: NO_RULES };
  }

  rulesNow(businessId: string) {
    return this.rulesAt(businessId, this.clock.now());
  }

  /**
   * Every version of a business, newest effective first: read on every scan
   * and purchase, so cached for 5 s and evicted at once by publishing through
   * this instance. Another instance can miss a version published in the last
   * 5 s; a purchase therefore re-checks the version in force inside its own
   * database call (pos_rule_version_at) and reloads on a mismatch. Only the
   * counter's reads use the cache; writes that validate against the rules
   * (publishing, rewards, redemptions, returns) read them fresh.
   */
  private readonly versionCache = new TtlCache<{ version: number; from: number; rules: RuleSet }[]>(5_000);

  async cachedRulesAt(businessId: string, at: Date): Promise<{ version: number | null; ruleSet: RuleSet }> {
    const list = (await this.versionCache.getOrLoad(businessId, async () =>
      (await this.versions.all(businessId)).map((v) => ({
        version: v.version,
        from: v.effectiveFrom.getTime(),
        rules: v.rules,
      })),
    ))!;
    const t = at.getTime();
    const v = list.find((x) => x.from <= t);
    return v ? { version: v.version, ruleSet: v.rules } : { version: null, ruleSet: NO_RULES };
  }

  evictCachedRules(businessId: string): void {
    this.versionCache.delete(businessId);
  }

  listVersions(businessId: string): Promise<RuleSetVersionEntity[]> {
    return this.versions.list(businessId);
  }

  /** Names of the staff who published versions (history shows who, not an id). */
  async publisherNames(businessId: string, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    if (!wanted.length) return new Map();
    const rows = await this.reads.staffNames(businessId, wanted);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Publishes a new version, effective now or later (never backdated: purchases already evaluated keep their rules). */
  async publish(
    businessId: string,
    actorId: string | null,
    raw: unknown,
    effectiveFrom?: string,
  ): Promise<RuleSetVersionEntity> {
    const checked = validateRuleSet(raw);
    if (!checked.ok) invalid('rule set', checked.errors);
    const now = this.clock.now();
    const from = effectiveFrom ? new Date(effectiveFrom) : now;
    if (from.getTime() < now.getTime() - 1000) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'effectiveFrom must not be in the past', {
        fields: [{ field: 'effectiveFrom', problems: ['must not be in the past'] }],
      });
    }
    const rewards = await this.rewards.list(businessId);
    const catalogue = validateRewardCatalogue(rewards.map(rewardOf), checked.value);
    if (!catalogue.ok)
      invalid('rule set: the rewards catalogue refers to stamp cards it removes', catalogue.errors);
    const saved = await this.db.transaction(async (tx) => {
      // Serialise publishing per business so version numbers are gap-free.
      await this.businesses.lockForUpdate(businessId, tx);
      const latest = await this.versions.latest(businessId, tx);
      return this.versions.insert(
        businessId,
        {
          version: (latest?.version ?? 0) + 1,
          effectiveFrom: from,
          rules: checked.value,
          createdAt: now,
          createdBy: actorId,
        },
        tx,
      );
    });
    this.versionCache.delete(businessId);
    return saved;
  }

  /**
   * What a proposed rule set would have given on the purchases of the last N
   * days, compared with the rules in force now. Writes nothing.
   */
  async preview(businessId: string, raw: unknown, days: number, limit: number) {
    const checked = validateRuleSet(raw);
    if (!checked.ok) invalid('rule set', checked.errors);
    const business = await this.businesses.findById(businessId);
    if (!business) throw new NotFoundError('Business');
    const now = this.clock.now();
    const current = await this.rulesAt(businessId, now);
    const rows = await this.reads.purchasesBetween(businessId, new Date(now.getTime() - days * DAY), now);
    const purchases = rows.map((r) => ({
      memberId: r.member_id,
      purchase: {
        occurredAt: r.occurred_at.toISOString(),
        total: Number(r.total),
        lines: r.lines.map((l) => ({ ...l, unitPrice: Number(l.unitPrice) })),
      } satisfies Purchase,
    }));
    const result = previewRuleChange(
      purchases,
      current.ruleSet,
      checked.value,
      {},
      { timeZone: business.timeZone, limit },
    );
    // Name the members (the console lists them by name, not by id); same business only.
    const ids = result.changedMembers.map((m) => m.memberId);
    const named = ids.length ? await this.reads.memberNames(businessId, ids) : [];
    const byId = new Map(named.map((r) => [r.id, r]));
    const changedMembers = result.changedMembers.map((m) => {
      const r = byId.get(m.memberId);
      return {
        ...m,
        memberName: r ? [r.first_name, r.last_name].filter(Boolean).join(' ') : '',
        memberNumber: r?.member_number ?? '',
      };
    });
    return { days, currentVersion: current.version, ...result, changedMembers };
  }

  // ---- rewards catalogue ----

  /** Read on every scan and purchase: cached for 5 s, evicted at once by changes through this instance. */
  private readonly catalogue = new TtlCache<RewardEntity[]>(5_000);

  async listRewards(businessId: string): Promise<RewardEntity[]> {
    return (await this.catalogue.getOrLoad(businessId, () =>
      this.rewards.list(businessId, {}, { createdAt: 'ASC' }),
    ))!;
  }

  async getReward(businessId: string, id: string, tx?: Tx): Promise<RewardEntity> {
    const r = await this.rewards.findById(businessId, id, tx);
    if (!r) throw new NotFoundError('Reward');
    return r;
  }

  async createReward(businessId: string, dto: CreateRewardDto): Promise<RewardEntity> {
    const { ruleSet } = await this.rulesAt(businessId, this.clock.now());
    const candidate = {
      id: 'new',
      name: dto.name,
      cost: dto.cost,
      benefit: dto.benefit,
      active: dto.active ?? true,
    };
    const checked = validateRewardCatalogue([candidate], ruleSet);
    if (!checked.ok)
      invalid(
        'reward',
        checked.errors.map((e) => ({ ...e, path: e.path.replace(/^\[0\]\.?/, '') })),
      );
    const r = checked.value[0];
    const created = await this.rewards.insert(businessId, {
      name: r.name,
      cost: r.cost,
      benefit: r.benefit,
      active: r.active,
      createdAt: this.clock.now(),
    });
    this.catalogue.delete(businessId);
    return created;
  }

  async updateReward(businessId: string, id: string, dto: UpdateRewardDto): Promise<RewardEntity> {
    await this.getReward(businessId, id);
    const patch: Partial<RewardEntity> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.active !== undefined) patch.active = dto.active;
    const updated = (await this.rewards.update(businessId, id, patch))!;
    this.catalogue.delete(businessId);
    return updated;
  }
}
