import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@regulars/core';
import { Auth, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { ActivityCursorQuery, AdjustPointsDto, DashboardQuery } from './console.dto';
import {
  AdjustmentListView,
  AdjustmentView,
  DashboardView,
  HistoryPageView,
  MemberLoyaltyView,
  MemberPurchasePageView,
} from './console.views';
import { DashboardService } from './dashboard.service';
import { MemberActivityService } from './member-activity.service';

@ApiTags('console')
@Controller('api/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: DashboardView })
  @ApiOperation({
    summary:
      'Members, activity, purchases and revenue, points issued and redeemed, stamp cards and rewards by week',
  })
  get(@CurrentPrincipal() p: Principal, @Query() q: DashboardQuery): Promise<DashboardView> {
    return this.dashboard.dashboard(p.businessId, q.weeks ?? 12);
  }
}

@ApiTags('console')
@Controller('api/members')
export class MemberActivityController {
  constructor(private readonly activity: MemberActivityService) {}

  @Get(':id/loyalty')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: MemberLoyaltyView })
  @ApiOperation({ summary: "A member's points, stamp-card progress and rewards available now" })
  loyalty(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<MemberLoyaltyView> {
    return this.activity.loyalty(p.businessId, id);
  }

  @Get(':id/history')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: HistoryPageView })
  @ApiOperation({ summary: "A member's points and stamps history with reasons, newest first" })
  history(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Query() q: ActivityCursorQuery,
  ): Promise<HistoryPageView> {
    return this.activity.history(p.businessId, id, q.cursor);
  }

  @Get(':id/purchases')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: MemberPurchasePageView })
  @ApiOperation({ summary: "A member's purchases with their lines, newest first" })
  purchases(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Query() q: ActivityCursorQuery,
  ): Promise<MemberPurchasePageView> {
    return this.activity.purchases(p.businessId, id, q.cursor);
  }

  @Get(':id/adjustments')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: AdjustmentListView })
  @ApiOperation({ summary: 'Manual points adjustments of a member: who, when, why, how much' })
  async adjustments(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
  ): Promise<AdjustmentListView> {
    return { items: await this.activity.adjustments(p.businessId, id) };
  }

  @Post(':id/adjustments')
  @Auth(...MANAGERS)
  @ApiCreatedResponse({ type: AdjustmentView })
  @ApiOperation({
    summary: 'Add or take away points by hand, with a required reason; audited; idempotent by idempotencyKey',
  })
  adjust(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: AdjustPointsDto,
  ): Promise<AdjustmentView> {
    if (p.kind !== 'staff') throw new DomainError(ErrorCode.FORBIDDEN, 'Only staff can adjust points');
    return this.activity.adjust(p.businessId, p.staffId, id, dto);
  }
}
