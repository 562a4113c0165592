import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsInt, Max, Min } from 'class-validator';
import { Optional } from '../common/optional';
import { MAX_HOLDOUT_BP } from './holdout';

export class UpdateHoldoutDto {
  @ApiProperty({
    minimum: 0,
    maximum: MAX_HOLDOUT_BP,
    example: 1000,
    description: 'Share of eligible members held back, in basis points (1000 = 10 %; 0 = off)',
  })
  @IsInt()
  @Min(0)
  @Max(MAX_HOLDOUT_BP)
  shareBp: number;
}

export class HoldoutReportQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only messages from this instant (inclusive)' })
  @Optional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only messages before this instant (exclusive)' })
  @Optional()
  @IsDateString({ strict: true })
  to?: string;
}
