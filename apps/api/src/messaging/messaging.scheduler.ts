import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { MessagingService } from './messaging.service';

/**
 * The in-process sender loop: every MESSAGING_SENDER_SECONDS it delivers due
 * messages and webhook deliveries (MessagingService.deliverDue). Safe in
 * several instances at once. A job queue can call deliverDue() instead and
 * this loop be turned off (MESSAGING_SENDER_SECONDS=0).
 */
@Injectable()
export class MessagingScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MessagingScheduler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly messaging: MessagingService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const s = this.config.messaging.senderSeconds;
    if (s > 0) {
      this.timer = setInterval(() => void this.tick(), s * 1000);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.messaging
      .deliverDue()
      .then((r) => {
        if (Object.values(r).some((n) => n > 0)) this.logger.log(r, 'messages delivered');
      })
      .catch((e: unknown) => this.logger.error(e, 'message delivery run failed'))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
