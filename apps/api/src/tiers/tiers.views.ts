import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class TierProgramVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) effectiveFrom: string;
  @ApiProperty(OBJECT) program: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true }) createdBy: string | null;
}

export class TierProgramsView {
  @ApiProperty({ type: TierProgramVersionView, nullable: true, description: 'The version in force now' })
  current: TierProgramVersionView | null;
  @ApiProperty({ type: [TierProgramVersionView], description: 'Every version, newest first' })
  versions: TierProgramVersionView[];
}

export class TierMoveView {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty() memberNumber: string;
  @ApiProperty({ type: String, nullable: true }) from: string | null;
  @ApiProperty({ type: String, nullable: true }) to: string | null;
  @ApiProperty({ enum: ['up', 'down'] }) direction: 'up' | 'down';
}

export class TierPreviewView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Members per tier now',
  })
  current: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Members per tier had the proposed program always been in force',
  })
  proposed: Record<string, number>;
  @ApiProperty() up: number;
  @ApiProperty() down: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: [TierMoveView] }) moves: TierMoveView[];
}

export class TierDifferenceView {
  @ApiProperty() memberId: string;
  @ApiProperty({
    type: [String],
    description:
      'State fields that differ from the recompute ("missing": no stored state; "view": the stored view in force now differs from the view of the recomputed state)',
  })
  fields: string[];
}

export class TierVerifyView {
  @ApiProperty({ description: 'Members whose stored state was recomputed from history' }) checked: number;
  @ApiProperty({ type: [TierDifferenceView] }) differing: TierDifferenceView[];
}

export class TierProgressItemView {
  @ApiProperty({ enum: ['reach', 'keep'] }) kind: 'reach' | 'keep';
  @ApiProperty() tierId: string;
  @ApiProperty() tierName: string;
  @ApiProperty({ enum: ['points', 'spend', 'visits'] }) metric: string;
  @ApiProperty() current: number;
  @ApiProperty() threshold: number;
  @ApiProperty() missing: number;
  @ApiProperty() met: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Last local date that counts' }) by:
    string | null;
  @ApiProperty({ example: '€42.00 more spend by 31 Dec 2026 to reach Gold' }) text: string;
}

export class TierBenefitsView {
  @ApiProperty({ description: 'Points multiplier, basis points (10000 = x1)' }) multiplierBp: number;
  @ApiProperty({ type: [String] }) rewardIds: string[];
  @ApiProperty() reachBonusPoints: number;
  @ApiProperty() birthdayBonusPoints: number;
}

export class TierHistoryView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true }) from: string | null;
  @ApiProperty() to: string;
  @ApiProperty() reason: string;
  @ApiProperty() programVersion: number;
}

export class MemberTierView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) since: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the tier ends unless kept (exclusive); null: open-ended',
  })
  until: string | null;
  @ApiProperty({ type: [TierProgressItemView] }) progress: TierProgressItemView[];
  @ApiProperty({ type: TierBenefitsView }) benefits: TierBenefitsView;
  @ApiPropertyOptional({ type: [TierHistoryView] }) history?: TierHistoryView[];
}
