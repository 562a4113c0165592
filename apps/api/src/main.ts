import 'reflect-metadata';
import { runMigrations } from './database/data-source';
import { createApp } from './bootstrap';
import { seedDemoIfEmpty } from './demo/seed';
import { configOrExit, exitOnStartFailure, openDatabase, startOn, stopOnSignals } from './process-lifecycle';

/**
 * `npm start`: validate configuration, start the embedded PostgreSQL when no
 * DATABASE_URL is given, apply migrations, seed demo data into an empty
 * database, serve. SIGINT/SIGTERM close the server, then the database.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const say = (line: string) => console.log(`[regulars] ${line}`);
  const db = await openDatabase();
  if (db.embedded)
    say(`embedded PostgreSQL started (data in ${config.dataDir}/pg, port ${config.embeddedPgPort})`);
  const app = await startOn(db, async () => {
    await runMigrations(db.url, say);
    return createApp({ config, databaseUrl: db.url });
  });
  stopOnSignals(say, () => app.close(), db);

  if (config.seedDemo) await seedDemoIfEmpty(app, config, say);
  await app.listen({ port: config.port, host: config.host });
  say(`Counter    ${config.publicUrl}/cashier`);
  say(`Member     ${config.publicUrl}/me`);
  say(`Console    ${config.publicUrl}/admin  (owners and managers)`);
  say(`API        ${config.publicUrl}/api`);
  say(`API docs   ${config.publicUrl}/api/docs  (JSON: /api/docs-json)`);
  say(`Health     ${config.publicUrl}/health`);
}

main().catch((e: unknown) => exitOnStartFailure('[regulars]', e));
