import { ChildProcess, execSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * What `npm start` promises: the built server starts on the embedded PostgreSQL
 * (no DATABASE_URL), migrates, seeds the demo, answers /health and the docs,
 * and exits cleanly on SIGTERM leaving no postgres behind; after a SIGKILL the
 * orphaned postgres is taken care of by the next start.
 */
const ROOT = resolve(__dirname, '../..');
const MAIN = resolve(ROOT, 'dist/apps/api/apps/api/src/main.js');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

function postgresPidsFor(dataDir: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.endsWith('postgres')) && cmd.includes(dataDir)) pids.push(Number(d));
    } catch {
      /* process ended */
    }
  }
  return pids;
}

async function waitFor(url: string, ms: number): Promise<Response> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return r;
      last = r.status;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms (${String(last)})`);
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((res) =>
    p.exitCode !== null ? res(p.exitCode) : p.once('exit', (code) => res(code)),
  );

/** The README's "API by example" section: every ```bash block, in order, as one script. */
export function readmeExamples(readme: string): string {
  const start = readme.indexOf('## API by example');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (!blocks.length) throw new Error('README: no bash examples under "## API by example"');
  return blocks.join('\n');
}

/** Runs a script in bash, failing on the first command that fails or any HTTP error answer. */
function runBash(script: string, cwd: string): Promise<{ code: number | null; output: string }> {
  const prelude = 'set -eo pipefail\ncurl() { command curl --fail-with-body --show-error "$@"; }\n';
  return new Promise((res) => {
    const p = spawn('bash', ['-c', prelude + script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    p.once('exit', (code) => res({ code, output }));
  });
}

describe('npm start on the embedded PostgreSQL', () => {
  const dataRoot = resolve(ROOT, `.data/test-start-${randomBytes(3).toString('hex')}`);
  let port: number;
  let pgPort: number;
  let out = '';

  beforeAll(async () => {
    execSync('npx nest build api', { cwd: ROOT, stdio: 'pipe' });
    port = await freePort();
    pgPort = await freePort();
  }, 120_000);

  afterAll(() => {
    for (const pid of postgresPidsFor(resolve(dataRoot, 'pg'))) process.kill(pid, 'SIGKILL');
    rmSync(dataRoot, { recursive: true, force: true });
  });

  function start(): ChildProcess {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataRoot,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      SCRYPT_COST: '1024',
      NODE_ENV: 'development',
    };
    delete env.DATABASE_URL;
    const p = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    return p;
  }

  it('starts, serves health, docs and the demo, and exits cleanly on SIGTERM', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const t0 = Date.now();
    const app = start();
    const health = await waitFor(`http://127.0.0.1:${port}/health`, 150_000);
    const startupMs = Date.now() - t0;
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const docs = await waitFor(`http://127.0.0.1:${port}/api/docs-json`, 5_000);
    expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cashier@demo-cafe.test', password: 'demo-cashier-pass' }),
    });
    expect(login.status).toBe(200);
    // The demo has a program: the demo member has points and stamps to show.
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const scan = await fetch(`http://127.0.0.1:${port}/api/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ memberNumber: '100001' }),
    });
    const summary = (await scan.json()) as {
      points: { available: number };
      stampCards: { progress: number }[];
    };
    expect(summary.points.available).toBeGreaterThan(0);
    expect(summary.stampCards[0].progress).toBeGreaterThan(0);
    expect(out).toContain('demo logins');
    expect(out).toContain(`http://127.0.0.1:${port}/api/docs`);
    expect(postgresPidsFor(resolve(dataRoot, 'pg')).length).toBeGreaterThan(0);
    app.kill('SIGTERM');
    expect(await exited(app)).toBe(0);
    expect(postgresPidsFor(resolve(dataRoot, 'pg'))).toEqual([]);
    expect(startupMs).toBeLessThan(150_000);
  }, 180_000);

  it('recovers after the app was killed with SIGKILL (orphaned postgres), keeping the data', async () => {
    const first = start();
    await waitFor(`http://127.0.0.1:${port}/health`, 60_000);
    first.kill('SIGKILL');
    await exited(first);
    expect(postgresPidsFor(resolve(dataRoot, 'pg')).length).toBeGreaterThan(0);
    const second = start();
    await waitFor(`http://127.0.0.1:${port}/health`, 60_000);
    // The demo was not seeded twice: the data survived.
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo-cafe.test', password: 'demo-owner-pass' }),
    });
    expect(login.status).toBe(200);
    second.kill('SIGINT');
    expect(await exited(second)).toBe(0);
    expect(postgresPidsFor(resolve(dataRoot, 'pg'))).toEqual([]);
  }, 150_000);
  it("runs every example of the README's API section, in order, as written", async () => {
    const app = start();
    await waitFor(`http://127.0.0.1:${port}/health`, 60_000);
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const script = readmeExamples(readme);
    expect(script).toContain('API=http://127.0.0.1:3000');
    const cwd = mkdtempSync(join(tmpdir(), 'readme-'));
    try {
      const run = await runBash(
        script.replace('API=http://127.0.0.1:3000', `API=http://127.0.0.1:${port}`),
        cwd,
      );
      if (run.code !== 0)
        throw new Error(`README example failed (exit ${run.code}):\n${run.output.slice(-3000)}`);
      // The examples did what they say: the card PNG was written, the purchase earned, the return took back.
      expect(readFileSync(join(cwd, 'card.png')).subarray(1, 4).toString()).toBe('PNG');
      expect(run.output).toContain('"replayed":false');
      expect(run.output).not.toContain('"error"');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      app.kill('SIGTERM');
      expect(await exited(app)).toBe(0);
    }
  }, 150_000);

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot(
    'as root, stops with one sentence when the postgres user cannot enter the data directory',
    async () => {
      const locked = mkdtempSync(join(tmpdir(), 'locked-')); // mode 700, as `mktemp -d` makes it
      mkdirSync(join(locked, 'data'));
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(locked, 'data'), PORT: String(port) };
        delete env.DATABASE_URL;
        const p = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        expect(await exited(p)).toBe(1);
        expect(err).toContain(`cannot enter ${locked} (mode 700)`);
        expect(err).toContain(`chmod o+x ${locked}`);
        expect(err).not.toMatch(/\n\s+at /); // no stack trace
        expect(err.trim().split('\n')).toHaveLength(1);
      } finally {
        chmodSync(locked, 0o755);
        rmSync(locked, { recursive: true, force: true });
      }
    },
  );
});
