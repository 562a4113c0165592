import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import {
  ProgramView,
  RewardListView,
  RewardView,
  RulePreviewView,
  RulesView,
  RuleVersionListView,
  RuleVersionView,
  rewardView,
  versionView,
} from './rules.views';

@ApiTags('rules')
@Controller('api')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get('rules')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'The rule set in force now, and every version' })
  @ApiOkResponse({ type: RulesView })
  async get(@CurrentPrincipal() p: Principal): Promise<RulesView> {
    const versions = await this.rules.listVersions(p.businessId);
    const current = await this.rules.rulesNow(p.businessId);
    const names = await this.rules.publisherNames(
      p.businessId,
      versions.map((v) => v.createdBy),
    );
    return {
      current: { version: current.version, ruleSet: current.ruleSet as unknown as Record<string, unknown> },
      versions: versions.map((v) => versionView(v, names)),
    };
  }

  @Get('rules/versions')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'The version history: every published rule set, newest effective first, with who published it',
  })
  @ApiOkResponse({ type: RuleVersionListView })
  async versions(@CurrentPrincipal() p: Principal): Promise<RuleVersionListView> {
    const versions = await this.rules.listVersions(p.businessId);
    const names = await this.rules.publisherNames(
      p.businessId,
      versions.map((v) => v.createdBy),
    );
    return { items: versions.map((v) => versionView(v, names)) };
  }

  @Put('rules')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Publish a new version of the rules, effective now or at effectiveFrom (never backdated)',
  })
  @ApiOkResponse({ type: RuleVersionView })
  async publish(@CurrentPrincipal() p: Principal, @Body() dto: PublishRulesDto): Promise<RuleVersionView> {
    const actor = p.kind === 'staff' ? p.staffId : null;
    const v = await this.rules.publish(p.businessId, actor, dto.ruleSet, dto.effectiveFrom);
    return versionView(v, await this.rules.publisherNames(p.businessId, [v.createdBy]));
  }

  @Post('rules/preview')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What a proposed rule set would have given on the last N days of purchases, with the members it changes most (by name); writes nothing',
  })
  @ApiOkResponse({ type: RulePreviewView })
  async preview(@CurrentPrincipal() p: Principal, @Body() dto: PreviewRulesDto): Promise<RulePreviewView> {
    return this.rules.preview(p.businessId, dto.ruleSet, dto.days ?? 30, dto.limit ?? 50);
  }

  @Get('program')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'Program settings (return policies)' })
  @ApiOkResponse({ type: ProgramView })
  async program(@CurrentPrincipal() p: Principal): Promise<ProgramView> {
    const { reversalPolicy, restoreRewardsOnReturn } = await this.rules.program(p.businessId);
    return { reversalPolicy, restoreRewardsOnReturn };
  }

  @Patch('program')
  @Auth('owner')
  @ApiOperation({ summary: 'Change program settings' })
  @ApiOkResponse({ type: ProgramView })
  async updateProgram(@CurrentPrincipal() p: Principal, @Body() dto: UpdateProgramDto): Promise<ProgramView> {
    const { reversalPolicy, restoreRewardsOnReturn } = await this.rules.updateProgram(p.businessId, dto);
    return { reversalPolicy, restoreRewardsOnReturn };
  }

  @Get('rewards')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'The rewards catalogue' })
  @ApiOkResponse({ type: RewardListView })
  async rewards(@CurrentPrincipal() p: Principal): Promise<RewardListView> {
    return { items: (await this.rules.listRewards(p.businessId)).map(rewardView) };
  }

  @Post('rewards')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Add a reward (costs points or a full stamp card; gives a free item, an amount or a percentage off)',
  })
  @ApiCreatedResponse({ type: RewardView })
  async createReward(@CurrentPrincipal() p: Principal, @Body() dto: CreateRewardDto): Promise<RewardView> {
    return rewardView(await this.rules.createReward(p.businessId, dto));
  }

  @Patch('rewards/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Rename or (de)activate a reward' })
  @ApiOkResponse({ type: RewardView })
  async updateReward(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: UpdateRewardDto,
  ): Promise<RewardView> {
    return rewardView(await this.rules.updateReward(p.businessId, id, dto));
  }
}
