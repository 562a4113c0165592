import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MembersModule } from '../members/members.module';
import { RebateAccrualConsumer } from './rebate-accrual.consumer';
import { MyRebatesController, RebatesController } from './rebates.controller';
import { RebatesRepository } from './rebates.repository';
import { RebatesService } from './rebates.service';
import { StoreCreditController } from './store-credit.controller';
import { StoreCreditRepository } from './store-credit.repository';
import { StoreCreditService } from './store-credit.service';

/** Business customers and annual volume rebates (issue 16, docs/REBATES.md). */
@Module({
  imports: [PersistenceModule, MembersModule, LedgerModule],
  controllers: [RebatesController, MyRebatesController, StoreCreditController],
  providers: [
    RebatesRepository,
    RebatesService,
    RebateAccrualConsumer,
    StoreCreditRepository,
    StoreCreditService,
  ],
  exports: [RebatesService, RebateAccrualConsumer],
})
export class RebatesModule {}
