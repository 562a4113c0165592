import { Pool, type PoolClient } from 'pg';
import {
  Logger as WorkerLogger,
  parseCronItems,
  run,
  type CronItem,
  type Runner,
  type TaskList,
} from 'graphile-worker';
import { forceUnlockWorkers } from './events.repository';
import { runConsumerJob, type ConsumerJobPayload, type EventConsumer } from './consumer';
import { relayEvents } from './relay';
import { settleEveryMinutes, settleMatcher } from '../ledger/settle-cron';

export const SETTLE_TASK = 'ledger:settle';
/** The tier period-end evaluation (cron, every minute; each member and due instant once: tier_evaluations). */
export const TIER_EVALUATE_TASK = 'tiers:evaluate';
/** The birthday bonus posting (cron, every 15 minutes; once per member, source and year: the ledger key). */
export const TIER_BIRTHDAYS_TASK = 'tiers:birthdays';
/** The points-expiring reminders (cron, hourly at :05; each member and expiry date once: the message's key). */
export const POINTS_EXPIRING_TASK = 'messages:points-expiring';
/** The scheduled message triggers: birthday, tier reached / at risk, rebate within reach, win-back (cron, every 15 minutes). */
export const MESSAGE_TRIGGERS_TASK = 'messages:scheduled';
/** The scheduled rebate settlements (cron, hourly at :10; each agreement period and run key once: rebate_scheduled_runs). */
export const REBATE_SETTLE_TASK = 'rebates:settle';

export interface WorkerOptions {
  databaseUrl: string;
  consumers: readonly EventConsumer[];
  /** The ledger settle run (cron task; `ts`: the minute it was scheduled for); omitted: no settle cron. */
  settle?: (run: { ts: string | null }) => Promise<unknown>;
  /** The tier period-end evaluation (cron task, every minute); omitted: none. */
  tierEvaluate?: () => Promise<unknown>;
  /** The birthday bonus posting (cron task, every 15 minutes); omitted: none. */
  birthdayBonus?: () => Promise<unknown>;
  /** The points-expiring reminders (cron task, hourly); omitted: none. */
  pointsExpiring?: () => Promise<unknown>;
  /** The scheduled message triggers (cron task, every 15 minutes); omitted: none. */
  messageTriggers?: () => Promise<unknown>;
  /**
   * The message sender: its job task (messages:deliver, named by messaging, which also queues it)
   * and one run; omitted: none.
   */
  sendMessages?: { task: string; run: () => Promise<unknown> };
  /** The scheduled rebate settlement runs (cron task, hourly); omitted: none. */
  rebateSettle?: () => Promise<unknown>;
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
  const pool = new PatientPool({
    connectionString: opts.databaseUrl,
    max: opts.concurrency + 3,
    application_name: 'regulars-worker',
  });
  pool.on('error', (e) => opts.log?.('error', `worker pool: ${e.message}`));
  pool.on('connect', (client) => {
    client.on('error', (e) => opts.log?.('error', `worker connection: ${e.message}`));
    retryOnConnectionLoss(client);
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
  if (opts.tierEvaluate) {
    const evaluate = opts.tierEvaluate;
    taskList[TIER_EVALUATE_TASK] = async () => {
      await evaluate();
    };
    // Every minute; a failed run is not retried, the next one evaluates everything still due.
    cron.push({
      task: TIER_EVALUATE_TASK,
      match: '* * * * *',
      identifier: TIER_EVALUATE_TASK,
      options: { backfillPeriod: 0, maxAttempts: 1 },
    });
  }
  if (opts.birthdayBonus) {
    const birthdays = opts.birthdayBonus;
    taskList[TIER_BIRTHDAYS_TASK] = async () => {
      await birthdays();
    };
    // Every 15 minutes; not retried: the next run posts whatever is still due (ledger keys absorb repeats).
    cron.push({
      task: TIER_BIRTHDAYS_TASK,
      match: '*/15 * * * *',
      identifier: TIER_BIRTHDAYS_TASK,
      options: { backfillPeriod: 0, maxAttempts: 1 },
    });
  }
  if (opts.pointsExpiring) {
    const remind = opts.pointsExpiring;
    taskList[POINTS_EXPIRING_TASK] = async () => {
      await remind();
    };
    // Hourly; a failed run is not retried, the next one sends whatever is still due (keys absorb repeats).
    cron.push({
      task: POINTS_EXPIRING_TASK,
      match: '5 * * * *',
      identifier: POINTS_EXPIRING_TASK,
      options: { backfillPeriod: 0, maxAttempts: 1 },
    });
  }
  if (opts.messageTriggers) {
    const fire = opts.messageTriggers;
    taskList[MESSAGE_TRIGGERS_TASK] = async () => {
      await fire();
    };
    // A failed run is not retried: the next one finds every occasion still due (keys absorb repeats).
    cron.push({
      task: MESSAGE_TRIGGERS_TASK,
      match: '*/15 * * * *',
      identifier: MESSAGE_TRIGGERS_TASK,
      options: { backfillPeriod: 0, maxAttempts: 1 },
    });
  }
  if (opts.sendMessages) {
    const { task: senderTask, run: send } = opts.sendMessages;
    taskList[senderTask] = async () => {
      await send();
    };
    cron.push({
      task: senderTask,
      match: '* * * * *',
      identifier: senderTask,
      options: { backfillPeriod: 0, maxAttempts: 1 },
    });
  }
  if (opts.rebateSettle) {
    const settleRebates = opts.rebateSettle;
    taskList[REBATE_SETTLE_TASK] = async () => {
      await settleRebates();
    };
    // Hourly at :10 (interim and final runs fall due at local midnights); a failed run is not
    // retried, the next one does whatever is still due (run keys absorb repeats).
    cron.push({
      task: REBATE_SETTLE_TASK,
      match: '10 * * * *',
      identifier: REBATE_SETTLE_TASK,
      options: { backfillPeriod: 0, maxAttempts: 1 },
    });
  }
  const say = opts.log ?? (() => undefined);
  const logger = new WorkerLogger(() => (level, message) => {
    const l = String(level);
    say(l === 'error' ? 'error' : l === 'warning' ? 'warn' : 'debug', message);
  });
  // Pool ids of every runner started here: jobs locked by a runner that died with the database
  // connection are unlocked when the next one starts (else they wait for graphile-worker's lock timeout).
  const poolIds = new Set<string>();
  const launch = async () => {
    const r = await run({
      pgPool: pool,
      concurrency: opts.concurrency,
      noHandleSignals: true,
      pollInterval: opts.pollIntervalMs ?? 2000,
      taskList,
      parsedCronItems: parseCronItems(cron),
      logger,
    });
    r.events.on('pool:create', ({ workerPool }) => poolIds.add(workerPool.id));
    return r;
  };
  installQueueRejectionGuard(say);
  let runner: Runner;
  try {
    runner = await launch();
  } catch (e) {
    await pool.end();
    throw e;
  }

  let stopped = false;
  // graphile-worker shuts its pool down when it cannot reach the database (e.g. PostgreSQL restarting)
  // and rejects runner.promise: unhandled, that rejection would end the process. Log it and start
  // a new runner once the database answers again; jobs left locked by the old one are unlocked by
  // graphile-worker after its lock timeout, and every consumer is idempotent.
  let restartTimer: NodeJS.Timeout | undefined;
  const supervise = (r: Runner) => {
    r.promise.catch((e: unknown) => {
      if (stopped || r !== runner) return;
      say('error', `job queue stopped (${e instanceof Error ? e.message : String(e)}); restarting`);
      const retry = () => {
        restartTimer = undefined;
        if (stopped) return;
        forceUnlockWorkers(pool, [...poolIds])
          .then(() => launch())
          .then(
            (next) => {
              if (stopped) return void next.stop().catch(() => undefined);
              runner = next;
              supervise(next);
              say('warn', 'job queue running again');
            },
            (err: unknown) => {
              say('error', `job queue restart failed (${err instanceof Error ? err.message : String(err)})`);
              restartTimer = setTimeout(retry, 2000);
            },
          );
      };
      restartTimer = setTimeout(retry, 1000);
    });
  };
  supervise(runner);
  if (opts.sendMessages) {
    // A sender run at start: whatever a worker that stopped or died left behind is picked up now.
    await runner
      .addJob(opts.sendMessages.task, {}, { jobKey: `${opts.sendMessages.task}@start`, maxAttempts: 1 })
      .catch((e: unknown) => {
        say(
          'error',
          `could not queue the start-up sender run: ${e instanceof Error ? e.message : String(e)}`,
        );
      });
  }
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
    get runner() {
      return runner;
    },
    relay,
    async stop() {
      stopped = true;
      pool.stopping = true;
      clearInterval(timer);
      if (restartTimer) clearTimeout(restartTimer);
      await relaying?.catch(() => undefined);
      await runner.stop().catch(() => undefined); // a runner that already stopped on an error
      await pool.end();
    },
  };
}

let guardInstalled = false;

/**
 * graphile-worker 0.17 does not await its own job bookkeeping (worker.js calls failJob() and
 * completeJob() without handling their promises), so while the database is unreachable those
 * writes reject unhandled, and Node ends the process on an unhandled rejection. This guard logs
 * exactly those rejections (their stack runs through graphile-worker's batchFailJobs or
 * batchCompleteJobs) and rethrows every other one, so any other unhandled rejection still ends the
 * process as before. The runner that lost its database is restarted by startWorker's supervision.
 */
export function isQueueBookkeepingRejection(reason: unknown): boolean {
  const stack =
    reason instanceof Error
      ? `${reason.stack ?? ''}\n${String((reason as { cause?: { stack?: string } }).cause?.stack ?? '')}`
      : '';
  return stack.includes('graphile-worker') && /batch(Fail|Complete)Jobs/.test(stack);
}

function installQueueRejectionGuard(say: (level: 'error' | 'warn' | 'debug', message: string) => void): void {
  if (guardInstalled) return;
  guardInstalled = true;
  process.on('unhandledRejection', (reason) => {
    if (isQueueBookkeepingRejection(reason)) {
      say(
        'error',
        `job queue bookkeeping failed (${reason instanceof Error ? reason.message : String(reason)})`,
      );
      return;
    }
    throw reason;
  });
}

const CONNECTION_LOST = new Set(['57P01', '57P02', 'ECONNRESET', 'EPIPE']);

/**
 * A query of the worker's that fails because the server dropped the connection (restart,
 * pg_terminate_backend, a crash) is marked as "the database system is starting up" (57P03), a code
 * graphile-worker retries with back-off on a fresh connection, which PatientPool then waits for.
 * Without it, graphile-worker 0.17's unawaited job bookkeeping (complete/fail a job) rejects
 * unhandled and the job stays locked. Retrying that bookkeeping is safe: it only touches jobs still
 * locked by this worker, so a write that did commit before the connection dropped is not repeated.
 */
function retryOnConnectionLoss(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((e: unknown) => {
      const err = e as { code?: string; message?: string; lostConnection?: string };
      const lost =
        CONNECTION_LOST.has(err.code ?? '') ||
        (!err.code && /Connection terminated|not queryable/i.test(err.message ?? ''));
      if (lost && e instanceof Error) {
        err.lostConnection = err.code ?? 'closed';
        err.code = '57P03';
      }
      throw e;
    });
  };
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P03',
]);

/**
 * The worker's pool waits for the database instead of failing a connection attempt while
 * PostgreSQL is restarting (refused, or "the database system is starting up"): graphile-worker
 * then finishes its bookkeeping (complete/fail a job) once the server is back, rather than
 * rejecting it unhandled. Gives up after a minute, or at once when the worker stops.
 */
class PatientPool extends Pool {
  stopping = false;

  override connect(): Promise<PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(
    callback?: (
      err: Error | undefined,
      client: PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): Promise<PoolClient> | void {
    if (callback) return super.connect(callback);
    return this.connectPatiently();
  }

  private async connectPatiently(): Promise<PoolClient> {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        return await super.connect();
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        if (this.stopping || !UNREACHABLE.has(code) || Date.now() > until) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
}
