import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { resolveDatabase } from './database/resolve-database';
import { runMigrations } from './database/data-source';
import { createApp } from './bootstrap';
import { seedDemoIfEmpty } from './demo/seed';
import { EmbeddedPostgresUnavailable } from './database/embedded-preflight';

/**
 * `npm start`: validate configuration, start the embedded PostgreSQL when no
 * DATABASE_URL is given, apply migrations, seed demo data into an empty
 * database, serve. SIGINT/SIGTERM close the server, then the database.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const say = (line: string) => console.log(`[regulars] ${line}`);
  const db = await resolveDatabase(process.env, (l) => {
    if (/error|fatal/i.test(l)) console.error(`[postgres] ${l}`);
  });
  if (db.embedded)
    say(`embedded PostgreSQL started (data in ${config.dataDir}/pg, port ${config.embeddedPgPort})`);
  let closing = false;
  const app = await (async () => {
    try {
      await runMigrations(db.url, say);
      return await createApp({ config, databaseUrl: db.url });
    } catch (e) {
      await db.stop();
      throw e;
    }
  })();
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: shutting down`);
    try {
      await app.close();
    } finally {
      await db.stop();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.seedDemo) await seedDemoIfEmpty(app, config, say);
  await app.listen({ port: config.port, host: config.host });
  say(`Counter    ${config.publicUrl}/cashier`);
  say(`Member     ${config.publicUrl}/me`);
  say(`Console    ${config.publicUrl}/admin  (owners and managers)`);
  say(`API        ${config.publicUrl}/api`);
  say(`API docs   ${config.publicUrl}/api/docs  (JSON: /api/docs-json)`);
  say(`Health     ${config.publicUrl}/health`);
}

main().catch((e: unknown) => {
  if (e instanceof EmbeddedPostgresUnavailable) {
    console.error(`[regulars] cannot start the embedded PostgreSQL. ${e.message}`);
    process.exit(1);
  }
  console.error('[regulars] failed to start:', e instanceof Error ? e.stack : e);
  process.exit(1);
});
