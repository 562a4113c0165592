import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, COUNTER, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { MembersService } from '../members/members.service';
import { PosService } from './pos.service';
import { TiersService } from '../tiers/tiers.service';
import { LoyaltyReadService, rewardProgress } from './loyalty-read.service';
import { RulesService } from '../rules/rules.service';
import {
  HistoryQuery,
  PurchaseDto,
  PurchaseListItemView,
  PurchaseListView,
  RecentPurchasesQuery,
  RedemptionDto,
  ReturnDto,
  ScanRequestDto,
} from './pos.dto';

@ApiTags('counter')
@Controller('api')
export class PosController {
  constructor(private readonly pos: PosService) {}

  @Post('scan')
  @Auth(...COUNTER)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'One call at the counter: resolve a scanned card (or a member number) to everything the cashier needs',
    description:
      'Member, tier, points (available, pending, expiring soon), stamp-card progress and rewards available now.',
  })
  scan(@CurrentPrincipal() p: Principal, @Body() dto: ScanRequestDto) {
    return this.pos.scan(p.businessId, dto);
  }

  @Post('pos/purchases')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: "Record a purchase and award points and stamps; idempotent by the POS's transactionId",
  })
  purchase(@CurrentPrincipal() p: Principal, @Body() dto: PurchaseDto) {
    return this.pos.recordPurchase(p, dto);
  }

  @Get('pos/purchases')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: "A member's recent purchases, newest first, with what is left to return of each line",
  })
  @ApiOkResponse({ type: PurchaseListView })
  async recentPurchases(
    @CurrentPrincipal() p: Principal,
    @Query() q: RecentPurchasesQuery,
  ): Promise<PurchaseListView> {
    return { items: await this.pos.recentPurchases(p.businessId, q.memberId, q.limit ?? 10) };
  }

  @Get('pos/receipts/:code')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: 'The purchase with this receipt code (8 characters 0-9 A-F; dashes and case ignored)',
  })
  @ApiOkResponse({ type: PurchaseListItemView })
  byReceipt(@CurrentPrincipal() p: Principal, @Param('code') code: string): Promise<PurchaseListItemView> {
    return this.pos.purchaseByReceipt(p.businessId, code);
  }

  @Get('pos/purchases/:id')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'A recorded purchase as it was answered' })
  getPurchase(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    return this.pos.getPurchase(p.businessId, id);
  }

  @Post('pos/redemptions')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'Redeem a reward (alone or on a purchase); atomic, idempotent by idempotencyKey' })
  redeem(@CurrentPrincipal() p: Principal, @Body() dto: RedemptionDto) {
    return this.pos.redeem(p, dto);
  }

  @Post('pos/returns')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: 'Return a purchase fully or in part: reverses exactly what the returned lines earned',
  })
  returnPurchase(@CurrentPrincipal() p: Principal, @Body() dto: ReturnDto) {
    return this.pos.returnPurchase(p, dto);
  }
}

@ApiTags('me')
@Controller('api/me')
export class MemberLoyaltyController {
  constructor(
    private readonly reads: LoyaltyReadService,
    private readonly members: MembersService,
    private readonly rules: RulesService,
    private readonly tiers: TiersService,
  ) {}

  @Get('loyalty')
  @Auth('member')
  @ApiOperation({
    summary:
      'Own points (available, pending, expiring in 30 days), stamp cards, rewards available now and how far each reward is',
  })
  async loyalty(@CurrentPrincipal() p: Principal & { kind: 'member' }) {
    const member = await this.members.get(p.businessId, p.memberId);
    const [summary, catalogue, tier] = await Promise.all([
      this.reads.summary(p.businessId, member),
      this.rules.listRewards(p.businessId),
      this.tiers.memberTier(p.businessId, p.memberId),
    ]);
    const locked = await this.tiers.lockSummaryRewards(p.businessId, { ...summary, tier }, catalogue);
    const reasons = new Map((locked.rewardsLocked ?? []).map((r) => [r.id, r.reason]));
    const rewards = rewardProgress(locked, catalogue).map((r) => ({
      ...r,
      available: r.available && !reasons.has(r.id),
      locked: reasons.get(r.id) ?? null,
    }));
    return { ...locked, rewards };
  }

  @Get('history')
  @Auth('member')
  @ApiOperation({ summary: 'Own points and stamps history with reasons, newest first' })
  history(@CurrentPrincipal() p: Principal & { kind: 'member' }, @Query() q: HistoryQuery) {
    return this.reads.history(p.businessId, p.memberId, q.cursor);
  }
}
