import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { FixedClock } from '@regulars/core';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig } from '../../apps/api/src/config/config';
import { runMigrations } from '../../apps/api/src/database/data-source';
import { createTestDatabase, TestDatabase } from './db';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  clock: FixedClock;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The full app, built like production, on a fresh migrated database of its own, with a pinned clock. */
export async function createTestApp(
  opts: { env?: Record<string, string>; clockStart?: string } = {},
): Promise<TestApp> {
  const db = await createTestDatabase('e2e');
  await runMigrations(db.url);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(32).toString('hex'),
    CARD_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    SCRYPT_COST: '1024',
    LOGIN_RATE_LIMIT: '1000',
    LOGIN_ADDRESS_RATE_LIMIT: '100000',
    LEDGER_SETTLE_SECONDS: '0',
    WORKER_ENABLED: 'false',
    DATA_DIR: '.data/test-app',
    ...opts.env,
  });
  const clock = new FixedClock(opts.clockStart ?? '2026-03-02T09:00:00Z');
  const app = await createApp({ config, databaseUrl: db.url, clock });
  const server = app.getHttpAdapter().getInstance().server;
  return {
    app,
    db,
    clock,
    http: () => request(server),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
