import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/optional';
import { COMMENT_MAX } from './surveys.service';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class AnswerDto {
  @ApiProperty({ minimum: 0, maximum: 10, description: 'How likely to recommend the shop to a friend, 0-10' })
  @IsInt()
  @Min(0)
  @Max(10)
  score: number;

  @ApiPropertyOptional({ maxLength: COMMENT_MAX, description: 'Optional comment' })
  @Optional()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;
}

export class ReceiptAnswerDto extends AnswerDto {
  @ApiProperty({ example: 'cafe-lumen', description: "The shop's slug (in the printed link)" })
  @IsString()
  @Matches(/^[a-z0-9-]{3,60}$/)
  slug: string;

  @ApiProperty({ example: '4F2A9C1B', description: 'The 8-character code printed on the receipt' })
  @IsString()
  @Matches(/^[0-9A-Fa-f]{4}[\s-]?[0-9A-Fa-f]{4}$/, {
    message: 'receiptCode must be the 8-character receipt code',
  })
  receiptCode: string;
}

export class ResultsQuery {
  @ApiPropertyOptional({
    example: '2026-01',
    description: 'First month (YYYY-MM, business time zone); default 11 months before `to`',
  })
  @Optional()
  @IsString()
  @Matches(MONTH, { message: 'from must be a month YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month (YYYY-MM); default the current month' })
  @Optional()
  @IsString()
  @Matches(MONTH, { message: 'to must be a month YYYY-MM' })
  to?: string;
}

export class ResponsesQuery {
  @ApiPropertyOptional({ enum: ['promoter', 'passive', 'detractor'] })
  @Optional()
  @IsIn(['promoter', 'passive', 'detractor'])
  category?: 'promoter' | 'passive' | 'detractor';

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Optional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
