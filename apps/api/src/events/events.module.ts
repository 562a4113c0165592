import { Module } from '@nestjs/common';
import type { EventConsumer } from './consumer';
import { DailySummaryConsumer } from './daily-summary.consumer';
import { EVENT_CONSUMERS, WorkerService } from './worker.service';
import { RebatesModule } from '../rebates/rebates.module';
import { MessagingModule } from '../messaging/messaging.module';
import { MessageTriggersConsumer } from '../messaging/triggers.consumer';
import { SurveysModule } from '../surveys/surveys.module';
import { SurveyInvitationConsumer } from '../surveys/survey-invitation.consumer';
import { RebateAccrualConsumer } from '../rebates/rebate-accrual.consumer';
import { TierStore } from '../tiers/tier-store';
import { TierEvaluationService, TierStateConsumer } from '../tiers/tier-sync';
import { ClubRepository } from '../tiers/club.repository';
import { ClubService } from '../tiers/club.service';
import { ClubPaymentConsumer } from '../tiers/club-payment.consumer';
import { BirthdayBonusService } from '../tiers/birthday-bonus';
import { RetentionSummaryConsumer } from '../retention/retention-summary.consumer';

/**
 * Domain events: the consumers and the worker that runs them. A new consumer
 * is a provider here and one more entry in EVENT_CONSUMERS
 * (docs/ARCHITECTURE.md, "adding a purchase side effect").
 */
@Module({
  imports: [RebatesModule, MessagingModule, SurveysModule],
  providers: [
    DailySummaryConsumer,
    TierStore,
    TierStateConsumer,
    TierEvaluationService,
    ClubRepository,
    ClubService,
    ClubPaymentConsumer,
    BirthdayBonusService,
    RetentionSummaryConsumer,
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
      ],
      useFactory: (...consumers: EventConsumer[]) => consumers,
    },
    WorkerService,
  ],
  exports: [
    WorkerService,
    EVENT_CONSUMERS,
    TierStore,
    TierEvaluationService,
    ClubRepository,
    ClubService,
    BirthdayBonusService,
  ],
})
export class EventsModule {}
