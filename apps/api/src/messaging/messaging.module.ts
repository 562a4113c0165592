import { Module } from '@nestjs/common';
import {
  ConsentsController,
  MeConsentsController,
  MessagesController,
  UnsubscribeController,
  WebhooksController,
} from './messaging.controller';
import { MessagingRepository } from './messaging.repository';
import { MessagingService } from './messaging.service';
import { WebhooksService } from './webhooks.service';
import { ScheduledTriggers } from './scheduled-triggers';
import { HoldoutsController } from './holdouts.controller';
import { HoldoutsService } from './holdouts.service';
import { TriggersRepository } from './triggers.repository';
import { BusinessesModule } from '../businesses/businesses.module';
import { PersistenceModule } from '../database/persistence.module';
import { LedgerModule } from '../ledger/ledger.module';
import { MembersModule } from '../members/members.module';
import { RebatesModule } from '../rebates/rebates.module';
import { MessageTriggersConsumer } from './triggers.consumer';
import { PointsExpiringTrigger } from './points-expiring.trigger';

/**
 * Messaging (docs/MESSAGING.md): the outbox, consent, templates, transports
 * (SMTP, development mailbox, SMS gateway, webhooks) and the triggers.
 * Triggers call MessagingService.send(); the job queue's messages:deliver task
 * delivers (MessagingService.runSenderJob).
 * (RFC 8058 one-click POSTs are forms: the Fastify adapter already parses
 * application/x-www-form-urlencoded.)
 */
@Module({
  imports: [PersistenceModule, BusinessesModule, MembersModule, LedgerModule, RebatesModule],
  controllers: [
    HoldoutsController,
    MessagesController,
    ConsentsController,
    MeConsentsController,
    WebhooksController,
    UnsubscribeController,
  ],
  providers: [
    MessagingRepository,
    MessagingService,
    WebhooksService,
    TriggersRepository,
    HoldoutsService,
    ScheduledTriggers,
    MessageTriggersConsumer,
    PointsExpiringTrigger,
  ],
  exports: [MessagingService, MessageTriggersConsumer, PointsExpiringTrigger, ScheduledTriggers],
})
export class MessagingModule {}
