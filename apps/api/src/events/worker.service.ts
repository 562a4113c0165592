import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { LedgerScheduler } from '../ledger/ledger.scheduler';
import type { EventConsumer } from './consumer';
import { startWorker, type RunningWorker } from './worker';

/**
 * The event consumers the worker runs: provided by the composition root
 * (apps/api/src/event-wiring.module.ts), so that this module depends on no feature.
 */
export const EVENT_CONSUMERS = Symbol('EVENT_CONSUMERS');

/** The periodic runs of features the worker schedules (cron, once per interval across instances). */
export interface WorkerCronTasks {
  /** Period-end tier evaluation. */
  tierEvaluate(): Promise<unknown>;
  /** Points-expiring reminders. */
  pointsExpiring(): Promise<unknown>;
  /** The scheduled message triggers (birthday, tier reached / at risk, rebate within reach, win-back). */
  messageTriggers(): Promise<unknown>;
  /** The message sender: the job-queue task's name (the sender queues it itself) and one run. */
  sendMessages: { task: string; run(): Promise<unknown> };
  /** Birthday bonus postings (tiers and club). */
  birthdayBonus(): Promise<unknown>;
  /** The scheduled rebate settlement runs. */
  rebateSettle(): Promise<{ runs: unknown[]; failed: { businessId: string; error: string }[] }>;
}
export const WORKER_CRON_TASKS = Symbol('WORKER_CRON_TASKS');

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
    @Inject(WORKER_CRON_TASKS) private readonly tasks: WorkerCronTasks,
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
      tierEvaluate: () => this.tasks.tierEvaluate(),
      pointsExpiring: () => this.tasks.pointsExpiring(),
      messageTriggers: () => this.tasks.messageTriggers(),
      birthdayBonus: () => this.tasks.birthdayBonus(),
      rebateSettle: async () => {
        const r = await this.tasks.rebateSettle();
        if (r.runs.length) this.logger.log({ runs: r.runs.length }, 'rebate settlements run');
        for (const f of r.failed) this.logger.error(`rebate settlement run of ${f.businessId}: ${f.error}`);
      },
      sendMessages: {
        task: this.tasks.sendMessages.task,
        run: async () => {
          const r = await this.tasks.sendMessages.run();
          // Logged when it did something (any count above zero).
          if (r && typeof r === 'object' && Object.values(r).some((v) => typeof v === 'number' && v > 0))
            this.logger.log(r, 'messages delivered');
        },
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
