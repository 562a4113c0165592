import { ApiProperty } from '@nestjs/swagger';

/** The report takes no parameters: any given is refused (400). */
export class ProgramQuery {}

export class OutstandingPointsView {
  @ApiProperty({
    description:
      'Points members hold now (available + pending + held, less points on lapsed lots not yet settled)',
  })
  points: number;
  @ApiProperty() available: number;
  @ApiProperty({ description: 'Earned, not yet available' }) pending: number;
  @ApiProperty({ description: 'Reserved by a redemption in progress' }) held: number;
  @ApiProperty({ description: 'Members holding any points' }) holders: number;
}

export class PointValueView {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Money value of one point in minor units (fractional); null when the program gives none',
  })
  minorUnitsPerPoint: number | null;
  @ApiProperty({ enum: ['redemptions', 'rewards', 'none'] }) method: string;
  @ApiProperty() explanation: string;
}

export class BreakageView {
  @ApiProperty({ description: 'Points of earn lots whose expiry has passed (voided lots left out)' })
  lapsedIssued: number;
  @ApiProperty({ description: 'Of those, points that expired unused' }) expired: number;
  @ApiProperty({ description: 'Expired by the settle run' }) expiredSettled: number;
  @ApiProperty({ description: 'Left on lapsed lots the settle run has not expired yet' })
  expiredUnsettled: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'expired / lapsedIssued; null before any lot lapsed',
  })
  rate: number | null;
}

export class MoneyFigureView {
  @ApiProperty({ nullable: true, type: Number, description: 'Minor units; null without a point value' })
  value: number | null;
  @ApiProperty() arithmetic: string;
}

export class ExpectedRedemptionView extends MoneyFigureView {
  @ApiProperty({ description: 'Outstanding points expected to be redeemed' }) points: number;
}

export class RewardCostView {
  @ApiProperty({ format: 'uuid' }) rewardId: string;
  @ApiProperty() rewardName: string;
  @ApiProperty({ example: 'points' }) unit: string;
  @ApiProperty() redemptions: number;
  @ApiProperty({ description: 'Points or stamps spent' }) cost: number;
  @ApiProperty({ description: 'Minor units given away' }) money: number;
}

export class ProgramCostView {
  @ApiProperty({ type: [RewardCostView] }) rewards: RewardCostView[];
  @ApiProperty() redemptions: number;
  @ApiProperty({ description: 'Minor units given away in the period' }) money: number;
  @ApiProperty({ description: 'Minor units members spent in the period (net of returns)' })
  memberRevenue: number;
  @ApiProperty({ description: 'Members with a purchase in the period' }) members: number;
  @ApiProperty({ nullable: true, type: Number, description: 'money / memberRevenue' }) costShare:
    number | null;
}

export class ProgramReportView {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({
    format: 'date',
    description: 'First day of the cost period (12 calendar months to this one)',
  })
  from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty() definition: string;
  @ApiProperty({ type: OutstandingPointsView }) outstanding: OutstandingPointsView;
  @ApiProperty({ type: PointValueView }) pointValue: PointValueView;
  @ApiProperty({ type: MoneyFigureView, description: 'Outstanding points × point value' })
  liability: MoneyFigureView;
  @ApiProperty({ type: BreakageView }) breakage: BreakageView;
  @ApiProperty({ type: ExpectedRedemptionView }) expectedRedemption: ExpectedRedemptionView;
  @ApiProperty({ type: ProgramCostView }) cost: ProgramCostView;
}
