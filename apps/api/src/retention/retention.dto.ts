import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Optional } from '../common/optional';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class LostQuery {
  @ApiPropertyOptional({
    example: '2026-03-31',
    description: "Report day; default: today in the business's time zone",
  })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({
    example: '90',
    description: 'A customer is lost after more than this many days without a purchase (30-365; default 90)',
  })
  @Optional()
  @IsString()
  @Matches(/^(3\d|[4-9]\d|[12]\d\d|3[0-5]\d|36[0-5])$/, {
    message: 'lapseDays must be a whole number 30-365',
  })
  lapseDays?: string;
}

export class LostCustomerView {
  @ApiProperty({ description: 'Member id, or h:<id> for an imported customer not linked to a member' })
  customerId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['member', 'imported'] })
  source: 'member' | 'imported';

  @ApiProperty({ format: 'date' })
  firstDay: string;

  @ApiProperty({ format: 'date' })
  lastDay: string;

  @ApiProperty({ format: 'date', description: 'First day counted as lost: lastDay + lapseDays + 1' })
  lostOn: string;

  @ApiProperty({ example: '2026-01' })
  month: string;

  @ApiProperty({ description: 'Distinct purchase days' })
  visits: number;

  @ApiProperty({ description: 'Minor units' })
  totalSpend: number;

  @ApiProperty({ description: 'Months from first to last purchase (at least 1), 3 decimals' })
  activeMonths: number;

  @ApiProperty({ description: 'totalSpend / activeMonths, minor units, rounded' })
  monthlyValue: number;

  @ApiProperty({
    description: 'Expected value of the 12 months after the last visit, discounted, minor units, rounded',
  })
  futureValue: number;

  @ApiProperty({ enum: ['model', 'fallback'] })
  futureMethod: 'model' | 'fallback';

  @ApiProperty({ description: 'How futureValue was computed, with the numbers (minor units)' })
  arithmetic: string;
}

export class LostMonthView {
  @ApiProperty({ example: '2026-01' })
  month: string;

  @ApiProperty()
  lost: number;

  @ApiProperty({ description: 'Sum of their monthly values, minor units, rounded' })
  monthlyValue: number;

  @ApiProperty({ description: 'Sum of their future values, minor units, rounded' })
  futureValue: number;
}

export class LostTotalsView {
  @ApiProperty()
  lost: number;

  @ApiProperty()
  monthlyValue: number;

  @ApiProperty()
  futureValue: number;
}

export class LostReportView {
  @ApiProperty({ format: 'date' })
  asOf: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty()
  lapseDays: number;

  @ApiProperty({ description: 'The definitions used, in words' })
  definition: string;

  @ApiProperty({ enum: ['model', 'fallback'] })
  method: 'model' | 'fallback';

  @ApiProperty({ type: [String], description: 'Why the models were not used (empty when they were)' })
  modelReasons: string[];

  @ApiProperty({ type: [LostMonthView], description: 'The 12 calendar months ending with the month of asOf' })
  months: LostMonthView[];

  @ApiProperty({ type: LostTotalsView })
  totals: LostTotalsView;

  @ApiProperty({ type: [LostCustomerView], description: 'Highest future value first' })
  customers: LostCustomerView[];
}
