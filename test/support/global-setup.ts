import { createServer } from 'node:net';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres';
import { EmbeddedPostgresUnavailable } from '../../apps/api/src/database/embedded-preflight';

/** A port nobody listens on now (the embedded server takes the port as a flag at each start). */
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

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
      // A free port unless TEST_PG_PORT says: test runs in other checkouts (or CI's newcomer clone)
      // may run at the same time.
      port: process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : await freePort(),
    }).catch((e: unknown) => {
      if (!(e instanceof EmbeddedPostgresUnavailable))
        throw new Error(`the test PostgreSQL (data in .data/test-pg) did not start: ${String(e)}`);
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
