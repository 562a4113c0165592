import { Module } from '@nestjs/common';
import { DefectionController } from './defection.controller';
import { DefectionService } from './defection.service';
import { RedemptionsReportService } from './redemptions.service';
import { RetentionController } from './retention.controller';
import { RetentionDataRepository } from './retention-data';
import { RetentionService } from './retention.service';
import { CallListHooks } from './call-list.hooks';
import { ProgramRepository } from './program.repository';
import { ProgramReportService } from './program.service';
import { RetentionSummaryConsumer } from './retention-summary.consumer';

@Module({
  controllers: [RetentionController, DefectionController],
  providers: [
    RetentionDataRepository,
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
