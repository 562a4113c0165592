import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { MembersService } from '../members/members.service';
import { RulesService } from '../rules/rules.service';
import { TiersService } from '../tiers/tiers.service';
import { LoyaltyReadService, rewardProgress } from './loyalty-read.service';
import { HistoryQuery } from './pos.dto';
import { HistoryPageView, MemberLoyaltyView } from './pos.views';

/** The member's own loyalty reads (/api/me/loyalty, /api/me/history): the member page. */
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
  @ApiOkResponse({ type: MemberLoyaltyView })
  async loyalty(@CurrentPrincipal() p: Principal & { kind: 'member' }): Promise<MemberLoyaltyView> {
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
  @ApiOkResponse({ type: HistoryPageView })
  history(
    @CurrentPrincipal() p: Principal & { kind: 'member' },
    @Query() q: HistoryQuery,
  ): Promise<HistoryPageView> {
    return this.reads.history(p.businessId, p.memberId, q.cursor);
  }
}
