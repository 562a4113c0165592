import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min, NotEquals } from 'class-validator';
import { Optional } from '../common/optional';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class DashboardQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 52,
    default: 12,
    description: 'Weeks back, this week included',
  })
  @Optional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(52)
  weeks?: number;
}

export class ActivityCursorQuery {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-Za-z:._-]{1,80}$/)
  cursor?: string;
}

export class AdjustPointsDto {
  @ApiProperty({
    description: 'Points to add (positive) or take away (negative); never zero',
    minimum: -1000000,
    maximum: 1000000,
    example: 50,
  })
  @IsInt()
  @NotEquals(0, { message: 'amount must not be zero' })
  @Min(-1000000)
  @Max(1000000)
  amount: number;

  @ApiProperty({
    minLength: 3,
    maxLength: 200,
    example: 'Coffee machine broke: goodwill',
    description: 'Why; the member sees it. Trimmed; at least 3 characters remain',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(3, 200, { message: 'reason must say why in 3 to 200 characters' })
  reason: string;

  @ApiProperty({
    description: 'Chosen by the caller once per adjustment; a retry with the same key posts nothing twice',
    minLength: 8,
    maxLength: 80,
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{8,80}$/, { message: 'idempotencyKey must be 8-80 of A-Z a-z 0-9 _ . : -' })
  idempotencyKey: string;
}
