import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, COUNTER, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import {
  RefundStoreCreditDto,
  SpendIdParam,
  SpendStoreCreditDto,
  StoreCreditQuery,
} from './store-credit.dto';
import { StoreCreditService } from './store-credit.service';
import { StoreCreditBalanceView, StoreCreditMovementView } from './store-credit.views';

/** Store credit (paid out by rebate settlements) spent at the counter by a company's buyers. */
@ApiTags('rebates')
@Controller('api/store-credit')
export class StoreCreditController {
  constructor(private readonly credit: StoreCreditService) {}

  @Get()
  @Auth(...COUNTER)
  @ApiOperation({ summary: "The store credit a member can pay with (their company's balance)" })
  @ApiOkResponse({ type: StoreCreditBalanceView })
  balance(@CurrentPrincipal() p: Principal, @Query() q: StoreCreditQuery): Promise<StoreCreditBalanceView> {
    return this.credit.balance(p.businessId, q);
  }

  @Post('spend')
  @Auth(...COUNTER)
  @ApiOperation({
    summary: 'Pay part of a sale with store credit (never more than the balance: 422 INSUFFICIENT_BALANCE)',
  })
  @ApiCreatedResponse({ type: StoreCreditMovementView })
  spend(
    @CurrentPrincipal() p: Principal,
    @Body() dto: SpendStoreCreditDto,
  ): Promise<StoreCreditMovementView> {
    return this.credit.spend(p.businessId, dto);
  }

  @Post('spends/:id/refund')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'Give store credit back after a return or a cancelled sale (all, or part)' })
  @ApiCreatedResponse({ type: StoreCreditMovementView })
  refund(
    @CurrentPrincipal() p: Principal,
    @Param() params: SpendIdParam,
    @Body() dto: RefundStoreCreditDto,
  ): Promise<StoreCreditMovementView> {
    return this.credit.refund(p.businessId, params.id, dto);
  }
}
