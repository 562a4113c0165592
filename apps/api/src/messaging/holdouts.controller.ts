import { Body, Controller, Get, Param, PipeTransform, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from '@regulars/core';
import { Auth, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { HOLDOUT_TYPES, isHoldoutType, type HoldoutType } from './holdout';
import { HoldoutReportQuery, UpdateHoldoutDto } from './holdouts.dto';
import { HoldoutsService } from './holdouts.service';
import { HoldoutReportView, HoldoutSettingsView, HoldoutSettingView } from './holdouts.views';

/** A holdout trigger in the path; anything else is a 400 with the one error body. */
const HOLDOUT_TYPE: PipeTransform<string, HoldoutType> = {
  transform(value: string): HoldoutType {
    if (isHoldoutType(value)) return value;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Not a trigger with a holdout group', {
      fields: [{ field: 'type', problems: [`must be one of ${HOLDOUT_TYPES.join(', ')}`] }],
    });
  },
};

@ApiTags('messages')
@Controller('api/messages/holdouts')
export class HoldoutsController {
  constructor(private readonly holdouts: HoldoutsService) {}

  @Get()
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'The holdout share of each campaign-like trigger (win-back, points expiring)' })
  @ApiOkResponse({ type: HoldoutSettingsView })
  settings(@CurrentPrincipal() p: Principal): Promise<HoldoutSettingsView> {
    return this.holdouts.settings(p.businessId);
  }

  @Put(':type')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Set the share of eligible members held back from a trigger (stable random assignment per member)',
  })
  @ApiParam({ name: 'type', enum: HOLDOUT_TYPES })
  @ApiOkResponse({ type: HoldoutSettingView })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('type', HOLDOUT_TYPE) type: HoldoutType,
    @Body() dto: UpdateHoldoutDto,
  ): Promise<HoldoutSettingView> {
    return this.holdouts.update(p.businessId, type, dto.shareBp);
  }

  @Get(':type/report')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Return rate and spend of messaged vs held-back members in the 30, 60 and 90 days after the message',
  })
  @ApiParam({ name: 'type', enum: HOLDOUT_TYPES })
  @ApiOkResponse({ type: HoldoutReportView })
  report(
    @CurrentPrincipal() p: Principal,
    @Param('type', HOLDOUT_TYPE) type: HoldoutType,
    @Query() q: HoldoutReportQuery,
  ): Promise<HoldoutReportView> {
    return this.holdouts.report(p.businessId, type, q);
  }

  @Get(':type/report.csv')
  @Auth(...MANAGERS)
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The holdout report as CSV (one row per window and group)' })
  @ApiParam({ name: 'type', enum: HOLDOUT_TYPES })
  @ApiOkResponse({ description: 'CSV, RFC 4180', schema: { type: 'string' } })
  async reportCsv(
    @CurrentPrincipal() p: Principal,
    @Param('type', HOLDOUT_TYPE) type: HoldoutType,
    @Query() q: HoldoutReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.holdouts.reportCsv(p.businessId, type, q);
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="holdout-${type}.csv"`);
    return csv;
  }
}
