import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import {
  ConsentsController,
  MessagesController,
  UnsubscribeController,
  WebhooksController,
} from './messaging.controller';
import { MessagingRepository } from './messaging.repository';
import { MessagingService } from './messaging.service';
import { WebhooksService } from './webhooks.service';
import { MessagingScheduler } from './messaging.scheduler';

/**
 * Messaging (docs/MESSAGING.md): the outbox, consent, templates, transports
 * (SMTP, development mailbox, SMS gateway, webhooks) and the sender loop.
 * Triggers call MessagingService.send(); a job queue may call deliverDue().
 */
@Module({
  controllers: [MessagesController, ConsentsController, WebhooksController, UnsubscribeController],
  providers: [MessagingRepository, MessagingService, WebhooksService, MessagingScheduler],
  exports: [MessagingService],
})
export class MessagingModule implements OnModuleInit {
  constructor(private readonly http: HttpAdapterHost) {}

  /**
   * RFC 8058 one-click unsubscribe posts `List-Unsubscribe=One-Click` as a
   * form; Fastify parses no forms by default. The parser accepts them on the
   * unsubscribe route only; elsewhere a form stays a 415 as before.
   */
  onModuleInit(): void {
    const fastify = this.http.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
    fastify.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 1024 },
      (req, body, done) => {
        if (req.url.startsWith('/api/unsubscribe/')) return done(null, String(body));
        const err = new Error(`Unsupported Media Type: application/x-www-form-urlencoded`) as Error & {
          statusCode: number;
        };
        err.statusCode = 415;
        done(err, undefined);
      },
    );
  }
}
