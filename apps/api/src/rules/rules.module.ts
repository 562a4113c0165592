import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessesModule } from '../businesses/businesses.module';
import { PersistenceModule } from '../database/persistence.module';
import { LoyaltyProgramEntity, RewardEntity, RuleSetVersionEntity } from './rules.entities';
import {
  ProgramRepository,
  RewardRepository,
  RuleSetRepository,
  RulesReadRepository,
} from './rules.repository';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([LoyaltyProgramEntity, RuleSetVersionEntity, RewardEntity]),
    PersistenceModule,
    BusinessesModule,
  ],
  controllers: [RulesController],
  providers: [RulesService, RuleSetRepository, ProgramRepository, RewardRepository, RulesReadRepository],
  exports: [RulesService],
})
export class RulesModule {}
