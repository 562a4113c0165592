import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { RulesModule } from '../rules/rules.module';
import { TiersModule } from '../tiers/tiers.module';
import { MemberLoyaltyController, PosController } from './pos.controller';
import { PosService } from './pos.service';
import { LoyaltyReadService } from './loyalty-read.service';

@Module({
  imports: [MembersModule, RulesModule, TiersModule],
  controllers: [PosController, MemberLoyaltyController],
  providers: [PosService, LoyaltyReadService],
  exports: [PosService, LoyaltyReadService],
})
export class PosModule {}
