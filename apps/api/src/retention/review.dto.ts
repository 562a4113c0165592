import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Optional } from '../common/optional';

export class ReviewQuery {
  @ApiPropertyOptional({
    example: '2026-02',
    description:
      'Month reviewed (YYYY-MM); read as of its last day, or today for the current month; default: the current month',
  })
  @Optional()
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}

export class AovMonthView {
  @ApiProperty({ example: '2026-01' }) month: string;
  @ApiProperty({ description: 'Orders (a customer’s purchases of one day are one order)' }) orders: number;
  @ApiProperty({ description: 'Minor units' }) revenue: number;
  @ApiProperty({ description: 'Minor units, unrounded' }) averageOrderValue: number;
}

export class AovEvidenceView {
  @ApiProperty({ type: [AovMonthView], description: 'The last 3 complete months' }) months: AovMonthView[];
  @ApiProperty({ description: '(first AOV − last AOV) / first AOV' }) drop: number;
}

export class AovAlertView {
  @ApiProperty({ enum: ['aov-falling'] }) kind: 'aov-falling';
  @ApiProperty({ enum: ['business', 'customer'] }) scope: 'business' | 'customer';
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ type: AovEvidenceView }) evidence: AovEvidenceView;
}

export class DryingUpEvidenceView {
  @ApiProperty({ enum: ['overdue', 'slowing'] }) reason: 'overdue' | 'slowing';
  @ApiProperty() visits: number;
  @ApiProperty({ format: 'date' }) firstVisit: string;
  @ApiProperty({ format: 'date' }) lastVisit: string;
  @ApiProperty() medianGapDays: number;
  @ApiProperty() daysSinceLast: number;
  @ApiProperty({ nullable: true, type: Number }) overdueAfterDays: number | null;
  @ApiProperty({ nullable: true, type: [Number] }) recentGapDays: number[] | null;
  @ApiProperty({ nullable: true, type: Number }) recentMeanGapDays: number | null;
}

export class DryingUpAlertView {
  @ApiProperty({ enum: ['drying-up'] }) kind: 'drying-up';
  @ApiProperty() customerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: DryingUpEvidenceView }) evidence: DryingUpEvidenceView;
}

export class CategoryDropEvidenceView {
  @ApiProperty() category: string;
  @ApiProperty({ format: 'date' }) baselineFrom: string;
  @ApiProperty({ format: 'date' }) baselineTo: string;
  @ApiProperty() bucketsWithCategory: number;
  @ApiProperty({ type: [Number] }) categoryDaysPerBucket: number[];
  @ApiProperty({ format: 'date' }) lastCategoryPurchase: string;
  @ApiProperty() daysSinceCategory: number;
  @ApiProperty() categoryMedianGapDays: number;
  @ApiProperty({ format: 'date' }) recentFrom: string;
  @ApiProperty() recentVisits: number;
  @ApiProperty({ type: [String] }) recentCategories: string[];
}

export class CategoryDropAlertView {
  @ApiProperty({ enum: ['category-dropped'] }) kind: 'category-dropped';
  @ApiProperty() customerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: CategoryDropEvidenceView }) evidence: CategoryDropEvidenceView;
}

export class ReviewAlertsView {
  @ApiProperty({ type: [AovAlertView] }) aovFallingBusiness: AovAlertView[];
  @ApiProperty({ type: [AovAlertView] }) aovFallingCustomers: AovAlertView[];
  @ApiProperty({ type: [DryingUpAlertView] }) dryingUp: DryingUpAlertView[];
  @ApiProperty({ type: [CategoryDropAlertView] }) categoryDropped: CategoryDropAlertView[];
}

export class ConcentrationView {
  @ApiProperty({ description: 'Customers with a purchase in the 12 months to asOf' }) customers: number;
  @ApiProperty() topCustomers: number;
  @ApiProperty({ description: 'Minor units' }) topValue: number;
  @ApiProperty({ description: 'Minor units' }) totalValue: number;
  @ApiProperty({ description: 'Share of the revenue from the top 20 % of customers' }) share: number;
}

export class ValueSegmentView {
  @ApiProperty({ enum: ['top', 'middle', 'low'] }) name: string;
  @ApiProperty() customers: number;
  @ApiProperty({ description: 'Minor units' }) totalValue: number;
  @ApiProperty() valueShare: number;
  @ApiProperty({ nullable: true, type: Number }) minValue: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxValue: number | null;
}

export class CohortView {
  @ApiProperty({ example: '2025-09' }) cohort: string;
  @ApiProperty() size: number;
  @ApiProperty({
    type: [Number],
    description: 'active[k]: customers of the cohort who bought in month cohort + k',
  })
  active: number[];
  @ApiProperty({ type: [Number] }) rates: number[];
}

export class ReviewView {
  @ApiProperty({ example: '2026-02' }) month: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'The definitions used, in words' }) definition: string;
  @ApiProperty({ type: ReviewAlertsView }) alerts: ReviewAlertsView;
  @ApiProperty({ type: ConcentrationView }) concentration: ConcentrationView;
  @ApiProperty({ type: [ValueSegmentView], description: 'Customers by lifetime revenue to asOf' })
  segments: ValueSegmentView[];
  @ApiProperty({
    type: [CohortView],
    description: 'By enrolment month (first purchase or joining, the earlier), the last 24 cohorts',
  })
  cohorts: CohortView[];
}
