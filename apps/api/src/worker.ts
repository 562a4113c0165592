import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/config';
import { configOrExit, exitOnStartFailure, openDatabase, startOn, stopOnSignals } from './process-lifecycle';
import { runMigrations } from './database/data-source';
import { AppModule } from './app.module';
import { WorkerService } from './events/worker.service';

/**
 * `npm run worker`: the job-queue worker (event consumers, outbox relay, the
 * ledger settle cron) in a process of its own, with the app's configuration
 * and database (DATABASE_URL, or the embedded PostgreSQL, shared with a
 * running app). Run app instances with WORKER_ENABLED=false to keep all
 * background work here, or leave it on: any number of workers cooperate.
 * SIGINT/SIGTERM finish the running jobs and stop.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const say = (line: string) => console.log(`[regulars-worker] ${line}`);
  const db = await openDatabase();
  const ctx = await startOn(db, async () => {
    await runMigrations(db.url, say);
    const app = await NestFactory.createApplicationContext(
      AppModule.register({
        config: new AppConfig({ ...config, workerEnabled: true }),
        databaseUrl: db.url,
      }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    return app;
  });
  say(
    `running (concurrency ${config.workerConcurrency}, ledger settle ${
      config.ledgerSettleSeconds > 0 ? `every ${config.ledgerSettleSeconds} s` : 'off'
    }, worker ${ctx.get(WorkerService).running ? 'started' : 'NOT started'})`,
  );
  stopOnSignals(say, () => ctx.close(), db);
}

main().catch((e: unknown) => exitOnStartFailure('[regulars-worker]', e));
