import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsString, Length, Max, Min } from 'class-validator';
import { REVERSAL_POLICIES, type ReversalPolicy } from '@regulars/ledger';
import { Optional } from '../common/optional';

export class PublishRulesDto {
  @ApiProperty({
    description:
      'The rule set (points per amount, multipliers, exclusions, promotions, stamp cards, expiry, pending days); see docs/RULES.md',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  ruleSet: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'When the rules take effect (ISO 8601, not in the past); default now' })
  @Optional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}

export class PreviewRulesDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The proposed rule set' })
  @IsObject()
  ruleSet: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'Replay the purchases of the last N days',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 500,
    default: 50,
    description: 'How many gaining/losing members to list',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class UpdateProgramDto {
  @ApiPropertyOptional({
    enum: REVERSAL_POLICIES,
    description:
      'Returning a purchase whose points were partly spent: allow_negative (take them all back, balance may go below zero), clamp (take back what is left), refuse (reject the return)',
  })
  @Optional()
  @IsIn(REVERSAL_POLICIES as unknown as string[])
  reversalPolicy?: ReversalPolicy;

  @ApiPropertyOptional({ description: 'Give back rewards redeemed on a purchase when it is fully returned' })
  @Optional()
  @IsBoolean()
  restoreRewardsOnReturn?: boolean;
}

export class CreateRewardDto {
  @ApiProperty({ maxLength: 100, example: 'Free coffee' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({
    description: '{ "kind": "points", "points": 100 } or { "kind": "stamp_card", "cardId": "coffee" }',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  cost: Record<string, unknown>;

  @ApiProperty({
    description:
      '{ "kind": "free_item", "sku", "description", "maxValue" } | { "kind": "amount_off", "amount" } | { "kind": "percent_off", "basisPoints", "maxAmount", "rounding" }',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  benefit: Record<string, unknown>;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateRewardDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  active?: boolean;
}
