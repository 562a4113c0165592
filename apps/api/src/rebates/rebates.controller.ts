import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import {
  AddBuyerDto,
  AmendAgreementDto,
  CreateAgreementDto,
  CreateCompanyDto,
  PeriodQuery,
  SettleDto,
  UpdateCompanyDto,
} from './rebates.dto';
import { RebatesService } from './rebates.service';
import {
  AgreementListView,
  AgreementView,
  CompanyListView,
  CompanyView,
  MyRebatesView,
  ScheduledRunListView,
  SettlementListView,
  SettlementPreviewView,
  SettlementView,
  StatementListView,
  StatementView,
  VerifyView,
} from './rebates.views';

/** Business customers and annual volume rebates, managed by the owner and managers (docs/REBATES.md). */
@ApiTags('rebates')
@Controller('api/rebates')
export class RebatesController {
  constructor(private readonly rebates: RebatesService) {}

  @Get('companies')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Business customers (companies) with their current and former buyers' })
  @ApiOkResponse({ type: CompanyListView })
  async companies(@CurrentPrincipal() p: Principal): Promise<CompanyListView> {
    return { items: await this.rebates.listCompanies(p.businessId) };
  }

  @Post('companies')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Add a company (tax id unique in the business)' })
  @ApiCreatedResponse({ type: CompanyView })
  createCompany(@CurrentPrincipal() p: Principal, @Body() dto: CreateCompanyDto): Promise<CompanyView> {
    return this.rebates.createCompany(p.businessId, dto);
  }

  @Get('companies/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'One company with its buyers' })
  @ApiOkResponse({ type: CompanyView })
  company(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<CompanyView> {
    return this.rebates.getCompany(p.businessId, id);
  }

  @Get('companies/:id/statements')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      "A company's current statement under every agreement covering it (with its own volume in a pooled group)",
  })
  @ApiOkResponse({ type: StatementListView })
  async companyStatements(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
  ): Promise<StatementListView> {
    return { items: await this.rebates.companyStatements(p.businessId, id) };
  }

  @Patch('companies/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: "Change a company's legal name, tax id or billing contact" })
  @ApiOkResponse({ type: CompanyView })
  updateCompany(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: UpdateCompanyDto,
  ): Promise<CompanyView> {
    return this.rebates.updateCompany(p.businessId, id, dto);
  }

  @Post('companies/:id/buyers')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Make a member a buyer of the company (their purchases count toward its volume)' })
  @ApiCreatedResponse({ type: CompanyView })
  addBuyer(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: AddBuyerDto,
  ): Promise<CompanyView> {
    return this.rebates.addBuyer(p.businessId, id, dto);
  }

  @Post('companies/:id/buyers/:buyerId/end')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'A buyer leaves the company: the link ends now, its history stays' })
  @ApiCreatedResponse({ type: CompanyView })
  endBuyer(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Param('buyerId', UUID) buyerId: string,
  ): Promise<CompanyView> {
    return this.rebates.endBuyer(p.businessId, id, buyerId);
  }

  @Get('agreements')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Rebate agreements with their versions' })
  @ApiOkResponse({ type: AgreementListView })
  async agreements(@CurrentPrincipal() p: Principal): Promise<AgreementListView> {
    return { items: await this.rebates.listAgreements(p.businessId) };
  }

  @Post('agreements')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Create an agreement with its first version (validated by @regulars/rebates)' })
  @ApiCreatedResponse({ type: AgreementView })
  createAgreement(@CurrentPrincipal() p: Principal, @Body() dto: CreateAgreementDto): Promise<AgreementView> {
    return this.rebates.createAgreement(p.businessId, dto);
  }

  @Get('agreements/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'One agreement with its versions' })
  @ApiOkResponse({ type: AgreementView })
  agreement(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<AgreementView> {
    return this.rebates.getAgreement(p.businessId, id);
  }

  @Post('agreements/:id/versions')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Amend an agreement: a new version from a future date (never backdated)' })
  @ApiCreatedResponse({ type: AgreementView })
  amend(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: AmendAgreementDto,
  ): Promise<AgreementView> {
    return this.rebates.amendAgreement(p.businessId, id, dto);
  }

  @Get('agreements/:id/statement')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: "An agreement's statement for a period: volume, bracket, accrued, next bracket, projection",
  })
  @ApiOkResponse({ type: StatementView })
  statement(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Query() q: PeriodQuery,
  ): Promise<StatementView> {
    return this.rebates.statement(p.businessId, id, q.period);
  }

  @Get('agreements/:id/settlements')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: "The agreement's settlement documents" })
  @ApiOkResponse({ type: SettlementListView })
  async settlements(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
  ): Promise<SettlementListView> {
    return { items: await this.rebates.settlements(p.businessId, id) };
  }

  @Get('agreements/:id/scheduled-runs')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: "The agreement's scheduled settlement runs (cron rebates:settle): posted or nothing due",
  })
  @ApiOkResponse({ type: ScheduledRunListView })
  async scheduledRuns(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
  ): Promise<ScheduledRunListView> {
    return { items: await this.rebates.scheduledRuns(p.businessId, id) };
  }

  @Get('agreements/:id/settlements/preview')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'What a settlement run would post now (nothing is written)' })
  @ApiOkResponse({ type: SettlementPreviewView })
  preview(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Query() q: PeriodQuery,
  ): Promise<SettlementPreviewView> {
    return this.rebates.previewSettlement(p.businessId, id, q.period);
  }

  @Post('agreements/:id/settlements')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Post the settlement due now (interim, final or adjustment), exactly once' })
  @ApiCreatedResponse({ type: SettlementView })
  settle(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: SettleDto,
  ): Promise<SettlementView> {
    return this.rebates.postSettlement(p.businessId, id, dto.period);
  }

  @Get('statements')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: "Every agreement's current statement: accrued liability, projected year-end volume and rebate",
  })
  @ApiOkResponse({ type: StatementListView })
  async overview(@CurrentPrincipal() p: Principal): Promise<StatementListView> {
    return { items: await this.rebates.overview(p.businessId) };
  }

  @Get('settlements.csv')
  @Auth(...MANAGERS)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Every settlement document as CSV, one row per company line (for the accounts)' })
  @ApiOkResponse({ description: 'CSV, RFC 4180', schema: { type: 'string' } })
  async settlementsCsv(
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.rebates.settlementsCsv(p.businessId);
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', 'attachment; filename="rebate-settlements.csv"');
    return csv;
  }

  @Get('verify')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Recompute rebate(volume) of every agreement period and compare with the ledger' })
  @ApiOkResponse({ type: VerifyView })
  verify(@CurrentPrincipal() p: Principal): Promise<VerifyView> {
    return this.rebates.verify(p.businessId);
  }
}

/** A buyer's view of their company's rebates. */
@ApiTags('rebates')
@Controller('api/me/rebates')
export class MyRebatesController {
  constructor(private readonly rebates: RebatesService) {}

  @Get()
  @Auth('member')
  @ApiOperation({ summary: 'The statements of the rebate agreements of the company the member buys for' })
  @ApiOkResponse({ type: MyRebatesView })
  mine(@CurrentPrincipal() p: Principal & { kind: 'member' }): Promise<MyRebatesView> {
    return this.rebates.myRebates(p.businessId, p.memberId);
  }
}
