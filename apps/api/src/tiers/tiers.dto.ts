import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsObject, IsString, Length, Max, MaxLength, Min } from 'class-validator';
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

export class ManualTierDto {
  @ApiProperty({
    description: 'The tier to hold at least (a tier of the program in force, above the base tier)',
  })
  @IsString()
  @Length(1, 64)
  tierId: string;

  @ApiProperty({ minLength: 3, maxLength: 200, example: 'Status match: Gold at the café next door' })
  @IsString()
  @Length(3, 200)
  reason: string;

  @ApiProperty({ description: 'When the floor ends (ISO 8601, in the future)' })
  @IsISO8601({ strict: true })
  until: string;
}
