import type { PoolClient } from 'pg';

/**
 * Runs fn in one transaction on a connection of a plain pg pool (the job queue's consumers, CLI
 * scripts): BEGIN, fn, COMMIT, or ROLLBACK when fn throws. In the app, prefer `Db.transaction`,
 * which also gives TypeORM the same connection.
 *
 * While the client is checked out, the pool no longer listens for its 'error' event; a
 * connection dropped between two statements (server restart, pg_terminate_backend, fail-over)
 * would then be an unhandled 'error' event that ends the process. The listener held here keeps
 * the error: the next statement fails (pg: "not queryable"), the transaction rolls back on the
 * server by itself, and the broken client is destroyed instead of going back to the pool.
 */
export async function pgTransaction<T>(
  pool: { connect(): Promise<PoolClient> },
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost = err;
  };
  client.on('error', onError);
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    if (lost) failure = lost;
    else await client.query('ROLLBACK').catch((rollbackError: Error) => (failure = rollbackError));
    throw e;
  } finally {
    client.removeListener('error', onError);
    client.release(lost ?? failure);
  }
}
