import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { DailySummaryConsumer } from './daily-summary.consumer';
import { WorkerService } from './worker.service';

/**
 * Domain events: the outbox (recordEvent, events.repository.ts), the relay, the job-queue
 * worker and the events' own consumer (daily summaries). It imports no feature module: the
 * list of consumers and the features' cron runs are provided by the composition root
 * (apps/api/src/event-wiring.module.ts, "adding a purchase side effect" in
 * docs/ARCHITECTURE.md).
 */
@Module({
  imports: [LedgerModule],
  providers: [DailySummaryConsumer, WorkerService],
  exports: [WorkerService, DailySummaryConsumer],
})
export class EventsModule {}
