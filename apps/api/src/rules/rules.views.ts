import { ApiProperty } from '@nestjs/swagger';
import { REVERSAL_POLICIES, type ReversalPolicy } from '@regulars/ledger';
import type { RewardEntity, RuleSetVersionEntity } from './rules.entities';

const RULE_SET = {
  type: 'object',
  additionalProperties: true,
  description:
    'A rule set (points, multipliers, exclusions, promotions, stampCards, pointsExpiry, pendingDays): see docs/RULES.md',
} as const;

/** One published version of the rules. */
export class RuleVersionView {
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) effectiveFrom: string;
  @ApiProperty(RULE_SET) ruleSet: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Staff member who published it' })
  createdBy: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Name of the staff member who published it' })
  createdByName: string | null;
}

export class CurrentRulesView {
  @ApiProperty({ type: Number, nullable: true, description: 'null: nothing published yet' })
  version: number | null;
  @ApiProperty(RULE_SET) ruleSet: Record<string, unknown>;
}

export class RulesView {
  @ApiProperty({ type: CurrentRulesView }) current: CurrentRulesView;
  @ApiProperty({ type: [RuleVersionView], description: 'Every version, newest effective first' })
  versions: RuleVersionView[];
}

export class RuleVersionListView {
  @ApiProperty({ type: [RuleVersionView], description: 'Every version, newest effective first' })
  items: RuleVersionView[];
}

export class RuleTotalsView {
  @ApiProperty() points: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Stamps per card id',
  })
  stamps: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Cards completed per card id',
  })
  cardsCompleted: Record<string, number>;
  @ApiProperty({ description: 'Purchases that earned any points' }) purchasesEarning: number;
}

export class RuleDifferenceView {
  @ApiProperty() points: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) stamps: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  cardsCompleted: Record<string, number>;
}

export class MemberPreviewView {
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({ description: 'First and last name' }) memberName: string;
  @ApiProperty({ description: 'Member number' }) memberNumber: string;
  @ApiProperty() purchases: number;
  @ApiProperty() currentPoints: number;
  @ApiProperty() proposedPoints: number;
  @ApiProperty({ description: 'proposedPoints - currentPoints' }) pointsDelta: number;
  @ApiProperty() currentCardsCompleted: number;
  @ApiProperty() proposedCardsCompleted: number;
}

export class RulePreviewView {
  @ApiProperty() days: number;
  @ApiProperty({ type: Number, nullable: true }) currentVersion: number | null;
  @ApiProperty({ description: 'Purchases replayed' }) purchases: number;
  @ApiProperty({ description: 'Members with a purchase in the window' }) members: number;
  @ApiProperty({ type: RuleTotalsView }) current: RuleTotalsView;
  @ApiProperty({ type: RuleTotalsView }) proposed: RuleTotalsView;
  @ApiProperty({ type: RuleDifferenceView }) difference: RuleDifferenceView;
  @ApiProperty() gainers: number;
  @ApiProperty() losers: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({
    type: [MemberPreviewView],
    description: 'Members whose points or completed cards change, biggest change first',
  })
  changedMembers: MemberPreviewView[];
}

export class ProgramView {
  @ApiProperty({ enum: REVERSAL_POLICIES }) reversalPolicy: ReversalPolicy;
  @ApiProperty() restoreRewardsOnReturn: boolean;
}

export class RewardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{ kind: "points", points } | { kind: "stamp_card", cardId }',
  })
  cost: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '{ kind: "free_item", sku, description, maxValue } | { kind: "amount_off", amount } | { kind: "percent_off", basisPoints, maxAmount, rounding }',
  })
  benefit: Record<string, unknown>;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RewardListView {
  @ApiProperty({ type: [RewardView] }) items: RewardView[];
}

export const versionView = (v: RuleSetVersionEntity, names?: Map<string, string>): RuleVersionView => ({
  version: v.version,
  effectiveFrom: v.effectiveFrom.toISOString(),
  ruleSet: v.rules as unknown as Record<string, unknown>,
  createdAt: v.createdAt.toISOString(),
  createdBy: v.createdBy,
  createdByName: (v.createdBy && names?.get(v.createdBy)) ?? null,
});

export const rewardView = (r: RewardEntity): RewardView => ({
  id: r.id,
  name: r.name,
  cost: r.cost as unknown as Record<string, unknown>,
  benefit: r.benefit as unknown as Record<string, unknown>,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
});
