import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/**
 * One database transaction, joinable by any module's repository.
 *
 * `client` is the pg connection the transaction runs on: raw SQL in repositories and
 * `@regulars/ledger` (its `client` option) use it. `manager` is a TypeORM EntityManager bound
 * to that same connection: TypeORM repositories (TenantRepository and the like) use it. Both see
 * the same uncommitted rows, and COMMIT or ROLLBACK covers what either wrote.
 *
 * A repository method that writes takes `tx?: Tx` as its last argument; a service that wants
 * its writes in a caller's transaction passes it on (`db.within(tx, fn)`).
 */
export interface Tx {
  readonly client: PoolClient;
  readonly manager: EntityManager;
}

/** Something that runs one SQL statement: a transaction's client, or the pool (autocommit). */
export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
}

const guarded = new WeakSet<Pool>();

/**
 * TypeORM's pg pool (PostgresDriver.master, a public property of the driver): the app, the
 * ledger and every repository share its connections. Every client of it gets an 'error'
 * listener for as long as it lives: a connection the server drops (restart, fail-over,
 * pg_terminate_backend) while idle in the pool, or while a caller holds it through
 * `pool.query`, must fail that caller's query and never reach Node as an unhandled 'error'
 * event that ends the process. The pool then discards the broken client.
 */
export function sharedPool(ds: DataSource): Pool {
  const pool = (ds.driver as PostgresDriver).master as Pool;
  if (!guarded.has(pool)) {
    guarded.add(pool);
    const ignore = () => undefined; // the caller's query fails with the same error
    pool.on('connect', (client) => client.on('error', ignore));
    for (const client of (pool as unknown as { _clients?: PoolClient[] })._clients ?? [])
      client.on('error', ignore);
  }
  return pool;
}

/**
 * The one way into the database: transactions (`transaction`, `within`), and the shared pool
 * for single autocommit statements (`pool`, one round trip each: the counter's hot path).
 * Provided by PersistenceModule; only repositories (`*.repository.ts`) run SQL with it.
 */
@Injectable()
export class Db {
  /** Autocommit statements on the shared pool. */
  readonly pool: Pool;

  constructor(private readonly ds: DataSource) {
    this.pool = sharedPool(ds);
  }

  /** TypeORM outside a transaction (each call autocommits). */
  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** The transaction's client when there is one, else the pool. */
  sql(tx?: Tx): Sql {
    return tx ? tx.client : this.pool;
  }

  /** TypeORM on the transaction's connection when there is one, else autocommit. */
  orm(tx?: Tx): EntityManager {
    return tx ? tx.manager : this.ds.manager;
  }

  /** One round trip to the server (health check). */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Runs fn inside `tx` when given (joins it), else in a new transaction. */
  within<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? fn(tx) : this.transaction(fn);
  }

  /**
   * Runs fn in one transaction on its own connection: BEGIN, fn, COMMIT (ROLLBACK when fn
   * throws). Round trips: the same as a hand-written BEGIN/COMMIT on a pg client.
   *
   * Dropped connections: while the connection is checked out, the pool no longer listens for
   * its 'error' event; a connection dropped between two statements (server restart,
   * pg_terminate_backend, fail-over) would then be an unhandled 'error' event that ends the
   * process. TypeORM's query runner listens for it for as long as it holds the connection and
   * then releases the client with the error (pg-pool destroys it instead of reusing it); the
   * listener held here notes the loss: the next statement fails, the transaction rolls back on
   * the server by itself, and no ROLLBACK is sent on the dead connection.
   */
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const runner: QueryRunner = this.ds.createQueryRunner('master');
    let lost: Error | undefined;
    const onError = (err: Error) => {
      lost = err;
    };
    let client: PoolClient | undefined;
    try {
      client = (await runner.connect()) as PoolClient;
      client.on('error', onError);
      await runner.startTransaction();
      const out = await fn({ client, manager: runner.manager });
      await runner.commitTransaction();
      return out;
    } catch (e) {
      if (client && !lost && !runner.isReleased && runner.isTransactionActive) {
        try {
          await runner.rollbackTransaction();
        } catch {
          // The connection is in an unknown state: end it, so that the pool drops it on release.
          await client.end().catch(() => undefined);
        }
      }
      throw e;
    } finally {
      client?.removeListener('error', onError);
      // After an 'error' event the query runner has already released the client with the error
      // (pg-pool destroys it); release() is then a no-op. A client that is not queryable or is
      // ending is dropped by the pool instead of being reused.
      await runner.release();
    }
  }
}
