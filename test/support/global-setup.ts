import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';
import { EmbeddedPostgresUnavailable } from '../../apps/api/src/database/embedded-preflight';

/**
 * Jest global setup: without DATABASE_URL, start an embedded real PostgreSQL
 * for the whole run (data under .data/test-pg). With DATABASE_URL, use that
 * server. Each test file creates and drops its own database (test/support/db.ts).
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  if (!process.env.DATABASE_URL) {
    const handle = await startEmbeddedPostgres({
      dataDir: '.data/test-pg',
      port: Number(process.env.TEST_PG_PORT ?? 54339),
    }).catch((e: unknown) => {
      if (!(e instanceof EmbeddedPostgresUnavailable)) throw e;
      // One sentence naming the fix, not a stack trace from inside Jest.
      console.error(`\n[regulars] the tests cannot start the embedded PostgreSQL. ${e.message}\n`);
      process.exit(1);
    });
    process.env.DATABASE_URL = handle.url;
    (globalThis as Record<string, unknown>).__REGULARS_PG__ = handle;
  }
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  const v = await c.query<{ server_version: string }>('SHOW server_version');
  await c.end();
  process.env.REGULARS_TEST_PG_VERSION = v.rows[0].server_version;
}
