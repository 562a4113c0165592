import { ApiProperty } from '@nestjs/swagger';

/** The rebuild takes no parameters: any given is refused (400). */
export class RebuildSummariesQuery {}

export class SummaryRebuildView {
  @ApiProperty({ description: 'Customers (members and unlinked imported customers) with a purchase' })
  customers: number;
  @ApiProperty({ description: 'Customer-days written (retention_customer_days)' }) days: number;
  @ApiProperty({ description: 'Customer-day-category rows written (retention_category_days)' })
  categoryDays: number;
  @ApiProperty({ description: 'Wall time of the rebuild in milliseconds' }) millis: number;
}
