import { Module } from '@nestjs/common';
import type { EventConsumer } from './consumer';
import { DailySummaryConsumer } from './daily-summary.consumer';
import { EVENT_CONSUMERS, WorkerService } from './worker.service';

/**
 * Domain events: the consumers and the worker that runs them. A new consumer
 * is a provider here and one more entry in EVENT_CONSUMERS
 * (docs/ARCHITECTURE.md, "adding a purchase side effect").
 */
@Module({
  providers: [
    DailySummaryConsumer,
    {
      provide: EVENT_CONSUMERS,
      inject: [DailySummaryConsumer],
      useFactory: (...consumers: EventConsumer[]) => consumers,
    },
    WorkerService,
  ],
  exports: [WorkerService, EVENT_CONSUMERS],
})
export class EventsModule {}
