import { Pool } from 'pg';
import {
  Logger as WorkerLogger,
  parseCronItems,
  run,
  type CronItem,
  type Runner,
  type TaskList,
} from 'graphile-worker';
import { runConsumerJob, type ConsumerJobPayload, type EventConsumer } from './consumer';
import { relayEvents } from './relay';
import { settleEveryMinutes, settleMatcher } from '../ledger/settle-cron';

export const SETTLE_TASK = 'ledger:settle';

export interface WorkerOptions {
  databaseUrl: string;
  consumers: readonly EventConsumer[];
  /** The ledger settle run (cron task; `ts`: the minute it was scheduled for); omitted: no settle cron. */
  settle?: (run: { ts: string | null }) => Promise<unknown>;
  /** LEDGER_SETTLE_SECONDS; 0 = no settle cron. */
  settleSeconds: number;
  /**
   * After downtime, runs missed within this many seconds are made up at start
   * (default 0: none; the next run processes everything due anyway).
   */
  settleBackfillSeconds?: number;
  concurrency: number;
  /** How often the relay looks for new events when the outbox was drained (ms). */
  relayIntervalMs?: number;
  /** How often idle workers look for jobs besides LISTEN/NOTIFY (ms). */
  pollIntervalMs?: number;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

export interface RunningWorker {
  /** Relays the outbox until it is drained; returns the number of events relayed. */
  relay(): Promise<number>;
  stop(): Promise<void>;
  readonly pool: Pool;
  readonly runner: Runner;
}

/**
 * The job-queue worker (graphile-worker): the event consumers (one task per
 * consumer), the ledger settle cron, and the outbox relay loop. Any number can
 * run at once (in app instances and `npm run worker` processes): jobs are
 * taken with SKIP LOCKED, the relay likewise, and the cron adds each run once.
 */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const pool = new Pool({
    connectionString: opts.databaseUrl,
    max: opts.concurrency + 3,
    application_name: 'regulars-worker',
  });
  pool.on('error', (e) => opts.log?.('error', `worker pool: ${e.message}`));
  pool.on('connect', (client) => {
    client.on('error', (e) => opts.log?.('error', `worker connection: ${e.message}`));
  });
  const taskList: TaskList = {};
  for (const c of opts.consumers) {
    taskList[c.name] = async (payload) => {
      await runConsumerJob(pool, c, payload as ConsumerJobPayload);
    };
  }
  const cron: CronItem[] = [];
  const every = settleEveryMinutes(opts.settleSeconds);
  if (opts.settle && every !== null) {
    const settle = opts.settle;
    taskList[SETTLE_TASK] = async (payload) => {
      await settle({ ts: (payload as { _cron?: { ts?: string } } | null)?._cron?.ts ?? null });
    };
    cron.push({
      task: SETTLE_TASK,
      match: settleMatcher(every),
      identifier: SETTLE_TASK,
      // One attempt: a failed run is not retried, the next one processes everything due.
      options: { backfillPeriod: (opts.settleBackfillSeconds ?? 0) * 1000, maxAttempts: 1 },
    });
  }
  const say = opts.log ?? (() => undefined);
  const logger = new WorkerLogger(() => (level, message) => {
    const l = String(level);
    say(l === 'error' ? 'error' : l === 'warning' ? 'warn' : 'debug', message);
  });
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency: opts.concurrency,
      noHandleSignals: true,
      pollInterval: opts.pollIntervalMs ?? 2000,
      taskList,
      parsedCronItems: parseCronItems(cron),
      logger,
    });
  } catch (e) {
    await pool.end();
    throw e;
  }

  let stopped = false;
  let relaying: Promise<number> | undefined;
  const relay = (): Promise<number> => {
    relaying ??= (async () => {
      let total = 0;
      for (;;) {
        const { events } = await relayEvents(pool, opts.consumers);
        total += events;
        if (events < 500 || stopped) return total;
      }
    })().finally(() => (relaying = undefined));
    return relaying;
  };
  const interval = opts.relayIntervalMs ?? 500;
  const timer = setInterval(() => {
    relay().catch((e: unknown) =>
      say('error', `outbox relay: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, interval);
  timer.unref();

  return {
    pool,
    runner,
    relay,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await relaying?.catch(() => undefined);
      await runner.stop();
      await pool.end();
    },
  };
}
