import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '@regulars/core';
import { Ledger, type HolderSnapshot, type LedgerClient } from '@regulars/ledger';
import { rewardsAffordable, stampHolding, type Reward, type RuleSet } from '@regulars/rules';
import { Db } from '../database/db';
import { RulesService, rewardOf } from '../rules/rules.service';
import type { RewardEntity } from '../rules/rules.entities';
import type { MemberTierView } from '../tiers/tiers.views';

const SOON_MS = 30 * 86_400_000;

export interface LoyaltySummary {
  member: { id: string; memberNumber: string; firstName: string; lastName: string | null };
  /** The member's club tier with progress, benefits and end (GET /api/me/loyalty); null at the counter's scan for now, or without a tier program. */
  tier: MemberTierView | null;
  points: {
    available: number;
    pending: number;
    held: number;
    expiringSoon: { amount: number; expiresAt: string }[];
  };
  stampCards: {
    cardId: string;
    name: string;
    size: number;
    progress: number;
    completedCards: number;
    rewardId: string;
  }[];
  rewardsAvailable: {
    id: string;
    name: string;
    cost: Reward['cost'];
    benefit: Reward['benefit'];
    times: number;
  }[];
  /** Rewards limited to tiers or club members the member is not in, with the reason (the scan and /me). */
  rewardsLocked?: { id: string; name: string; reason: string }[];
}

/** What the counter and the summary need of a member. */
export interface CounterMember {
  id: string;
  memberNumber: string;
  firstName: string;
  lastName: string | null;
}

/** The window of "points expiring soon": lots of the points unit lapsing in (now, now + 30 days]. */
export function soonWindow(now: Date): { expiringUnit: 'points'; from: Date; until: Date } {
  return { expiringUnit: 'points', from: now, until: new Date(now.getTime() + SOON_MS) };
}

/** The summary the counter and the member see, from a holder snapshot, the rules in force and the catalogue. */
export function buildSummary(
  member: CounterMember,
  snapshot: HolderSnapshot,
  rules: RuleSet,
  catalogue: RewardEntity[],
): LoyaltySummary {
  const byUnit = new Map(snapshot.balances.map((b) => [b.unit, b.balance]));
  const pts = byUnit.get('points');
  const stampCards = rules.stampCards.map((c) => {
    const held = byUnit.get(`stamps:${c.id}`)?.available ?? 0;
    const h = stampHolding(held, c.cardSize);
    return {
      cardId: c.id,
      name: c.name,
      size: c.cardSize,
      progress: h.progress,
      completedCards: h.completedCards,
      rewardId: c.reward.id,
    };
  });
  const affordable = rewardsAffordable(
    { availablePoints: pts?.available ?? 0 },
    Object.fromEntries(stampCards.map((c) => [c.cardId, { completedCards: c.completedCards }])),
    catalogue.map(rewardOf),
  );
  return {
    member: {
      id: member.id,
      memberNumber: member.memberNumber,
      firstName: member.firstName,
      lastName: member.lastName,
    },
    tier: null,
    points: {
      available: pts?.available ?? 0,
      pending: pts?.pending ?? 0,
      held: pts?.held ?? 0,
      expiringSoon: snapshot.expiring.map((r) => ({
        amount: r.amount,
        expiresAt: r.expiresAt.toISOString(),
      })),
    },
    stampCards,
    rewardsAvailable: affordable.map((a) => ({
      id: a.reward.id,
      name: a.reward.name,
      cost: a.reward.cost,
      benefit: a.reward.benefit,
      times: a.times,
    })),
  };
}

/**
 * Read side for the counter and the member: balances of every unit the member
 * holds (one indexed ledger read), points expiring soon, stamp-card progress
 * and affordable rewards.
 */
@Injectable()
export class LoyaltyReadService {
  private readonly pool: Pool;
  constructor(
    db: Db,
    private readonly rules: RulesService,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {
    this.pool = db.pool;
  }

  /**
   * Inside a transaction, pass its client and the rules and catalogue loaded
   * beforehand: a transaction must never wait for a second pool connection.
   */
  async summary(
    businessId: string,
    member: CounterMember,
    runner: LedgerClient = this.pool,
    preloaded?: { ruleSet: RuleSet; catalogue: RewardEntity[] },
  ): Promise<LoyaltySummary> {
    const now = this.clock.now();
    const client = runner === this.pool ? undefined : runner;
    const [snapshot, rules, catalogue] = await Promise.all([
      this.ledger.holderSnapshot({
        businessId,
        ownerType: 'member',
        ownerId: member.id,
        ...soonWindow(now),
        client,
      }),
      preloaded
        ? Promise.resolve(preloaded.ruleSet)
        : this.rules.cachedRulesAt(businessId, now).then((r) => r.ruleSet),
      preloaded ? Promise.resolve(preloaded.catalogue) : this.rules.listRewards(businessId),
    ]);
    return buildSummary(member, snapshot, rules, catalogue);
  }

  /** The member's history across points and stamp cards, newest first, with reasons; keyset-paginated. */
  async history(businessId: string, memberId: string, cursor: string | undefined, limit = 50) {
    const page = await this.ledger.holderStatement({
      businessId,
      ownerType: 'member',
      ownerId: memberId,
      cursor,
      limit,
    });
    return {
      items: page.entries.map((e) => ({
        at: e.effectiveAt.toISOString(),
        unit: e.unit,
        kind: e.kind,
        bucket: e.bucket,
        amount: e.amount,
        balanceAfter: e.balanceAfter?.available ?? null,
        reason: e.reason,
        reference: e.reference,
      })),
      nextCursor: page.nextCursor,
    };
  }
}

/** How far a member is from one reward of the catalogue. */
export interface RewardProgress {
  id: string;
  name: string;
  cost: Reward['cost'];
  benefit: Reward['benefit'];
  /** The member can have it now. */
  available: boolean;
  /** Points still needed (points rewards), else null. */
  pointsToGo: number | null;
  /** Stamps still needed to fill the card (stamp-card rewards), else null. */
  stampsToGo: number | null;
}

/** Every active reward with what the member still needs for it ("54 points to 5 € off"). */
export function rewardProgress(summary: LoyaltySummary, catalogue: RewardEntity[]): RewardProgress[] {
  const available = summary.points.available;
  return catalogue
    .map(rewardOf)
    .filter((r) => r.active)
    .map((r) => {
      let pointsToGo: number | null = null;
      let stampsToGo: number | null = null;
      if (r.cost.kind === 'points') pointsToGo = Math.max(0, r.cost.points - available);
      else {
        const cardId = r.cost.cardId;
        const card = summary.stampCards.find((c) => c.cardId === cardId);
        stampsToGo = card ? (card.completedCards > 0 ? 0 : card.size - card.progress) : null;
      }
      return {
        id: r.id,
        name: r.name,
        cost: r.cost,
        benefit: r.benefit,
        available: pointsToGo === 0 || stampsToGo === 0,
        pointsToGo,
        stampsToGo,
      };
    });
}
