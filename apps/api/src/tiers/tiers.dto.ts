import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/optional';

export class PublishTierProgramDto {
  @ApiProperty({
    description:
      'The tier program (basis, window, exclusions, holdPeriods, downgrade, graceDays, returnsCanDowngrade, tiers); see docs/TIERS.md',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  program: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'When the version takes effect (ISO 8601 with an offset, not in the past, after every existing version); default now',
  })
  @Optional()
  @IsString()
  @MaxLength(40)
  effectiveFrom?: string;
}

export class PreviewTierProgramDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The proposed tier program' })
  @IsObject()
  program: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, description: 'How many movers to list' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
