import { ApiProperty } from '@nestjs/swagger';

/** The report takes no parameters: any given is refused (400). */
export class RedemptionQuery {}

export class RedemptionMonthView {
  @ApiProperty({ example: '2026-01' }) month: string;
  @ApiProperty({ format: 'uuid' }) rewardId: string;
  @ApiProperty() rewardName: string;
  @ApiProperty({ description: 'Redemptions (restored ones left out)' }) redemptions: number;
  @ApiProperty({ description: 'Their cost in the reward’s unit (points or stamps)' }) cost: number;
}

export class RedeemerGroupView {
  @ApiProperty({ enum: ['redeemers', 'non-redeemers'] }) group: string;
  @ApiProperty({ description: 'Members with at least one purchase' }) customers: number;
  @ApiProperty({ description: 'Share with a purchase in the 90 days to today' }) activeShare: number;
  @ApiProperty({ description: 'Mean visit days a month over the 365 days to today' }) visitsPerMonth: number;
}

export class FirstRedemptionView {
  @ApiProperty({ description: 'Redeemers whose first redemption is at least 90 days before today' })
  customers: number;
  @ApiProperty({
    description: 'Mean visit days in the 90 days before the first redemption (its day excluded)',
  })
  visitsBefore: number;
  @ApiProperty({ description: 'Mean visit days in the 90 days from the first redemption (its day included)' })
  visitsAfter: number;
}

export class RedemptionReportView {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty() definition: string;
  @ApiProperty({
    type: [RedemptionMonthView],
    description: 'The 12 calendar months to this one, per reward (months without redemptions left out)',
  })
  months: RedemptionMonthView[];
  @ApiProperty({ type: [RedeemerGroupView] }) groups: RedeemerGroupView[];
  @ApiProperty({ type: FirstRedemptionView }) firstRedemption: FirstRedemptionView;
}
