/**
 * The reference both benchmarks compare against: pgbench's built-in TPC-B
 * script on the same PostgreSQL, and the helpers its measurement needs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PGBENCH = process.env.PGBENCH ?? 'pgbench';

/** Runs a command, collecting stdout and stderr together. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** pgbench's version line, or null when it is not installed. */
export function pgbenchVersion(): string | null {
  const r = spawnSync(PGBENCH, ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? null : r.stdout.trim();
}

export async function initTpcb(url: string, scale = 10): Promise<void> {
  const init = await run(PGBENCH, ['-i', '-s', String(scale), '-q', url]);
  if (init.code !== 0) throw new Error(`pgbench -i failed:\n${init.out}`);
}

export interface TpcbResult {
  tps: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
}

/**
 * `pgbench -c clients -j 2 -T seconds -b tpcb-like`: tps without connection
 * time, and p50/p99 latency (ms) from pgbench's per-transaction log.
 */
export async function runTpcb(url: string, clients: number, seconds: number): Promise<TpcbResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
  try {
    const r = await run(PGBENCH, [
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-b',
      'tpcb-like',
      '-l',
      `--log-prefix=${join(dir, 'tx')}`,
      url,
    ]);
    if (r.code !== 0) throw new Error(`pgbench failed:\n${r.out}`);
    const tps = /tps = ([0-9.]+) \(without initial connection time\)/.exec(r.out);
    const failed = /number of failed transactions: (\d+)/.exec(r.out);
    if (!tps) throw new Error(`cannot parse pgbench output:\n${r.out}`);
    const lat: number[] = [];
    for (const f of readdirSync(dir)) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const cols = line.trim().split(/\s+/);
        if (cols.length >= 3) lat.push(Number(cols[2]) / 1000);
      }
    }
    const sorted = Float64Array.from(lat).sort();
    return {
      tps: Number(tps[1]),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      count: sorted.length,
      errors: failed ? Number(failed[1]) : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
