import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { LostQuery, LostReportView } from './retention.dto';
import { RetentionService, toCsv } from './retention.service';

const LOST_COLUMNS = [
  'customerId',
  'name',
  'source',
  'firstDay',
  'lastDay',
  'lostOn',
  'month',
  'visits',
  'totalSpend',
  'activeMonths',
  'monthlyValue',
  'futureValue',
  'futureMethod',
  'arithmetic',
];

@ApiTags('retention')
@Controller('api/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('lost')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Customers lost in the last 12 months (live purchases and imported history): count by month, the list, their monthly value and expected future value with the arithmetic, and the definition used',
  })
  @ApiOkResponse({ type: LostReportView })
  lost(@CurrentPrincipal() p: Principal, @Query() q: LostQuery): Promise<LostReportView> {
    return this.retention.lost(p.businessId, q);
  }

  @Get('lost.csv')
  @Auth(...MANAGERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="lost-customers.csv"')
  @ApiOperation({
    summary: 'The lost customers as CSV, one row per customer (same query and numbers as /lost)',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async lostCsv(@CurrentPrincipal() p: Principal, @Query() q: LostQuery): Promise<string> {
    return toCsv(
      LOST_COLUMNS,
      (await this.retention.lost(p.businessId, q)).customers as unknown as Record<string, unknown>[],
    );
  }
}
