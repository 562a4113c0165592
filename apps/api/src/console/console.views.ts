import { ApiProperty } from '@nestjs/swagger';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class ExpiringPointsView {
  @ApiProperty() amount: number;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class PointsView {
  @ApiProperty() available: number;
  @ApiProperty() pending: number;
  @ApiProperty() held: number;
  @ApiProperty({ type: [ExpiringPointsView], description: 'Lapsing within 30 days' })
  expiringSoon: ExpiringPointsView[];
}

export class StampProgressView {
  @ApiProperty() cardId: string;
  @ApiProperty() name: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'Stamps on the card being filled' }) progress: number;
  @ApiProperty({ description: 'Full cards not yet redeemed' }) completedCards: number;
  @ApiProperty() rewardId: string;
}

export class RewardAvailableView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty(OBJECT) cost: Record<string, unknown>;
  @ApiProperty(OBJECT) benefit: Record<string, unknown>;
  @ApiProperty({ description: 'How many times it can be redeemed now' }) times: number;
}

export class MemberLoyaltyView {
  @ApiProperty({ type: PointsView }) points: PointsView;
  @ApiProperty({ type: [StampProgressView] }) stampCards: StampProgressView[];
  @ApiProperty({ type: [RewardAvailableView] }) rewardsAvailable: RewardAvailableView[];
}

export class HistoryEntryView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: "'points' or 'stamps:<cardId>'" }) unit: string;
  @ApiProperty({ description: 'earn, spend, reverse, expire, …' }) kind: string;
  @ApiProperty({ enum: ['available', 'pending', 'held'] }) bucket: string;
  @ApiProperty({ description: 'Signed: + added, − taken' }) amount: number;
  @ApiProperty({ type: Number, nullable: true }) balanceAfter: number | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
}

export class HistoryPageView {
  @ApiProperty({ type: [HistoryEntryView] }) items: HistoryEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PurchaseLineView {
  @ApiProperty() lineId: string;
  @ApiProperty({ type: String, nullable: true }) sku: string | null;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'Minor units' }) unitPrice: number;
  @ApiProperty() returnedQuantity: number;
}

export class MemberPurchaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() transactionId: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ description: 'Minor units of the business currency' }) total: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
  @ApiProperty({ type: [PurchaseLineView] }) lines: PurchaseLineView[];
}

export class MemberPurchasePageView {
  @ApiProperty({ type: [MemberPurchaseView] }) items: MemberPurchaseView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AdjustmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({ description: 'Signed points' }) amount: number;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty({ description: 'Name of the staff member who made it' }) staffName: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true }) ledgerTransactionId: string | null;
  @ApiProperty({ description: 'Points available right after it' }) balanceAfter: number;
}

export class AdjustmentListView {
  @ApiProperty({ type: [AdjustmentView] }) items: AdjustmentView[];
}

export class DashboardWeekView {
  @ApiProperty({ format: 'date', description: 'Monday of the week, in the business time zone' })
  weekStart: string;
  @ApiProperty() newMembers: number;
  @ApiProperty({ description: 'Distinct members with a purchase that week' }) activeMembers: number;
  @ApiProperty() purchases: number;
  @ApiProperty({ description: 'Sum of purchase totals, minor units' }) revenue: number;
  @ApiProperty({ description: 'Points earned (purchases, promotions, manual credits)' }) pointsIssued: number;
  @ApiProperty({ description: 'Points spent on rewards (manual debits not included)' })
  pointsRedeemed: number;
  @ApiProperty({ description: 'Stamp cards filled' }) stampCardsCompleted: number;
}

export class TopRewardView {
  @ApiProperty({ format: 'uuid' }) rewardId: string;
  @ApiProperty() name: string;
  @ApiProperty() redemptions: number;
}

export class DashboardTotalsView {
  @ApiProperty({ description: 'All members now' }) members: number;
  @ApiProperty({ description: 'Members with a purchase in the last 30 days' }) activeMembers30d: number;
}

export class DashboardView {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: DashboardTotalsView }) totals: DashboardTotalsView;
  @ApiProperty({ type: [DashboardWeekView], description: 'Oldest first; every week present' })
  weeks: DashboardWeekView[];
  @ApiProperty({ type: [TopRewardView], description: 'Most redeemed in the window, at most 5' })
  topRewards: TopRewardView[];
}
