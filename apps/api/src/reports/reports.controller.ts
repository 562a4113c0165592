import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { DailyReportQuery } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('daily')
  @Auth('owner')
  @ApiOperation({
    summary:
      'Per local day: purchases, revenue, returns, points issued/redeemed/expired, stamp cards completed, new members (days without activity are left out; kept current from the domain events, seconds behind the counter)',
  })
  daily(@CurrentPrincipal() p: Principal, @Query() q: DailyReportQuery) {
    return this.reports.daily(p.businessId, q.from, q.to);
  }
}
