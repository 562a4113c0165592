import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { BusinessesModule } from '../businesses/businesses.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MembersModule } from '../members/members.module';
import { RulesModule } from '../rules/rules.module';
import { TiersModule } from '../tiers/tiers.module';
import { PosController } from './pos.controller';
import { LoyaltyModule } from './loyalty.module';
import { PosRepository } from './pos.repository';
import { CounterReadService } from './counter-read.service';
import { PurchaseService } from './purchase.service';
import { OneCallPurchase } from './one-call-purchase.strategy';
import { StepsPurchase } from './steps-purchase.strategy';
import { RedemptionService } from './redemption.service';
import { ReturnService } from './return.service';

/**
 * The counter: counter read (scan), purchases (two strategies behind one
 * interface), redemptions and returns, each its own service; every SQL
 * string in PosRepository.
 */
@Module({
  imports: [
    PersistenceModule,
    BusinessesModule,
    MembersModule,
    LedgerModule,
    RulesModule,
    TiersModule,
    LoyaltyModule,
  ],
  controllers: [PosController],
  providers: [
    PosRepository,
    CounterReadService,
    PurchaseService,
    OneCallPurchase,
    StepsPurchase,
    RedemptionService,
    ReturnService,
  ],
  exports: [PurchaseService, RedemptionService, ReturnService, CounterReadService, LoyaltyModule],
})
export class PosModule {}
