import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, COUNTER, CurrentPrincipal, MANAGERS, STAFF } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { RulesService } from './rules.service';
import {
  CreateRewardDto,
  PreviewRulesDto,
  PublishRulesDto,
  UpdateProgramDto,
  UpdateRewardDto,
} from './rules.dto';
import { rewardView, versionView } from './rules.views';

@ApiTags('rules')
@Controller('api')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get('rules')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'The rule set in force now, and every version' })
  async get(@CurrentPrincipal() p: Principal) {
    const versions = await this.rules.listVersions(p.businessId);
    const current = await this.rules.rulesNow(p.businessId);
    return {
      current: { version: current.version, ruleSet: current.ruleSet },
      versions: versions.map(versionView),
    };
  }

  @Put('rules')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Publish a new version of the rules, effective now or at effectiveFrom (never backdated)',
  })
  async publish(@CurrentPrincipal() p: Principal, @Body() dto: PublishRulesDto) {
    const actor = p.kind === 'staff' ? p.staffId : null;
    return versionView(await this.rules.publish(p.businessId, actor, dto.ruleSet, dto.effectiveFrom));
  }

  @Post('rules/preview')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({
    summary: 'What a proposed rule set would have given on the last N days of purchases; writes nothing',
  })
  async preview(@CurrentPrincipal() p: Principal, @Body() dto: PreviewRulesDto) {
    return this.rules.preview(p.businessId, dto.ruleSet, dto.days ?? 30, dto.limit ?? 50);
  }

  @Get('program')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'Program settings (return policies)' })
  async program(@CurrentPrincipal() p: Principal) {
    const { reversalPolicy, restoreRewardsOnReturn } = await this.rules.program(p.businessId);
    return { reversalPolicy, restoreRewardsOnReturn };
  }

  @Patch('program')
  @Auth('owner')
  @ApiOperation({ summary: 'Change program settings' })
  async updateProgram(@CurrentPrincipal() p: Principal, @Body() dto: UpdateProgramDto) {
    const { reversalPolicy, restoreRewardsOnReturn } = await this.rules.updateProgram(p.businessId, dto);
    return { reversalPolicy, restoreRewardsOnReturn };
  }

  @Get('rewards')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'The rewards catalogue' })
  async rewards(@CurrentPrincipal() p: Principal) {
    return { items: (await this.rules.listRewards(p.businessId)).map(rewardView) };
  }

  @Post('rewards')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Add a reward (costs points or a full stamp card; gives a free item, an amount or a percentage off)',
  })
  async createReward(@CurrentPrincipal() p: Principal, @Body() dto: CreateRewardDto) {
    return rewardView(await this.rules.createReward(p.businessId, dto));
  }

  @Patch('rewards/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Rename or (de)activate a reward' })
  async updateReward(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: UpdateRewardDto,
  ) {
    return rewardView(await this.rules.updateReward(p.businessId, id, dto));
  }
}
