import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../common/optional';
import { CALL_OUTCOMES, DEFECTION_REASONS } from './retention.entities';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const CUSTOMER_ID = /^(h:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class AtRiskQuery {
  @ApiPropertyOptional({ example: '50', description: 'How many customers (1-500, default 50)' })
  @Optional()
  @IsString()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: 'limit must be a whole number 1-500' })
  limit?: string;
}

export class LastCallView {
  @ApiProperty({ format: 'date-time' }) calledAt: string;
  @ApiProperty() reached: boolean;
  @ApiProperty({ enum: CALL_OUTCOMES }) outcome: string;
  @ApiProperty({ enum: DEFECTION_REASONS, nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) followUpOn: string | null;
}

export class CallListFlagView {
  @ApiProperty({ enum: ['survey'], description: 'Why the customer is on the list besides the model' })
  kind: string;
  @ApiProperty({ description: 'The survey answer 0-10 (a detractor: 0-6)' }) score: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class AtRiskCustomerView {
  @ApiProperty({ description: 'Member id, or h:<id> for an imported customer' }) customerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['member', 'imported'] }) source: string;
  @ApiProperty({ format: 'date' }) lastVisit: string;
  @ApiProperty() daysSinceLast: number;
  @ApiProperty() visits: number;
  @ApiProperty({ nullable: true, type: Number, description: 'k × median gap (the heuristic)' })
  overdueAfterDays: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'BG/NBD P(alive) when the model is usable' })
  pAlive: number | null;
  @ApiProperty({ description: 'Revenue of the 365 days to today, minor units' }) value: number;
  @ApiProperty({ description: '0..1' }) risk: number;
  @ApiProperty({ description: 'value × risk, minor units, rounded: the ranking' }) score: number;
  @ApiProperty({ type: LastCallView, nullable: true }) lastCall: LastCallView | null;
  @ApiPropertyOptional({
    type: CallListFlagView,
    description:
      'Present when another module put the customer on the list (a survey detractor), until a call after it',
  })
  flag?: CallListFlagView;
}

export class AtRiskView {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ enum: ['model', 'heuristic'] }) method: string;
  @ApiProperty({ type: [String] }) modelReasons: string[];
  @ApiProperty() definition: string;
  @ApiProperty({ type: [AtRiskCustomerView] }) customers: AtRiskCustomerView[];
}

export class RecordCallDto {
  @ApiProperty({
    description: 'Member id, or h:<id> for an imported customer (from the at-risk or lost list)',
  })
  @IsString()
  @Matches(CUSTOMER_ID, { message: 'customerId must be a member id or h:<imported customer id>' })
  customerId: string;

  @ApiProperty({ description: 'Whether the customer was reached' })
  @IsBoolean()
  reached: boolean;

  @ApiPropertyOptional({
    enum: DEFECTION_REASONS,
    description: 'Why they stopped coming (only when reached)',
  })
  @Optional()
  @IsIn(DEFECTION_REASONS)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'In their words; required with reason "other"' })
  @Optional()
  @IsString()
  @Length(1, 500)
  reasonText?: string;

  @ApiProperty({
    enum: CALL_OUTCOMES,
    description: 'will_return, declined, call_back, no_answer (not reached), other',
  })
  @IsIn(CALL_OUTCOMES)
  outcome: string;

  @ApiPropertyOptional({ example: '2026-03-16', description: 'Day to call again (today or later)' })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'followUpOn must be a date YYYY-MM-DD' })
  followUpOn?: string;
}

export class CallView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() customerId: string;
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty({ format: 'date-time' }) calledAt: string;
  @ApiProperty() reached: boolean;
  @ApiProperty({ enum: DEFECTION_REASONS, nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) reasonText: string | null;
  @ApiProperty({ enum: CALL_OUTCOMES }) outcome: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) followUpOn: string | null;
}

export class CallListQuery {
  @ApiPropertyOptional({ description: 'Only this customer' })
  @Optional()
  @IsString()
  @Matches(CUSTOMER_ID, { message: 'customerId must be a member id or h:<imported customer id>' })
  customerId?: string;
}

export class CallListView {
  @ApiProperty({ type: [CallView] }) items: CallView[];
}

export class WhyQuery {
  @ApiPropertyOptional({
    example: '2025-04-01',
    description: 'First local day of calls counted (default: 365 days before to)',
  })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Last local day (default today)' })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class WhyReasonView {
  @ApiProperty({ enum: DEFECTION_REASONS }) reason: string;
  @ApiProperty({ description: 'Reached customers whose latest reason in the period is this one' })
  customers: number;
  @ApiProperty({ description: 'Share of the customers with a reason' }) share: number;
  @ApiProperty({ type: [String], description: 'Their words (latest first, up to 10)' }) texts: string[];
}

export class WonBackView {
  @ApiProperty() customerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) calledAt: string;
  @ApiProperty({ format: 'date-time' }) returnedAt: string;
}

export class WhyView {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty() definition: string;
  @ApiProperty({ description: 'Customers called in the period' }) called: number;
  @ApiProperty({ description: 'Of which reached at least once' }) reached: number;
  @ApiProperty({ type: [WhyReasonView] }) reasons: WhyReasonView[];
  @ApiProperty({ description: 'Called customers who bought again after their first call of the period' })
  wonBack: number;
  @ApiProperty({ description: 'wonBack / called (0 when none called)' }) wonBackRate: number;
  @ApiProperty({ type: [WonBackView] }) wonBackCustomers: WonBackView[];
}
