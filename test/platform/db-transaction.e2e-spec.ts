import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn, type Logger as OrmLogger } from 'typeorm';
import { Db, type Tx } from '../../apps/api/src/database/db';
import { isConnectionError } from '../../apps/api/src/database/pg-errors';
import { createTestDatabase, TestDatabase } from '../support/db';

@Entity('notes')
class NoteEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'text' })
  body!: string;
}

/** Statements TypeORM sends (the raw client's statements are not logged: counted separately). */
class CountingLogger implements OrmLogger {
  statements: string[] = [];
  logQuery(query: string) {
    this.statements.push(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/**
 * Db.transaction: one transaction that raw SQL (tx.client, the ledger) and TypeORM
 * (tx.manager) share; joinable (within); rolled back as a whole; safe when the server drops
 * the connection in the middle; no statement beyond BEGIN and COMMIT.
 */
describe('Db.transaction (the one transaction type)', () => {
  let tdb: TestDatabase;
  let ds: DataSource;
  let db: Db;
  let admin: Client;
  const logger = new CountingLogger();
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  const notes = async () =>
    (await admin.query<{ id: number; body: string }>(`SELECT id, body FROM notes ORDER BY id`)).rows;

  beforeAll(async () => {
    tdb = await createTestDatabase('dbtx');
    admin = new Client({ connectionString: tdb.url });
    await admin.connect();
    await admin.query(`CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`);
    ds = new DataSource({
      type: 'postgres',
      url: tdb.url,
      entities: [NoteEntity],
      synchronize: false,
      logging: true,
      logger,
      extra: { max: 3 },
    });
    await ds.initialize();
    db = new Db(ds);
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.removeListener('uncaughtException', onUncaught);
    await ds.destroy();
    await admin.end();
    await tdb.drop();
  });
  beforeEach(async () => {
    await admin.query(`TRUNCATE notes`);
  });

  it('raw SQL and TypeORM run on one connection, see each other, and commit together', async () => {
    const seenInside = await db.transaction(async (tx) => {
      await tx.client.query(`INSERT INTO notes VALUES (1, 'raw')`);
      await tx.manager.getRepository(NoteEntity).insert({ id: 2, body: 'orm' });
      const pidRaw = (await tx.client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
      const [{ pid: pidOrm }] = await tx.manager.query<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid`);
      expect(pidOrm).toBe(pidRaw);
      // Nothing is visible outside before COMMIT.
      expect(await notes()).toEqual([]);
      const viaOrm = await tx.manager.getRepository(NoteEntity).find({ order: { id: 'ASC' } });
      const viaRaw = (await tx.client.query<{ id: number }>(`SELECT id FROM notes ORDER BY id`)).rows;
      return { viaOrm: viaOrm.map((n) => n.id), viaRaw: viaRaw.map((r) => r.id) };
    });
    expect(seenInside).toEqual({ viaOrm: [1, 2], viaRaw: [1, 2] });
    expect(await notes()).toEqual([
      { id: 1, body: 'raw' },
      { id: 2, body: 'orm' },
    ]);
  });

  it('rolls back what both wrote when fn throws, and passes the error on', async () => {
    const boom = new Error('refused');
    await expect(
      db.transaction(async (tx) => {
        await tx.client.query(`INSERT INTO notes VALUES (1, 'raw')`);
        await tx.manager.getRepository(NoteEntity).insert({ id: 2, body: 'orm' });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await notes()).toEqual([]);
    // A failed statement also rolls back the rest.
    await expect(
      db.transaction(async (tx) => {
        await tx.manager.getRepository(NoteEntity).insert({ id: 3, body: 'first' });
        await tx.client.query(`INSERT INTO notes VALUES (3, 'duplicate key')`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await notes()).toEqual([]);
  });

  it('within(tx) joins the caller’s transaction; within(undefined) opens one', async () => {
    const writeNote = (id: number, tx?: Tx) =>
      db.within(tx, async (t) => {
        await t.client.query(`INSERT INTO notes VALUES ($1, 'joined')`, [id]);
        return (await t.client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
      });
    await expect(
      db.transaction(async (tx) => {
        const outer = (await tx.client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
        expect(await writeNote(1, tx)).toBe(outer);
        throw new Error('the caller fails after the callee wrote');
      }),
    ).rejects.toThrow('the caller fails');
    expect(await notes()).toEqual([]); // the joined write went with the caller's rollback
    await writeNote(5);
    expect(await notes()).toEqual([{ id: 5, body: 'joined' }]);
  });

  it('adds no statement beyond BEGIN and COMMIT (ROLLBACK on failure)', async () => {
    logger.statements = [];
    await db.transaction(async (tx) => {
      await tx.client.query(`INSERT INTO notes VALUES (1, 'raw')`);
    });
    expect(logger.statements).toEqual(['START TRANSACTION', 'COMMIT']);
    logger.statements = [];
    await db.transaction(() => Promise.reject(new Error('x'))).catch(() => undefined);
    expect(logger.statements).toEqual(['START TRANSACTION', 'ROLLBACK']);
  });

  it('a connection dropped mid-transaction fails it (no crash), writes nothing, and the pool recovers', async () => {
    const outcome = await db
      .transaction(async (tx) => {
        await tx.manager.getRepository(NoteEntity).insert({ id: 1, body: 'before the drop' });
        const pid = (await tx.client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
        await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
        for (let i = 0; i < 100; i++) {
          const r = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [pid]);
          if (!r.rows.length) break;
          await new Promise((res) => setTimeout(res, 20));
        }
        await new Promise((res) => setTimeout(res, 200));
        await tx.client.query(`INSERT INTO notes VALUES (2, 'after the drop')`);
        return 'committed';
      })
      .then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      );
    expect(outcome.ok).toBe(false);
    expect(isConnectionError((outcome as { e: unknown }).e)).toBe(true);
    expect(uncaught).toEqual([]);
    expect(await notes()).toEqual([]);
    // The broken client is gone from the pool; every later transaction works (more than the
    // pool's size, so a leaked or reused dead client would show).
    for (let i = 10; i < 15; i++)
      await db.transaction(async (tx) => {
        await tx.manager.getRepository(NoteEntity).insert({ id: i, body: 'again' });
      });
    expect((await notes()).map((n) => n.id)).toEqual([10, 11, 12, 13, 14]);
    expect(db.pool.totalCount).toBeLessThanOrEqual(3);
    await db.ping();
  });
});
