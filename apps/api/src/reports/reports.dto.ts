import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Optional } from '../common/optional';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class DailyReportQuery {
  @ApiPropertyOptional({
    example: '2026-03-01',
    description: 'First local day (YYYY-MM-DD); default: 30 days before `to`',
  })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-03-31',
    description: "Last local day (YYYY-MM-DD); default: today in the business's time zone",
  })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}
