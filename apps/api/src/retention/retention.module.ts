import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { DefectionRepository } from './defection.repository';
import { RedemptionsRepository } from './redemptions.repository';
import { DefectionController } from './defection.controller';
import { DefectionService } from './defection.service';
import { RedemptionsReportService } from './redemptions.service';
import { RetentionController } from './retention.controller';
import { RetentionDataRepository } from './retention-data.repository';
import { RetentionService } from './retention.service';
import { CallListHooks } from './call-list.hooks';
import { ProgramRepository } from './program.repository';
import { ProgramReportService } from './program.service';
import { RetentionSummaryConsumer } from './retention-summary.consumer';

@Module({
  imports: [PersistenceModule],
  controllers: [RetentionController, DefectionController],
  providers: [
    RetentionDataRepository,
    DefectionRepository,
    RedemptionsRepository,
    RetentionService,
    DefectionService,
    RedemptionsReportService,
    CallListHooks,
    ProgramRepository,
    ProgramReportService,
    RetentionSummaryConsumer,
  ],
  exports: [CallListHooks, RetentionSummaryConsumer],
})
export class RetentionModule {}
