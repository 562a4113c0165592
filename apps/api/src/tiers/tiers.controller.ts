import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@regulars/core';
import { Auth, CurrentPrincipal, MANAGERS, STAFF } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { ManualTierDto, PreviewTierProgramDto, PublishTierProgramDto } from './tiers.dto';
import { TiersService } from './tiers.service';
import {
  MemberTierView,
  TierPreviewView,
  TierProgramVersionView,
  TierProgramsView,
  TierVerifyView,
} from './tiers.views';

@ApiTags('tiers')
@Controller('api')
export class TiersController {
  constructor(private readonly tiers: TiersService) {}

  @Get('tiers/program')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'The tier program in force now, and every version' })
  @ApiOkResponse({ type: TierProgramsView })
  program(@CurrentPrincipal() p: Principal): Promise<TierProgramsView> {
    return this.tiers.programs(p.businessId);
  }

  @Put('tiers/program')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Publish a new version of the tier program, effective now or at effectiveFrom (never backdated)',
  })
  @ApiOkResponse({ type: TierProgramVersionView })
  publish(
    @CurrentPrincipal() p: Principal,
    @Body() dto: PublishTierProgramDto,
  ): Promise<TierProgramVersionView> {
    const actor = p.kind === 'staff' ? p.staffId : null;
    return this.tiers.publish(p.businessId, actor, dto.program, dto.effectiveFrom);
  }

  @Post('tiers/preview')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Members per tier under a proposed program and who would move; writes nothing' })
  @ApiOkResponse({ type: TierPreviewView })
  preview(@CurrentPrincipal() p: Principal, @Body() dto: PreviewTierProgramDto): Promise<TierPreviewView> {
    return this.tiers.preview(p.businessId, dto.program, dto.limit ?? 100);
  }

  @Get('tiers/verify')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: "Recompute every member's tier state from history; names each member that differs",
  })
  @ApiOkResponse({ type: TierVerifyView })
  verify(@CurrentPrincipal() p: Principal): Promise<TierVerifyView> {
    return this.tiers.verify(p.businessId);
  }

  @Get('members/:id/tier')
  @Auth(...STAFF)
  @ApiOperation({ summary: "A member's tier, progress, benefits, when it ends, and the tier history" })
  @ApiOkResponse({ type: MemberTierView })
  async memberTier(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<MemberTierView> {
    const t = await this.tiers.memberTier(p.businessId, id, { history: true });
    if (!t) throw new NotFoundError('Member tier');
    return t;
  }

  @Post('members/:id/tier/manual')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a tier by hand (status match, complaint): a floor with a reason and an expiry, audited',
  })
  @ApiOkResponse({ type: MemberTierView })
  manual(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: ManualTierDto,
  ): Promise<MemberTierView> {
    const actor = p.kind === 'staff' ? p.staffId : null;
    return this.tiers.setManual(p.businessId, id, actor, dto);
  }
}
