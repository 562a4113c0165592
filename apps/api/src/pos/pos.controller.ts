import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, COUNTER, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { CounterReadService } from './counter-read.service';
import { PurchaseService } from './purchase.service';
import { RedemptionService } from './redemption.service';
import { ReturnService } from './return.service';
import {
  PurchaseDto,
  PurchaseListItemView,
  PurchaseListView,
  RecentPurchasesQuery,
  RedemptionDto,
  ReturnDto,
  ScanRequestDto,
} from './pos.dto';
import {
  LoyaltySummaryView,
  PurchaseAnswerView,
  RedemptionAnswerView,
  ReturnAnswerView,
  StoredPurchaseView,
} from './pos.views';

@ApiTags('counter')
@Controller('api')
export class PosController {
  constructor(
    private readonly counter: CounterReadService,
    private readonly purchases: PurchaseService,
    private readonly redemptions: RedemptionService,
    private readonly returns: ReturnService,
  ) {}

  @Post('scan')
  @Auth(...COUNTER)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'One call at the counter: resolve a scanned card (or a member number) to everything the cashier needs',
    description:
      'Member, tier, points (available, pending, expiring soon), stamp-card progress and rewards available now.',
  })
  @ApiOkResponse({ type: LoyaltySummaryView })
  scan(@CurrentPrincipal() p: Principal, @Body() dto: ScanRequestDto): Promise<LoyaltySummaryView> {
    return this.counter.scan(p.businessId, dto);
  }

  @Post('pos/purchases')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: "Record a purchase and award points and stamps; idempotent by the POS's transactionId",
  })
  @ApiCreatedResponse({ type: PurchaseAnswerView })
  purchase(@CurrentPrincipal() p: Principal, @Body() dto: PurchaseDto): Promise<PurchaseAnswerView> {
    return this.purchases.recordPurchase(p, dto);
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
    return { items: await this.purchases.recentPurchases(p.businessId, q.memberId, q.limit ?? 10) };
  }

  @Get('pos/receipts/:code')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: 'The purchase with this receipt code (8 characters 0-9 A-F; dashes and case ignored)',
  })
  @ApiOkResponse({ type: PurchaseListItemView })
  byReceipt(@CurrentPrincipal() p: Principal, @Param('code') code: string): Promise<PurchaseListItemView> {
    return this.purchases.purchaseByReceipt(p.businessId, code);
  }

  @Get('pos/purchases/:id')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'A recorded purchase as it was answered' })
  @ApiOkResponse({ type: StoredPurchaseView })
  getPurchase(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<StoredPurchaseView> {
    return this.purchases.getPurchase(p.businessId, id);
  }

  @Post('pos/redemptions')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'Redeem a reward (alone or on a purchase); atomic, idempotent by idempotencyKey' })
  @ApiCreatedResponse({ type: RedemptionAnswerView })
  redeem(@CurrentPrincipal() p: Principal, @Body() dto: RedemptionDto): Promise<RedemptionAnswerView> {
    return this.redemptions.redeem(p, dto);
  }

  @Post('pos/returns')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: 'Return a purchase fully or in part: reverses exactly what the returned lines earned',
  })
  @ApiCreatedResponse({ type: ReturnAnswerView })
  returnPurchase(@CurrentPrincipal() p: Principal, @Body() dto: ReturnDto): Promise<ReturnAnswerView> {
    return this.returns.returnPurchase(p, dto);
  }
}
