import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { PersistenceModule } from '../database/persistence.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MembersModule } from '../members/members.module';
import { PosModule } from '../pos/pos.module';
import { RulesModule } from '../rules/rules.module';
import { DashboardController, MemberActivityController } from './console.controller';
import { DashboardService } from './dashboard.service';
import { MemberActivityService } from './member-activity.service';
import { ConsoleRepository } from './console.repository';
import { DashboardRepository } from './dashboard.repository';
import { DashboardConsumer } from './dashboard.consumer';

/** The owner console's read models and its one write (manual points adjustments). */
@Module({
  imports: [PersistenceModule, LedgerModule, BusinessesModule, MembersModule, PosModule, RulesModule],
  controllers: [DashboardController, MemberActivityController],
  providers: [
    DashboardService,
    MemberActivityService,
    ConsoleRepository,
    DashboardRepository,
    DashboardConsumer,
  ],
  exports: [DashboardConsumer],
})
export class ConsoleModule {}
