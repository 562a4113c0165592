/**
 * The answers of the counter (/api/scan, /api/pos/*) and of the member page
 * (/api/me/*) as typed views: the OpenAPI document describes them, and the
 * pages use the generated client types (web/src/generated/api.ts).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MemberTierView } from '../tiers/tiers.views';

const REWARD_COST = {
  type: 'object',
  additionalProperties: true,
  description: '{ kind: "points", points } | { kind: "stamp_card", cardId }',
} as const;
const REWARD_BENEFIT = {
  type: 'object',
  additionalProperties: true,
  description:
    '{ kind: "free_item", sku, description, maxValue } | { kind: "amount_off", amount } | { kind: "percent_off", basisPoints, maxAmount, rounding }',
} as const;

export class CounterMemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() memberNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
}

export class ExpiringPointsView {
  @ApiProperty() amount: number;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class PointsView {
  @ApiProperty({ description: 'Spendable now' }) available: number;
  @ApiProperty({ description: 'Earned, not yet available (pending days)' }) pending: number;
  @ApiProperty({ description: 'Reserved by open holds' }) held: number;
  @ApiProperty({ type: [ExpiringPointsView], description: 'Lots lapsing in the next 30 days' })
  expiringSoon: ExpiringPointsView[];
}

export class StampCardView {
  @ApiProperty() cardId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Stamps to fill one card' }) size: number;
  @ApiProperty({ description: 'Stamps on the card being filled' }) progress: number;
  @ApiProperty({ description: 'Full cards not yet redeemed' }) completedCards: number;
  @ApiProperty() rewardId: string;
}

export class AvailableRewardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty(REWARD_COST) cost: object;
  @ApiProperty(REWARD_BENEFIT) benefit: object;
  @ApiProperty({ description: 'How many times the member can have it now' }) times: number;
}

export class LockedRewardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'For Gold members and above' }) reason: string;
}

/** What the counter (and the member) see: member, tier, points, stamp cards, rewards available now. */
export class LoyaltySummaryView {
  @ApiProperty({ type: CounterMemberView }) member: CounterMemberView;
  @ApiProperty({
    type: MemberTierView,
    nullable: true,
    description: 'The club tier; null without a tier program or before the member is evaluated',
  })
  tier: MemberTierView | null;
  @ApiProperty({ type: PointsView }) points: PointsView;
  @ApiProperty({ type: [StampCardView] }) stampCards: StampCardView[];
  @ApiProperty({ type: [AvailableRewardView] }) rewardsAvailable: AvailableRewardView[];
  @ApiPropertyOptional({
    type: [LockedRewardView],
    description: 'Rewards limited to tiers or club members the member is not in, with the reason',
  })
  rewardsLocked?: LockedRewardView[];
}

export class PurchaseHeadView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Printed on the receipt: 8 characters 0-9 A-F', example: '3FA90C21' })
  receiptCode: string;
  @ApiProperty() transactionId: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({
    description: 'What the member pays (minor units): the sale less the rewards redeemed with it',
  })
  total: number;
  @ApiProperty({ description: 'The sale before rewards, minor units' }) saleAmount: number;
  @ApiProperty({ description: 'Taken off by rewards redeemed with the sale, minor units' })
  rewardDiscount: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The rule version the purchase earned under' })
  ruleVersion: number | null;
}

export class EarnedView {
  @ApiProperty({ enum: ['points', 'stamps'] }) kind: 'points' | 'stamps';
  @ApiProperty({ description: 'The posting key (base, promotion id, stamp card id, tier extra)' })
  key: string;
  @ApiProperty() amount: number;
  @ApiProperty({ description: 'As shown in the member history, e.g. "Gold tier +5"' }) reason: string;
  @ApiPropertyOptional({ description: 'Stamps only' }) cardId?: string;
  @ApiPropertyOptional({ description: 'Stamps only: cards completed by this purchase' })
  cardsCompleted?: number;
  @ApiProperty({ format: 'date-time' }) availableAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
}

export class RedemptionOutcomeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) rewardId: string;
  @ApiProperty() rewardName: string;
  @ApiProperty({ description: '"points" or "stamps:<cardId>"' }) unit: string;
  @ApiProperty() cost: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Money off, minor units; null: applied at the till',
  })
  discount: number | null;
  @ApiProperty({ type: String, nullable: true }) rule: string | null;
}

/** A purchase as it was answered (GET /api/pos/purchases/:id). */
export class StoredPurchaseView {
  @ApiProperty({ type: PurchaseHeadView }) purchase: PurchaseHeadView;
  @ApiProperty({ type: [EarnedView] }) earned: EarnedView[];
  @ApiProperty({ type: [String] }) notes: string[];
  @ApiProperty({ type: [RedemptionOutcomeView] }) redemptions: RedemptionOutcomeView[];
  @ApiProperty({ type: LoyaltySummaryView }) summary: LoyaltySummaryView;
}

export class PurchaseAnswerView extends StoredPurchaseView {
  @ApiProperty({ description: 'true: the same request was answered before; this is that answer' })
  replayed: boolean;
}

export class RedemptionAnswerView {
  @ApiProperty({ type: RedemptionOutcomeView }) redemption: RedemptionOutcomeView;
  @ApiProperty({ type: LoyaltySummaryView }) summary: LoyaltySummaryView;
  @ApiProperty() replayed: boolean;
}

export class ReturnedLineView {
  @ApiProperty() lineId: string;
  @ApiProperty() quantity: number;
}

export class ReturnRecordView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) purchaseId: string;
  @ApiProperty({ type: [ReturnedLineView] }) lines: ReturnedLineView[];
  @ApiProperty({ description: 'Nothing of the purchase is left to return' }) fullyReturned: boolean;
}

export class ReversedView {
  @ApiProperty({ enum: ['points', 'stamps'] }) kind: string;
  @ApiProperty() key: string;
  @ApiProperty({ description: 'Taken back (the program policy may clamp it)' }) amount: number;
  @ApiProperty({ description: 'What the returned lines had earned' }) requested: number;
  @ApiProperty() reason: string;
}

export class RestoredRewardView {
  @ApiProperty({ format: 'uuid' }) redemptionId: string;
  @ApiProperty({ format: 'uuid' }) rewardId: string;
  @ApiProperty() amount: number;
}

export class ReturnAnswerView {
  @ApiProperty({ type: ReturnRecordView }) return: ReturnRecordView;
  @ApiProperty({ type: [ReversedView] }) reversed: ReversedView[];
  @ApiProperty({ type: [RestoredRewardView] }) restoredRewards: RestoredRewardView[];
  @ApiProperty({ type: LoyaltySummaryView }) summary: LoyaltySummaryView;
  @ApiProperty() replayed: boolean;
}

export class RewardProgressView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty(REWARD_COST) cost: object;
  @ApiProperty(REWARD_BENEFIT) benefit: object;
  @ApiProperty({ description: 'The member can have it now' }) available: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Points still needed (points rewards)' })
  pointsToGo: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Stamps still needed (stamp-card rewards)' })
  stampsToGo: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the member cannot have it (limited to tiers or club members); null when open to them',
  })
  locked: string | null;
}

/** GET /api/me/loyalty: the summary with the tier and how far each reward is. */
export class MemberLoyaltyView extends LoyaltySummaryView {
  @ApiProperty({ type: [RewardProgressView] }) rewards: RewardProgressView[];
}

export class HistoryItemView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: '"points" or "stamps:<cardId>"' }) unit: string;
  @ApiProperty({ description: 'Ledger transaction kind (earn, spend, reverse, expire, mature, ...)' })
  kind: string;
  @ApiProperty({ enum: ['available', 'pending', 'held'] }) bucket: string;
  @ApiProperty() amount: number;
  @ApiProperty({ type: Number, nullable: true }) balanceAfter: number | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
}

export class HistoryPageView {
  @ApiProperty({ type: [HistoryItemView] }) items: HistoryItemView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page' })
  nextCursor: string | null;
}
