import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MembersModule } from '../members/members.module';
import { RulesModule } from '../rules/rules.module';
import { TiersModule } from '../tiers/tiers.module';
import { LoyaltyReadService } from './loyalty-read.service';
import { MemberLoyaltyController } from './me.controller';

/**
 * The loyalty reads in one module: balances, stamp cards, affordable rewards
 * and history as the counter's answers, the member page (/api/me) and the
 * console's member page show them.
 */
@Module({
  imports: [PersistenceModule, MembersModule, LedgerModule, RulesModule, TiersModule],
  controllers: [MemberLoyaltyController],
  providers: [LoyaltyReadService],
  exports: [LoyaltyReadService],
})
export class LoyaltyModule {}
