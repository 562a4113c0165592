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
import { MessagingScheduler } from './messaging.scheduler';
import { MessageTriggersConsumer } from './triggers.consumer';
import { PointsExpiringTrigger } from './points-expiring.trigger';

/**
 * Messaging (docs/MESSAGING.md): the outbox, consent, templates, transports
 * (SMTP, development mailbox, SMS gateway, webhooks) and the sender loop.
 * Triggers call MessagingService.send(); a job queue may call deliverDue().
 * (RFC 8058 one-click POSTs are forms: the Fastify adapter already parses
 * application/x-www-form-urlencoded.)
 */
@Module({
  controllers: [
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
    MessagingScheduler,
    MessageTriggersConsumer,
    PointsExpiringTrigger,
  ],
  exports: [MessagingService, MessageTriggersConsumer, PointsExpiringTrigger],
})
export class MessagingModule {}
