import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Ledger, type HolderAccountRef } from '@regulars/ledger';
import { applyRewardToPurchase, type Reward, type RuleSet } from '@regulars/rules';
import type { Principal } from '../auth/principal';
import { RulesService, rewardOf } from '../rules/rules.service';
import type { RewardEntity } from '../rules/rules.entities';
import { recordEvent } from '../events/events';
import { CounterReadService } from './counter-read.service';
import { hashRequest } from './idempotency';
import { LoyaltyReadService, type LoyaltySummary } from './loyalty-read.service';
import { pointsAccount, stampsAccount, type RedemptionOutcome } from './pos-common';
import type { RedemptionDto } from './pos.dto';
import { TiersService } from '../tiers/tiers.service';
import { PosRepository, type PosTx } from './pos.repository';

/** The catalogue's reward with this id (NOT_FOUND otherwise). */
export function findReward(catalogue: RewardEntity[], id: string): RewardEntity {
  const r = catalogue.find((x) => x.id === id);
  if (!r) throw new NotFoundError('Reward');
  return r;
}

/** The answer to a redemption. */
export interface RedemptionAnswer {
  redemption: RedemptionOutcome;
  summary: LoyaltySummary;
  replayed: boolean;
}

/** Redemptions at the counter: alone (POST /api/pos/redemptions) or with a sale (StepsPurchase). */
@Injectable()
export class RedemptionService {
  constructor(
    private readonly repo: PosRepository,
    private readonly counter: CounterReadService,
    private readonly ledger: Ledger,
    private readonly rules: RulesService,
    private readonly reads: LoyaltyReadService,
    private readonly tiers: TiersService,
    private readonly clock: Clock,
  ) {}

  async redeem(principal: Principal, dto: RedemptionDto): Promise<RedemptionAnswer> {
    const businessId = principal.businessId;
    const requestHash = hashRequest(dto);
    const member = await this.counter.member(businessId, dto.member);
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const catalogue = await this.rules.listRewards(businessId);
    const reward = findReward(catalogue, dto.rewardId);
    return this.repo.transaction(async (tx) => {
      if (
        dto.purchaseId &&
        !(await this.repo.purchaseOfMemberExists(businessId, dto.purchaseId, member.id, tx))
      )
        throw new NotFoundError('Purchase');
      const outcome = await this.redeemInTransaction(tx, {
        businessId,
        memberId: member.id,
        reward,
        purchaseId: dto.purchaseId ?? null,
        idempotencyKey: dto.idempotencyKey,
        purchaseTotal: dto.purchaseTotal,
        requestHash,
        ruleSet,
      });
      if ('replay' in outcome) return { ...(outcome.replay as RedemptionAnswer), replayed: true };
      const summary = await this.reads.summary(businessId, member, tx, { ruleSet, catalogue });
      const response = { redemption: outcome, summary };
      await this.repo.setRedemptionResponse(businessId, outcome.id, response, tx);
      return { ...response, replayed: false };
    });
  }

  /**
   * One redemption inside the caller's transaction: claims the key, spends the
   * reward's cost from the member's points or stamp card (refused below zero),
   * records the discount. Returns a replay marker for a repeated key.
   */
  async redeemInTransaction(
    tx: PosTx,
    a: {
      businessId: string;
      memberId: string;
      reward: RewardEntity;
      purchaseId: string | null;
      idempotencyKey: string;
      purchaseTotal?: number;
      /** The reward as applied to the purchase it is redeemed with (applyRewardsToPurchase). */
      applied?: { discount: number; rule: string };
      requestHash: string;
      ruleSet: RuleSet;
    },
  ): Promise<RedemptionOutcome | { replay: unknown }> {
    const reward: Reward = rewardOf(a.reward);
    if (!reward.active)
      throw new DomainError(ErrorCode.REWARD_NOT_AVAILABLE, 'This reward is no longer offered', {
        rewardId: reward.id,
        reason: 'withdrawn',
      });
    // Rewards limited to tiers or club members (issue 15): REWARD_LOCKED for anyone else.
    await this.tiers.assertRewardAllowed(tx, a.businessId, a.memberId, reward.id, this.clock.now());
    let account: HolderAccountRef;
    let cost: number;
    if (reward.cost.kind === 'points') {
      account = pointsAccount(a.memberId);
      cost = reward.cost.points;
    } else {
      const cardId = reward.cost.cardId;
      const card = a.ruleSet.stampCards.find((c) => c.id === cardId);
      if (!card)
        throw new DomainError(
          ErrorCode.REWARD_NOT_AVAILABLE,
          'The stamp card of this reward is no longer in the rules',
          { rewardId: reward.id, reason: 'stamp_card_removed' },
        );
      account = stampsAccount(a.memberId, cardId);
      cost = card.cardSize;
    }
    const createdAt = this.clock.now();
    const claim = await this.repo.claimRedemption(
      a.businessId,
      {
        idempotencyKey: a.idempotencyKey,
        memberId: a.memberId,
        rewardId: reward.id,
        purchaseId: a.purchaseId,
        cost,
        unit: account.unit,
        createdAt,
        requestHash: a.requestHash,
      },
      tx,
    );
    if ('replay' in claim) return claim;
    await this.repo.lockMember(a.businessId, a.memberId, tx);
    const spent = await this.ledger.spend({
      businessId: a.businessId,
      idempotencyKey: `redemption:${claim.id}`,
      at: this.clock.now(),
      account,
      amount: cost,
      reason: `Redeemed: ${reward.name}`,
      reference: `redemption:${claim.id}`,
      client: tx,
    });
    let discount: number | null = null;
    let rule: string | null = null;
    if (a.applied) {
      discount = a.applied.discount;
      rule = a.applied.rule;
    } else if (a.purchaseTotal !== undefined || reward.benefit.kind !== 'percent_off') {
      const applied = applyRewardToPurchase(reward, a.purchaseTotal ?? Number.MAX_SAFE_INTEGER);
      discount = applied.discount;
      rule = applied.rule;
    }
    await this.repo.setRedemptionSpent(a.businessId, claim.id, spent.transactionId, discount ?? 0, tx);
    await recordEvent(tx, {
      businessId: a.businessId,
      type: 'redemption.recorded',
      payload: {
        redemptionId: claim.id,
        memberId: a.memberId,
        rewardId: reward.id,
        purchaseId: a.purchaseId,
        unit: account.unit,
        cost,
        discount: discount ?? 0,
      },
      occurredAt: createdAt,
      recordedAt: createdAt,
    });
    return {
      id: claim.id,
      rewardId: reward.id,
      rewardName: reward.name,
      unit: account.unit,
      cost,
      discount,
      rule,
    };
  }
}
