import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { resolveDatabase } from './database/resolve-database';
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
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const say = (line: string) => console.log(`[regulars-worker] ${line}`);
  const db = await resolveDatabase(process.env, (l) => {
    if (/error|fatal/i.test(l)) console.error(`[postgres] ${l}`);
  });
  const ctx = await (async () => {
    try {
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
    } catch (e) {
      await db.stop();
      throw e;
    }
  })();
  say(
    `running (concurrency ${config.workerConcurrency}, ledger settle ${
      config.ledgerSettleSeconds > 0 ? `every ${config.ledgerSettleSeconds} s` : 'off'
    }, worker ${ctx.get(WorkerService).running ? 'started' : 'NOT started'})`,
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: stopping`);
    try {
      await ctx.close();
    } finally {
      await db.stop();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('[regulars-worker] failed to start:', e instanceof Error ? e.stack : e);
  process.exit(1);
});
