import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { LedgerScheduler } from '../ledger/ledger.scheduler';
import type { EventConsumer } from './consumer';
import { startWorker, type RunningWorker } from './worker';
import { TierEvaluationService } from '../tiers/tier-sync';
import { PointsExpiringTrigger } from '../messaging/points-expiring.trigger';
import { ScheduledTriggers } from '../messaging/scheduled-triggers';
import { MessagingService } from '../messaging/messaging.service';
import { BirthdayBonusService } from '../tiers/birthday-bonus';
import { RebatesService } from '../rebates/rebates.service';

/** The event consumers the worker runs (EventsModule lists them). */
export const EVENT_CONSUMERS = Symbol('EVENT_CONSUMERS');

/**
 * Starts the job-queue worker with the app when WORKER_ENABLED (the default);
 * `npm run worker` runs the same worker in a process of its own.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private worker: RunningWorker | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly settle: LedgerScheduler,
    private readonly tiers: TierEvaluationService,
    private readonly pointsExpiring: PointsExpiringTrigger,
    private readonly scheduledTriggers: ScheduledTriggers,
    private readonly messaging: MessagingService,
    private readonly birthdays: BirthdayBonusService,
    private readonly rebates: RebatesService,
    @Inject(EVENT_CONSUMERS) private readonly consumers: EventConsumer[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.workerEnabled) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  get running(): RunningWorker | undefined {
    return this.worker;
  }

  async start(overrides: { relayIntervalMs?: number; pollIntervalMs?: number } = {}): Promise<RunningWorker> {
    if (this.worker) return this.worker;
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) throw new Error('the worker needs the database URL');
    this.worker = await startWorker({
      databaseUrl: url,
      consumers: this.consumers,
      settle: async () => {
        const r = await this.settle.runOnce();
        if (r.expired || r.matured || r.holdsExpired) this.logger.log(r, 'ledger settled');
      },
      settleSeconds: this.config.ledgerSettleSeconds,
      tierEvaluate: () => this.tiers.runOnce(),
      pointsExpiring: () => this.pointsExpiring.runOnce(),
      messageTriggers: () => this.scheduledTriggers.runOnce({ cron: true }),
      sendMessages: async () => {
        const r = await this.messaging.runSenderJob();
        if (r.sent || r.failed || r.dead || r.webhooksSent || r.webhooksFailed || r.webhooksDead)
          this.logger.log(r, 'messages delivered');
      },
      birthdayBonus: () => this.birthdays.runOnce(),
      rebateSettle: async () => {
        const r = await this.rebates.runAllSchedules();
        if (r.runs.length) this.logger.log({ runs: r.runs.length }, 'rebate settlements run');
        for (const f of r.failed) this.logger.error(`rebate settlement run of ${f.businessId}: ${f.error}`);
      },
      concurrency: this.config.workerConcurrency,
      ...overrides,
      log: (level, message) => this.logger[level === 'info' ? 'log' : level](message),
    });
    return this.worker;
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.stop();
  }
}
