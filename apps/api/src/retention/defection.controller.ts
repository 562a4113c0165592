import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import {
  AtRiskQuery,
  AtRiskView,
  CallListQuery,
  CallListView,
  CallView,
  RecordCallDto,
  WhyQuery,
  WhyView,
} from './defection.dto';
import { callView, DefectionService } from './defection.service';

@ApiTags('retention')
@Controller('api/retention')
export class DefectionController {
  constructor(private readonly defection: DefectionService) {}

  @Get('at-risk')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'The call list: customers at risk of leaving, ranked by value × risk, with their last call',
  })
  @ApiOkResponse({ type: AtRiskView })
  atRisk(@CurrentPrincipal() p: Principal, @Query() q: AtRiskQuery): Promise<AtRiskView> {
    return this.defection.atRisk(p.businessId, q.limit ? Number(q.limit) : 50);
  }

  @Post('calls')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Record a call to a customer: reached or not, the reason for leaving, outcome, follow-up day',
  })
  @ApiCreatedResponse({ type: CallView })
  async record(@CurrentPrincipal() p: Principal, @Body() dto: RecordCallDto): Promise<CallView> {
    const staffId = p.kind === 'staff' ? p.staffId : '';
    return callView(await this.defection.record(p.businessId, staffId, dto));
  }

  @Get('calls')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Recorded calls, newest first (up to 500)' })
  @ApiOkResponse({ type: CallListView })
  async calls(@CurrentPrincipal() p: Principal, @Query() q: CallListQuery): Promise<CallListView> {
    return { items: (await this.defection.list(p.businessId, q.customerId)).map(callView) };
  }

  @Get('why')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Why customers left (reasons from the calls) and who was won back' })
  @ApiOkResponse({ type: WhyView })
  why(@CurrentPrincipal() p: Principal, @Query() q: WhyQuery): Promise<WhyView> {
    return this.defection.why(p.businessId, q);
  }
}
