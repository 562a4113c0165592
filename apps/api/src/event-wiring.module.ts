import { Global, Module } from '@nestjs/common';
import type { EventConsumer } from './events/consumer';
import { DailySummaryConsumer } from './events/daily-summary.consumer';
import { EventsModule } from './events/events.module';
import { EVENT_CONSUMERS, WORKER_CRON_TASKS, type WorkerCronTasks } from './events/worker.service';
import { LedgerModule } from './ledger/ledger.module';
import { MessagingModule } from './messaging/messaging.module';
import { PointsExpiringTrigger } from './messaging/points-expiring.trigger';
import { ScheduledTriggers } from './messaging/scheduled-triggers';
import { MessagingService } from './messaging/messaging.service';
import { SENDER_TASK } from './messaging/sender-task';
import { MessageTriggersConsumer } from './messaging/triggers.consumer';
import { RebateAccrualConsumer } from './rebates/rebate-accrual.consumer';
import { RebatesModule } from './rebates/rebates.module';
import { TierEvaluationService, TierStateConsumer } from './tiers/tier-sync';
import { ClubPaymentConsumer } from './tiers/club-payment.consumer';
import { BirthdayBonusService } from './tiers/birthday-bonus';
import { TiersModule } from './tiers/tiers.module';
import { RebatesService } from './rebates/rebates.service';
import { SurveysModule } from './surveys/surveys.module';
import { SurveyInvitationConsumer } from './surveys/survey-invitation.consumer';
import { RetentionSummaryConsumer } from './retention/retention-summary.consumer';
import { RetentionModule } from './retention/retention.module';
import { ConsoleModule } from './console/console.module';
import { DashboardConsumer } from './console/dashboard.consumer';

/**
 * Composition root of the domain events: which consumers the worker runs and which feature
 * runs it schedules. Features depend on events (recordEvent, EventConsumer); events depend on
 * no feature; this module, next to AppModule, joins them. A new consumer is one provider in
 * its feature module and one more entry here (docs/ARCHITECTURE.md).
 *
 * Global so that EventsModule's WorkerService resolves EVENT_CONSUMERS and WORKER_CRON_TASKS
 * without importing this module (which would be a cycle).
 */
@Global()
@Module({
  imports: [
    EventsModule,
    LedgerModule,
    RebatesModule,
    MessagingModule,
    SurveysModule,
    TiersModule,
    RetentionModule,
    ConsoleModule,
  ],
  providers: [
    {
      provide: EVENT_CONSUMERS,
      inject: [
        DailySummaryConsumer,
        RebateAccrualConsumer,
        TierStateConsumer,
        MessageTriggersConsumer,
        SurveyInvitationConsumer,
        ClubPaymentConsumer,
        RetentionSummaryConsumer,
        DashboardConsumer,
      ],
      useFactory: (...consumers: EventConsumer[]) => consumers,
    },
    {
      provide: WORKER_CRON_TASKS,
      inject: [
        TierEvaluationService,
        PointsExpiringTrigger,
        ScheduledTriggers,
        MessagingService,
        BirthdayBonusService,
        RebatesService,
      ],
      useFactory: (
        tiers: TierEvaluationService,
        expiring: PointsExpiringTrigger,
        scheduled: ScheduledTriggers,
        messaging: MessagingService,
        birthdays: BirthdayBonusService,
        rebates: RebatesService,
      ): WorkerCronTasks => ({
        tierEvaluate: () => tiers.runOnce(),
        pointsExpiring: () => expiring.runOnce(),
        messageTriggers: () => scheduled.runOnce({ cron: true }),
        sendMessages: { task: SENDER_TASK, run: () => messaging.runSenderJob() },
        birthdayBonus: () => birthdays.runOnce(),
        rebateSettle: () => rebates.runAllSchedules(),
      }),
    },
  ],
  exports: [EVENT_CONSUMERS, WORKER_CRON_TASKS],
})
export class EventWiringModule {}
