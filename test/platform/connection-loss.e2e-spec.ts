import { Client, Pool } from 'pg';
import { inTransaction } from '../../apps/api/src/pos/idempotency';
import { isConnectionError } from '../../apps/api/src/database/pg-errors';
import { createTestDatabase, TestDatabase } from '../support/db';

/**
 * A connection dropped by the server in the middle of a multi-statement
 * transaction (pg_terminate_backend, a restart, a fail-over) must fail that
 * transaction with a connection error, not end the process with an unhandled
 * 'error' event of the checked-out pg client; the pool carries on with new
 * connections.
 */
describe('connection lost inside inTransaction', () => {
  let db: TestDatabase;
  let pool: Pool;
  let admin: Client;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);

  beforeAll(async () => {
    db = await createTestDatabase('connloss');
    pool = new Pool({ connectionString: db.url, max: 3 });
    // What TypeORM does for its own pool: errors of idle clients are reported here.
    pool.on('error', () => undefined);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`CREATE TABLE t (id int PRIMARY KEY)`);
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.removeListener('uncaughtException', onUncaught);
    await admin.end();
    await pool.end();
    await db.drop();
  });

  it('rejects with a connection error, writes nothing, and the pool recovers', async () => {
    const outcome = await inTransaction(pool, async (c) => {
      await c.query(`INSERT INTO t VALUES (1)`);
      const pid = (await c.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
      await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
      // The server's goodbye arrives while no statement of this client is running (no listener
      // of the test's own on the client: the code under test must hold one).
      for (let i = 0; i < 100; i++) {
        const r = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid]);
        if (!r.rows.length) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      await new Promise((res) => setTimeout(res, 200));
      await c.query(`INSERT INTO t VALUES (2)`);
      return 'committed';
    }).then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    expect(outcome.ok).toBe(false);
    expect(isConnectionError((outcome as { e: unknown }).e)).toBe(true);
    expect(uncaught).toEqual([]);
    expect((await admin.query(`SELECT count(*)::int AS n FROM t`)).rows[0].n).toBe(0);
    // The broken client was destroyed, not handed out again.
    const again = await inTransaction(pool, async (c) => {
      await c.query(`INSERT INTO t VALUES (3)`);
      return (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM t`)).rows[0].n;
    });
    expect(again).toBe(1);
  });
});
