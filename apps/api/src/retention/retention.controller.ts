import { Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { LostQuery, LostReportView } from './retention.dto';
import { ReviewQuery, ReviewView } from './review.dto';
import { RetentionService, toCsv } from './retention.service';
import { RedemptionQuery, RedemptionReportView } from './redemptions.dto';
import { RedemptionsReportService } from './redemptions.service';
import { RebuildSummariesQuery, SummaryRebuildView } from './summary.dto';
import { ProgramQuery, ProgramReportView } from './program.dto';
import { ProgramReportService } from './program.service';

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
  constructor(
    private readonly retention: RetentionService,
    private readonly redemptions: RedemptionsReportService,
    private readonly program: ProgramReportService,
  ) {}

  @Get('program')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Points liability (outstanding points and their money value), breakage rate from expired lots, expected redemption, and program cost against members’ revenue over the last 12 calendar months, with the arithmetic',
  })
  @ApiOkResponse({ type: ProgramReportView })
  programReport(@CurrentPrincipal() p: Principal, @Query() _q: ProgramQuery): Promise<ProgramReportView> {
    return this.program.report(p.businessId);
  }

  @Get('program.csv')
  @Auth(...MANAGERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="program-cost.csv"')
  @ApiOperation({ summary: 'The liability / breakage / program cost report as CSV: one row per figure' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async programCsv(@CurrentPrincipal() p: Principal, @Query() _q: ProgramQuery): Promise<string> {
    const r = await this.program.report(p.businessId);
    const row = (figure: string, value: number | null, unit: string, note = '') => ({
      figure,
      value: value ?? '',
      unit,
      note,
    });
    const rows = [
      row('outstanding points', r.outstanding.points, 'points', `${r.outstanding.holders} members`),
      row(
        'point value',
        r.pointValue.minorUnitsPerPoint,
        `minor units of ${r.currency} per point`,
        r.pointValue.explanation,
      ),
      row('liability', r.liability.value, `minor units of ${r.currency}`, r.liability.arithmetic),
      row('points in lapsed lots', r.breakage.lapsedIssued, 'points'),
      row('expired unused', r.breakage.expired, 'points'),
      row('breakage rate', r.breakage.rate, 'share'),
      row('expected redemption', r.expectedRedemption.points, 'points', r.expectedRedemption.arithmetic),
      row('expected redemption value', r.expectedRedemption.value, `minor units of ${r.currency}`),
      ...r.cost.rewards.map((c) =>
        row(
          `cost: ${c.rewardName}`,
          c.money,
          `minor units of ${r.currency}`,
          `${c.redemptions} redemptions, ${c.cost} ${c.unit}`,
        ),
      ),
      row('program cost', r.cost.money, `minor units of ${r.currency}`, `${r.from} to ${r.to}`),
      row(
        'member revenue',
        r.cost.memberRevenue,
        `minor units of ${r.currency}`,
        `${r.cost.members} members`,
      ),
      row('cost share of member revenue', r.cost.costShare, 'share'),
    ];
    return toCsv(['figure', 'value', 'unit', 'note'], rows);
  }

  @Get('redemptions.csv')
  @Auth(...MANAGERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="redemptions.csv"')
  @ApiOperation({ summary: 'Redemptions per month and reward as CSV (same numbers as /redemptions)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async redemptionsCsv(@CurrentPrincipal() p: Principal, @Query() _q: RedemptionQuery): Promise<string> {
    const r = await this.redemptions.report(p.businessId);
    return toCsv(
      ['month', 'rewardId', 'rewardName', 'redemptions', 'cost'],
      r.months as unknown as Record<string, unknown>[],
    );
  }

  @Post('summaries/rebuild')
  @HttpCode(200)
  @Auth('owner')
  @ApiOperation({
    summary:
      'Recompute the precomputed retention summaries of this business from its purchases, returns and imported history (they are kept current by the event consumers; this is for data from before them or after a repair)',
  })
  @ApiOkResponse({ type: SummaryRebuildView })
  rebuild(@CurrentPrincipal() p: Principal, @Query() _q: RebuildSummariesQuery): Promise<SummaryRebuildView> {
    return this.retention.rebuildSummaries(p.businessId);
  }

  @Get('redemptions')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Redemption data for retention: redemptions per month and reward; retention and visit frequency of redeemers vs non-redeemers',
  })
  @ApiOkResponse({ type: RedemptionReportView })
  redemptionReport(
    @CurrentPrincipal() p: Principal,
    @Query() _q: RedemptionQuery,
  ): Promise<RedemptionReportView> {
    return this.redemptions.report(p.businessId);
  }

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

  @Get('review')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'The monthly review: trend alerts with their evidence (AOV falling, regulars drying up, a product range dropped), 80/20 concentration, lifetime-value segments, cohort retention curves',
  })
  @ApiOkResponse({ type: ReviewView })
  review(@CurrentPrincipal() p: Principal, @Query() q: ReviewQuery): Promise<ReviewView> {
    return this.retention.review(p.businessId, q);
  }

  @Get('review/alerts.csv')
  @Auth(...MANAGERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="review-alerts.csv"')
  @ApiOperation({ summary: "The monthly review's alerts as CSV: one row per alert, its evidence as JSON" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async reviewAlertsCsv(@CurrentPrincipal() p: Principal, @Query() q: ReviewQuery): Promise<string> {
    const r = await this.retention.review(p.businessId, q);
    const rows = [
      ...r.alerts.aovFallingBusiness,
      ...r.alerts.aovFallingCustomers,
      ...r.alerts.dryingUp,
      ...r.alerts.categoryDropped,
    ].map((a) => ({
      month: r.month,
      kind: a.kind,
      customerId: a.customerId ?? '',
      name: a.name ?? '',
      evidence: JSON.stringify(a.evidence),
    }));
    return toCsv(['month', 'kind', 'customerId', 'name', 'evidence'], rows);
  }

  @Get('review/cohorts.csv')
  @Auth(...MANAGERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="cohorts.csv"')
  @ApiOperation({ summary: 'Cohort retention as CSV: one row per cohort and month since enrolment' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async cohortsCsv(@CurrentPrincipal() p: Principal, @Query() q: ReviewQuery): Promise<string> {
    const r = await this.retention.review(p.businessId, q);
    const rows = r.cohorts.flatMap((c) =>
      c.active.map((active, k) => ({
        cohort: c.cohort,
        size: c.size,
        monthsSince: k,
        active,
        rate: c.rates[k],
      })),
    );
    return toCsv(['cohort', 'size', 'monthsSince', 'active', 'rate'], rows);
  }

  @Get('review/segments.csv')
  @Auth(...MANAGERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="segments.csv"')
  @ApiOperation({ summary: 'Lifetime-value segments and the 80/20 concentration as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async segmentsCsv(@CurrentPrincipal() p: Principal, @Query() q: ReviewQuery): Promise<string> {
    const r = await this.retention.review(p.businessId, q);
    const rows: Record<string, unknown>[] = r.segments.map((s) => ({ ...s }));
    rows.push({
      name: 'top 20 % of the last 365 days (80/20)',
      customers: r.concentration.topCustomers,
      totalValue: r.concentration.topValue,
      valueShare: r.concentration.share,
      minValue: '',
      maxValue: '',
    });
    return toCsv(['name', 'customers', 'totalValue', 'valueShare', 'minValue', 'maxValue'], rows);
  }
}
