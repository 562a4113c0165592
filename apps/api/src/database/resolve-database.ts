import { resolve } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * The one place that decides which PostgreSQL the process talks to:
 * DATABASE_URL when set, otherwise the embedded server with its data under
 * `${DATA_DIR:-.data}/pg` on EMBEDDED_PG_PORT (default 54329, never 5432).
 * Used by the app, the migration script, ledger:verify and the seeders.
 */
export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function resolveDatabase(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const dataRoot = resolve(env.DATA_DIR ?? '.data');
  const handle = await startEmbeddedPostgres({
    dataDir: resolve(dataRoot, 'pg'),
    port: Number(env.EMBEDDED_PG_PORT ?? 54329),
    log,
  });
  return { url: handle.url, embedded: true, stop: handle.stop };
}
