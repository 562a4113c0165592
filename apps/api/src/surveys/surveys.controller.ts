import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import { Auth, CurrentPrincipal, MANAGERS, Public } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { LoginThrottlerGuard } from '../auth/login-throttler.guard';
import { SurveysService } from './surveys.service';
import type { InvitationContext } from './surveys.repository';
import { AnswerDto, ReceiptAnswerDto, ResponsesQuery, ResultsQuery } from './surveys.dto';
import { PublicSurveyView, SurveyResponsesView, SurveyResultsView } from './surveys.views';

export const QUESTION = 'How likely are you to recommend {shop} to a friend or colleague?';

export function publicView(c: InvitationContext): PublicSurveyView {
  return {
    shopName: c.shopName,
    firstName: c.firstName,
    locationName: c.locationName,
    question: QUESTION.replace('{shop}', c.shopName),
    answered: c.answeredAt !== null,
    score: c.score,
    comment: c.comment,
    answeredAt: c.answeredAt?.toISOString() ?? null,
  };
}

/** A CSV cell that a spreadsheet would read as a formula is prefixed with an apostrophe. */
const safeCell = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const CSV_COLUMNS = ['month', 'location', 'responses', 'promoters', 'passives', 'detractors', 'nps'];

@ApiTags('surveys')
@Controller('api/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get('results')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'NPS by month (business time zone) and location: % promoters (9-10) − % detractors (0-6)',
  })
  @ApiOkResponse({ type: SurveyResultsView })
  results(@CurrentPrincipal() p: Principal, @Query() q: ResultsQuery): Promise<SurveyResultsView> {
    return this.surveys.results(p.businessId, q);
  }

  @Get('results.csv')
  @Auth(...MANAGERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="nps-results.csv"')
  @ApiOperation({
    summary: 'The NPS results as CSV: one row per month and location, then one "All locations" row per month',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async resultsCsv(@CurrentPrincipal() p: Principal, @Query() q: ResultsQuery): Promise<string> {
    const r = await this.surveys.results(p.businessId, q);
    const rows = [
      ...r.rows.map((x) => ({ ...x, location: x.locationName })),
      ...r.months.map((m) => ({ ...m, location: 'All locations' })),
    ]
      .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
      .map((x) =>
        Object.fromEntries(CSV_COLUMNS.map((c) => [c, safeCell((x as Record<string, unknown>)[c] ?? '')])),
      );
    return stringify(rows, { header: true, columns: CSV_COLUMNS, record_delimiter: '\r\n' });
  }

  @Get('responses')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Survey answers with their comments, newest first' })
  @ApiOkResponse({ type: SurveyResponsesView })
  async responses(
    @CurrentPrincipal() p: Principal,
    @Query() q: ResponsesQuery,
  ): Promise<SurveyResponsesView> {
    const rows = await this.surveys.responses(p.businessId, {
      category: q.category,
      memberId: q.memberId,
      limit: q.limit ?? 50,
    });
    return { items: rows.map((r) => ({ ...r, answeredAt: r.answeredAt.toISOString() })) };
  }

  @Get('answer/:token')
  @Public()
  @ApiOperation({
    summary: 'The survey behind a link (the page /survey/:token uses it too); 404 for a forged link',
  })
  @ApiOkResponse({ type: PublicSurveyView })
  async survey(@Param('token') token: string): Promise<PublicSurveyView> {
    return publicView(await this.surveys.byToken(token));
  }

  @Post('answer/:token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the survey behind a link, once (409 when it was answered)' })
  @ApiOkResponse({ type: PublicSurveyView })
  async answer(@Param('token') token: string, @Body() dto: AnswerDto): Promise<PublicSurveyView> {
    return publicView(await this.surveys.answerByToken(token, dto.score, dto.comment));
  }

  @Post('receipt')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Answer with the code printed on the receipt (purchase within 30 days; once per purchase and at most once per 90 days per member)',
  })
  @ApiOkResponse({ type: PublicSurveyView })
  async receipt(@Body() dto: ReceiptAnswerDto): Promise<PublicSurveyView> {
    return publicView(await this.surveys.answerByReceipt(dto.slug, dto.receiptCode, dto.score, dto.comment));
  }
}
