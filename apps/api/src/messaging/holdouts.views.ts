import { ApiProperty } from '@nestjs/swagger';
import { HOLDOUT_TYPES } from './holdout';

export class HoldoutSettingView {
  @ApiProperty({ enum: HOLDOUT_TYPES }) type: string;
  @ApiProperty({
    description: 'Share of eligible members held back, in basis points (1000 = 10 %)',
    example: 1000,
  })
  shareBp: number;
}

export class HoldoutSettingsView {
  @ApiProperty({ type: [HoldoutSettingView] }) items: HoldoutSettingView[];
}

export class HoldoutGroupView {
  @ApiProperty({ description: 'Messages (sent, or held back) whose window has ended' }) members: number;
  @ApiProperty({ description: 'Of those, members who bought at least once in the window' }) returned: number;
  @ApiProperty({ description: 'returned / members (0 when there are none)', example: 0.25 })
  returnRate: number;
  @ApiProperty({ description: 'Purchase totals in the window, minor units of `currency`' }) spend: number;
  @ApiProperty({ description: 'spend / members, rounded to the minor unit (0 when there are none)' })
  spendPerMember: number;
  @ApiProperty({ description: 'Messages whose window has not ended yet (not counted)' }) pending: number;
}

export class HoldoutWindowView {
  @ApiProperty({ example: 30 }) days: number;
  @ApiProperty({ type: HoldoutGroupView }) messaged: HoldoutGroupView;
  @ApiProperty({ type: HoldoutGroupView }) holdout: HoldoutGroupView;
  @ApiProperty({ description: 'messaged.returnRate - holdout.returnRate (the lift)', example: 0.05 })
  returnRateLift: number;
  @ApiProperty({ description: 'messaged.spendPerMember - holdout.spendPerMember (minor units)' })
  spendPerMemberLift: number;
}

export class HoldoutReportView {
  @ApiProperty({ enum: HOLDOUT_TYPES }) type: string;
  @ApiProperty({ description: 'The share held back now (basis points)' }) shareBp: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) from: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) to: string | null;
  @ApiProperty({ type: [HoldoutWindowView] }) windows: HoldoutWindowView[];
}
