import { Module } from '@nestjs/common';
import { RebateAccrualConsumer } from './rebate-accrual.consumer';
import { MyRebatesController, RebatesController } from './rebates.controller';
import { RebatesRepository } from './rebates.repository';
import { RebatesService } from './rebates.service';

/** Business customers and annual volume rebates (issue 16, docs/REBATES.md). */
@Module({
  controllers: [RebatesController, MyRebatesController],
  providers: [RebatesRepository, RebatesService, RebateAccrualConsumer],
  exports: [RebatesService, RebateAccrualConsumer],
})
export class RebatesModule {}
