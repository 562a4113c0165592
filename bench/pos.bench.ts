/**
 * npm run bench:pos
 *
 * The counter under load, end to end over HTTP, against one PostgreSQL
 * (DATABASE_URL, or the app's embedded server):
 *   1. builds the app (`npx nest build api`, into dist/bench-pos) and starts it as its own process
 *      on a free port against the database regulars_bench_pos (migrations run
 *      at start);
 *   2. seeds, unless already seeded (resumable, see bench/pos-seed.ts): a café
 *      signed up through the API (rules, rewards, a POS key), 100k members with
 *      cards and 1M purchases of history with lines and their ledger earns;
 *      then runs the ledger's verify() for the business and prints the result;
 *   3. pgbench TPC-B (`pgbench -i -s 10` into regulars_bench_pos_pgbench, then
 *      `pgbench -c <clients> -j 2 -T <s>`), before and after the HTTP runs;
 *   4. load from a separate process (bench/pos-load.ts), fixed connections:
 *      (a) earn: scan a random member's card, then POST the purchase;
 *      (b) balance look-ups: scan a random member's card;
 *      while sampling the CPU time of the app, the load process and the
 *      bench database's PostgreSQL backends, and their wait events;
 *   5. prints throughput and p50/p99 for each, and ends with
 *        pos earn/pgbench throughput ratio: X.XX
 *      (purchases/s over the mean pgbench tps of the runs before and after).
 *
 * Environment:
 *   BENCH_CLIENTS (16)        HTTP connections and pgbench clients
 *   BENCH_SECONDS (25)        measured seconds per workload (after BENCH_WARMUP, 3)
 *   BENCH_MEMBERS (100000), BENCH_PURCHASES (1000000)
 *   BENCH_DB (regulars_bench_pos)  database to seed and reuse
 *   BENCH_RESEED=1            drop and seed again
 *   BENCH_SEED_ONLY=1         stop after seeding and verify
 *   BENCH_NO_BUILD=1          use the existing build in dist/bench-pos
 *   BENCH_VERIFY_BEFORE=0     skip the ledger verify before the load (quick iterations)
 *   BENCH_VERIFY_AFTER=0      skip the ledger verify after the load
 *   BENCH_LOOKUP=0            skip the balance look-up workload (e.g. to profile the earn workload alone)
 *   BENCH_WHATIF_INDEX=1      measure with an index on ledger_accounts (business_id, owner_type, owner_id)
 *                             created before and dropped after the load (labelled); redundant since
 *                             ab20c23 put such an index into the ledger's migration (run B in the docs)
 *   BENCH_DIAGNOSE=0          skip the single-connection round-trip count (bench/pg-query-counter.cjs)
 *   BENCH_WORKER=1            run the job-queue worker (event consumers) inside the app under load
 *   BENCH_TIERS=1             install a tier program (spend per calendar year, Silver x1.25, Gold x1.5)
 *                             covering the history, and store every member's tier state derived from it,
 *                             so the scan and the purchase carry tiers and the multiplier; sticky per
 *                             BENCH_DB (use another BENCH_DB, or BENCH_RESEED=1, to measure without)
 *   BENCH_REBATES=1           the members are buyers of BENCH_REBATE_COMPANIES (100) business customers,
 *                             each with an annual volume rebate agreement in force (bench/pos-rebates.ts);
 *                             turns the worker on (unless BENCH_WORKER=0) so the accrual consumer runs
 *                             under the load; after it: accruals posted, backlog, rebate verify
 *   PGBENCH (pgbench)         path of pgbench
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { resolveDatabase } from '../apps/api/src/database/resolve-database';
import { signCardToken } from '../apps/api/src/members/card-token';
import { Ledger } from '../libs/ledger/src';
import { tierTimeline } from '../libs/tiers/src';
import { TiersRepository } from '../apps/api/src/tiers/tiers.repository';
import type { Db } from '../apps/api/src/database/db';
import { PGBENCH, pgbenchVersion, run, runTpcb } from './pgbench';
import { BASKETS, basketLines, percentiles, type LoadConfig, type LoadResult } from './pos-load';
import {
  BENCH_RULES,
  CHUNK_MEMBERS,
  HISTORY_DAYS,
  META_DDL,
  basketTemplates,
  finishLedger,
  readMetaSql,
  seedHistoryChunk,
  seedMembers,
  type SeedMeta,
} from './pos-seed';
import { accrualCount, ownerToken, rebateReport, setupRebates } from './pos-rebates';

const ROOT = resolve(__dirname, '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 25);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 1_000_000);
const BENCH_DB = process.env.BENCH_DB ?? 'regulars_bench_pos';
const PGBENCH_DB = `${BENCH_DB}_pgbench`;
const flag = (name: string, def: boolean) =>
  process.env[name] === undefined ? def : !['0', 'false', 'no', ''].includes(process.env[name]!);
// Fixed secrets: the bench signs the members' card payloads itself.
const JWT_SECRET = 'bench-pos-jwt-secret-0123456789-abcdefghijklmnop';
const CARD_SECRET = 'bench-pos-card-secret-0123456789-abcdefghijklmnop';
const TIME_ZONE = 'Europe/Berlin';
// Before ab20c23 the counter's reads looked accounts up by (business, owner) without the unit, which
// the unique index (business_id, unit, owner_type, owner_id) cannot serve: BENCH_WHATIF_INDEX=1 adds
// this one (what-if of docs/BENCHMARKS.md run B; the ledger's migration now has an equivalent).
const WHATIF_INDEX =
  'CREATE INDEX IF NOT EXISTS bench_whatif_ledger_accounts_owner ON ledger_accounts (business_id, owner_type, owner_id)';
// Built into its own directory (bench/tsconfig.build.json): `nest build` empties its outDir first,
// and others may be running or building dist/apps/api at the same time.
const MAIN_JS = 'dist/bench-pos/apps/api/src/main.js';
const CLK_TCK = 100;

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

// ------------------------------------------------------------------ the app

interface App {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

async function startApp(databaseUrl: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<App> {
  const main = join(ROOT, MAIN_JS);
  const port = await freePort();
  // BENCH_APP_NODE_ARGS: extra node flags for the app only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      JWT_SECRET,
      CARD_SECRET,
      LEDGER_SETTLE_SECONDS: '0',
      // The counter alone: events are written (the outbox insert is part of the purchase) but the
      // job-queue worker does not run in the app, so it neither competes for the CPU nor adds its
      // polling to the round-trip count of the diagnostic. BENCH_WORKER=1 runs it.
      WORKER_ENABLED: process.env.BENCH_WORKER === '1' ? 'true' : 'false',
      DATA_DIR: join(tmpdir(), 'regulars-bench-pos'),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${baseUrl}/health`);
      if (r.ok) return { child, baseUrl, output: () => out };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGTERM');
  throw new Error(`the app did not answer /health in 120 s:\n${out}`);
}

async function stopApp(app: App): Promise<void> {
  if (app.child.exitCode !== null) return;
  const exited = new Promise((r) => app.child.once('exit', r));
  app.child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (app.child.exitCode === null) app.child.kill('SIGKILL');
}

async function http<T>(app: App, method: string, path: string, body: unknown, auth?: string): Promise<T> {
  const r = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text) as T;
}

// ----------------------------------------------------------------- seeding

async function readMeta(c: Client): Promise<SeedMeta | null> {
  await c.query(META_DDL);
  const r = await c.query<SeedMeta>(readMetaSql);
  return r.rows[0] ?? null;
}

async function signUp(app: App, c: Client): Promise<SeedMeta> {
  const slug = `bench-cafe-${randomBytes(3).toString('hex')}`;
  const s = await http<{ business: { id: string }; location: { id: string }; accessToken: string }>(
    app,
    'POST',
    '/api/businesses',
    {
      name: 'Bench Café',
      slug,
      currency: 'EUR',
      timeZone: TIME_ZONE,
      ownerEmail: `owner@${slug}.test`,
      ownerPassword: 'bench owner password',
      ownerName: 'Bench Owner',
    },
  );
  const token = s.accessToken;
  const rules = await http<{ version: number }>(app, 'PUT', '/api/rules', { ruleSet: BENCH_RULES }, token);
  await http(
    app,
    'POST',
    '/api/rewards',
    {
      name: 'Free coffee',
      cost: { kind: 'stamp_card', cardId: 'coffee' },
      benefit: { kind: 'free_item', sku: 'ESPRESSO', description: 'Espresso', maxValue: 350 },
    },
    token,
  );
  await http(
    app,
    'POST',
    '/api/rewards',
    { name: '5 off', cost: { kind: 'points', points: 100 }, benefit: { kind: 'amount_off', amount: 500 } },
    token,
  );
  const key = await http<{ key: string }>(app, 'POST', '/api/api-keys', { name: 'POS bench' }, token);
  const historyStart = new Date(Date.now() - (HISTORY_DAYS + 1) * 86_400_000);
  const before = new Date(historyStart.getTime() - 60 * 86_400_000);
  // The rules cover the history: publishing refuses a past effectiveFrom, so back-date it here.
  await c.query(`UPDATE rule_set_versions SET effective_from = $2 WHERE business_id = $1`, [
    s.business.id,
    before,
  ]);
  await c.query(`UPDATE businesses SET created_at = $2 WHERE id = $1`, [s.business.id, before]);
  const meta: SeedMeta = {
    business_id: s.business.id,
    api_key: key.key,
    location_id: s.location.id,
    rule_version: rules.version,
    time_zone: TIME_ZONE,
    members: MEMBERS,
    purchases: PURCHASES,
    members_done: -1,
    complete: false,
    acc_base: 0,
    tx_base: 0,
    history_start: historyStart,
    seed_seconds: 0,
  };
  await c.query(
    `INSERT INTO bench_pos_meta (business_id, api_key, location_id, rule_version, time_zone, members, purchases, history_start)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      meta.business_id,
      meta.api_key,
      meta.location_id,
      meta.rule_version,
      meta.time_zone,
      meta.members,
      meta.purchases,
      meta.history_start,
    ],
  );
  return meta;
}

async function seed(app: App, url: string): Promise<SeedMeta> {
  return admin(url, async (c) => {
    let meta = await readMeta(c);
    if (meta && (meta.members !== MEMBERS || meta.purchases !== PURCHASES)) {
      throw new Error(
        `${BENCH_DB} was seeded for ${meta.members} members / ${meta.purchases} purchases; ` +
          `set BENCH_RESEED=1 (or another BENCH_DB) for ${MEMBERS} / ${PURCHASES}`,
      );
    }
    if (meta?.complete) {
      log(
        `seed: reusing ${BENCH_DB} (business ${meta.business_id}, seeded in ${meta.seed_seconds.toFixed(0)} s)`,
      );
      return meta;
    }
    const t0 = Date.now();
    if (!meta) {
      log(`seed: signing up the café through the API ...`);
      meta = await signUp(app, c);
    } else {
      log(`seed: resuming (history of ${Math.max(0, meta.members_done)} members done) ...`);
    }
    const templates = basketTemplates(meta.time_zone, meta.history_start);
    if (meta.members_done < 0) {
      log(`seed: ${meta.members.toLocaleString('en')} members with cards ...`);
      await seedMembers(c, meta, templates);
      log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    log(
      `seed: ${meta.purchases.toLocaleString('en')} purchases with lines and ledger rows, ` +
        `${CHUNK_MEMBERS.toLocaleString('en')} members' history per transaction ...`,
    );
    for (let from = meta.members_done; from < meta.members; from += CHUNK_MEMBERS) {
      const to = Math.min(meta.members, from + CHUNK_MEMBERS);
      const r = await seedHistoryChunk(c, meta, templates, from, to);
      meta.members_done = to;
      log(
        `  members ${(from + 1).toLocaleString('en')}-${to.toLocaleString('en')}: ${Number(r.purchases).toLocaleString('en')} purchases, ` +
          `${Number(r.lines).toLocaleString('en')} lines, ${Number(r.tx).toLocaleString('en')} ledger transactions; ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    await finishLedger(c, meta);
    log('seed: VACUUM ANALYZE ...');
    await c.query('VACUUM ANALYZE');
    const seconds = (Date.now() - t0) / 1000 + meta.seed_seconds;
    await c.query(`UPDATE bench_pos_meta SET seed_seconds = $2 WHERE business_id = $1`, [
      meta.business_id,
      seconds,
    ]);
    meta.seed_seconds = seconds;
    log(`seed: done in ${seconds.toFixed(0)} s`);
    return meta;
  });
}

/** The bench's tier program: net spend per calendar year; Silver x1.25 from 60.00, Gold x1.5 from 150.00. */
const BENCH_TIER_PROGRAM = {
  basis: 'spend',
  window: { kind: 'calendar_year' },
  exclusions: { skus: ['GIFT-CARD'], categories: [] },
  holdPeriods: 1,
  downgrade: 'one_step',
  graceDays: 0,
  returnsCanDowngrade: false,
  tiers: [
    { id: 'member', name: 'Member', reach: 0, keep: 0 },
    { id: 'silver', name: 'Silver', reach: 6000, keep: 4000, benefits: { multiplierBp: 12500 } },
    { id: 'gold', name: 'Gold', reach: 15000, keep: 12000, benefits: { multiplierBp: 15000 } },
  ],
};

/**
 * BENCH_TIERS=1: publishes BENCH_TIER_PROGRAM through the API (owner login),
 * back-dates it to cover the seeded history (as the rules are), and stores
 * every member's tier state derived from that history by the library, as the
 * tier consumer would have (no history rows or reach bonuses: the bench
 * program has none). Members that already have a state are skipped, so a
 * reused database is ready at once.
 */
async function installTiers(app: App, url: string, meta: SeedMeta): Promise<void> {
  const t0 = Date.now();
  await admin(url, async (c) => {
    const has = await c.query(`SELECT 1 FROM tier_program_versions WHERE business_id = $1 LIMIT 1`, [
      meta.business_id,
    ]);
    if (has.rowCount) return;
    const { slug } = (
      await c.query<{ slug: string }>(`SELECT slug FROM businesses WHERE id = $1`, [meta.business_id])
    ).rows[0];
    const login = await http<{ accessToken: string }>(app, 'POST', '/api/auth/staff/login', {
      email: `owner@${slug}.test`,
      password: 'bench owner password',
      business: slug,
    });
    await http(app, 'PUT', '/api/tiers/program', { program: BENCH_TIER_PROGRAM }, login.accessToken);
    const before = new Date(new Date(meta.history_start).getTime() - 60 * 86_400_000);
    await c.query(`UPDATE tier_program_versions SET effective_from = $2 WHERE business_id = $1`, [
      meta.business_id,
      before,
    ]);
  });
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    // The repository uses only Db's pool.
    const store = new TiersRepository({ pool } as Pick<Db, 'pool'> as Db, new Ledger(pool));
    const todo = await pool.query<{ id: string }>(
      `SELECT m.id FROM members m WHERE m.business_id = $1
          AND NOT EXISTS (SELECT 1 FROM member_tier_states s WHERE s.business_id = m.business_id AND s.member_id = m.id)
        ORDER BY m.id`,
      [meta.business_id],
    );
    log(
      `tiers: deriving the tier state of ${todo.rows.length.toLocaleString('en')} members from their history ...`,
    );
    const now = new Date();
    let next = 0;
    const tiers = new Map<string, number>();
    const worker = async () => {
      for (let i = next++; i < todo.rows.length; i = next++) {
        const memberId = todo.rows[i].id;
        const ctx = await store.context(meta.business_id, memberId);
        if (!ctx) continue;
        const timeline = tierTimeline(ctx, await store.memberEvents(meta.business_id, memberId, now), now);
        tiers.set(timeline.tier?.id ?? 'none', (tiers.get(timeline.tier?.id ?? 'none') ?? 0) + 1);
        const tx = await pool.connect();
        try {
          await tx.query('BEGIN');
          await store.lockState(meta.business_id, memberId, now, tx);
          await store.save(
            meta.business_id,
            ctx,
            { state: timeline.state, transitions: [], bonuses: [] },
            now,
            tx,
          );
          await tx.query('COMMIT');
        } catch (e) {
          await tx.query('ROLLBACK');
          throw e;
        } finally {
          tx.release();
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    await pool.query('ANALYZE member_tier_states');
    log(
      `tiers: ${[...tiers].map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ') || 'all stored already'}; ` +
        `${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    await pool.end();
  }
}

/** Without BENCH_TIERS, says so when the reused database has a tier program (the run then measures tiers too). */
async function warnIfTiers(url: string, meta: SeedMeta): Promise<void> {
  const r = await admin(url, (c) =>
    c.query(`SELECT 1 FROM tier_program_versions WHERE business_id = $1 LIMIT 1`, [meta.business_id]),
  );
  if (r.rowCount)
    log(`WARNING: ${BENCH_DB} has a tier program (an earlier BENCH_TIERS=1 run): tiers are measured too`);
}

async function verify(url: string, businessId: string, when: string): Promise<string> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const t0 = Date.now();
    const violations = await new Ledger(pool).verify({ businessId });
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    const line = violations.length
      ? `${violations.length} VIOLATIONS (${[...new Set(violations.map((v) => v.code))].join(', ')}); first: ${violations[0].message}`
      : 'clean';
    log(`ledger verify ${when}: ${line} (${s} s)`);
    return line;
  } finally {
    await pool.end();
  }
}

async function datasetSizes(url: string, businessId: string) {
  return admin(url, async (c) => {
    const count = async (table: string) =>
      Number(
        (
          await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE business_id = $1`, [
            businessId,
          ])
        ).rows[0].n,
      );
    const size = (
      await c.query<{ s: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`)
    ).rows[0].s;
    return {
      members: await count('members'),
      purchases: await count('purchases'),
      purchaseLines: await count('purchase_lines'),
      ledgerTransactions: await count('ledger_transactions'),
      ledgerEntries: await count('ledger_entries'),
      databaseSize: size,
    };
  });
}

// ----------------------------------------------------------------- pgbench

interface Measure {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
  /** pgbench only: CPU ms of its PostgreSQL backends per transaction. */
  pgCpuPerTx?: number;
}

async function checkpoint(url: string): Promise<void> {
  await admin(url, (c) => c.query('CHECKPOINT')).catch(() => undefined);
}

async function runPgbench(url: string, name: string): Promise<Measure> {
  await checkpoint(url);
  log(
    `pgbench: -c ${CLIENTS} -j 2 -T ${SECONDS} -b tpcb-like (load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}) ...`,
  );
  let r: Awaited<ReturnType<typeof runTpcb>> | undefined;
  // The same CPU accounting as the HTTP workloads (backends of the pgbench database; no app process).
  const profile = await profiled(url, 0, async () => {
    r = await runTpcb(url, CLIENTS, SECONDS);
    return 0;
  });
  const pgCpuPerTx = r!.count ? (profile.pgCpu / r!.count) * 1000 : NaN;
  if (r!.count)
    log(
      `  WAL per TPC-B transaction: ${(profile.walBytes / r!.count / 1024).toFixed(1)} kB, ` +
        `${(profile.walFpi / r!.count).toFixed(2)} full-page images`,
    );
  return {
    name,
    perSecond: r!.tps,
    p50: r!.p50,
    p99: r!.p99,
    count: r!.count,
    errors: r!.errors,
    pgCpuPerTx,
  };
}

// ------------------------------------------------------- load and profiling

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime + stime
  } catch {
    return 0;
  }
}

function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

interface Profile {
  appCpu: number;
  loadCpu: number;
  pgCpu: number;
  machineBusy: number;
  wall: number;
  waits: Record<string, number>;
  samples: number;
  commits: number;
  /** Written by the whole cluster during the run (pg_stat_wal). */
  walBytes: number;
  walFpi: number;
}

/** CPU seconds of the app, the load process and the bench db's backends, plus wait-event samples (10 Hz). */
async function profiled(url: string, appPid: number, body: () => Promise<number>): Promise<Profile> {
  const mon = new Client({ connectionString: url });
  await mon.connect();
  const backends = async () =>
    (
      await mon.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r) => r.pid);
  const commits = async () =>
    Number(
      (
        await mon.query<{ n: string }>(
          `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows[0].n,
    );
  const wal = async () => {
    const r = (
      await mon.query<{ b: string; f: string }>(
        `SELECT wal_bytes::text AS b, wal_fpi::text AS f FROM pg_stat_wal`,
      )
    ).rows[0];
    return { bytes: Number(r.b), fpi: Number(r.f) };
  };
  const pgStart = new Map<number, number>();
  for (const pid of await backends()) pgStart.set(pid, cpuSeconds(pid));
  const c0 = await commits();
  const w0 = await wal();
  const app0 = cpuSeconds(appPid);
  const m0 = machineCpu();
  const t0 = Date.now();
  const waits: Record<string, number> = {};
  let samples = 0;
  let sampling = true;
  const lastCpu = new Map<number, number>();
  const sampler = (async () => {
    while (sampling) {
      const rows = (
        await mon.query<{ pid: number; state: string | null; w: string | null }>(
          `SELECT pid, state, wait_event_type || ':' || wait_event AS w FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        )
      ).rows;
      for (const r of rows) {
        // Backends that exit before the end (pgbench's) keep their last reading.
        const cpu = cpuSeconds(r.pid);
        if (cpu > 0) lastCpu.set(r.pid, cpu);
        const k = r.state === 'active' ? (r.w ?? 'active:CPU') : (r.state ?? 'unknown');
        waits[k] = (waits[k] ?? 0) + 1;
      }
      samples++;
      await sleep(100);
    }
  })();
  let loadCpu = 0;
  try {
    loadCpu = await body();
  } finally {
    sampling = false;
  }
  await sampler;
  // backends opened during the run (the app's pool grows on demand) count from 0
  for (const pid of await backends()) lastCpu.set(pid, cpuSeconds(pid));
  let pgCpu = 0;
  for (const [pid, cpu] of lastCpu) pgCpu += cpu - (pgStart.get(pid) ?? 0);
  const m1 = machineCpu();
  const w1 = await wal();
  const profile: Profile = {
    walBytes: w1.bytes - w0.bytes,
    walFpi: w1.fpi - w0.fpi,
    appCpu: cpuSeconds(appPid) - app0,
    loadCpu,
    pgCpu,
    machineBusy: m1.busy - m0.busy,
    wall: (Date.now() - t0) / 1000,
    waits,
    samples,
    // minus the monitor's own statements (one per sample, plus the two reads around the run)
    commits: (await commits()) - c0 - samples - 2,
  };
  await mon.end();
  return profile;
}

async function runLoad(
  app: App,
  url: string,
  mode: 'earn' | 'lookup',
  apiKey: string,
  payloadsFile: string,
): Promise<{ result: LoadResult; profile: Profile }> {
  await checkpoint(url);
  const cfgFile = join(tmpdir(), `pos-load-${process.pid}-${mode}.json`);
  const cfg: LoadConfig = {
    mode,
    baseUrl: app.baseUrl,
    apiKey,
    payloadsFile,
    connections: CLIENTS,
    seconds: SECONDS,
    warmupSeconds: WARMUP,
    tag: `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`,
  };
  writeFileSync(cfgFile, JSON.stringify(cfg));
  log(
    `load: ${mode}, ${CLIENTS} connections, ${WARMUP} s warm-up + ${SECONDS} s (load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}) ...`,
  );
  let out = '';
  let err = '';
  const profile = await profiled(url, app.child.pid!, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/pos-load.ts'), cfgFile], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // CPU time of the load process (includes its start-up and warm-up), polled while it runs
    let loadCpu = 0;
    const poll = setInterval(() => {
      const v = cpuSeconds(child.pid!);
      if (v) loadCpu = v;
    }, 200);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    clearInterval(poll);
    if (code !== 0) throw new Error(`load process failed (${code}):\n${err}\n${out}`);
    return loadCpu;
  });
  rmSync(cfgFile, { force: true });
  const result = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
  return { result, profile };
}

function describeProfile(p: Profile, iterations: number, label: string): string[] {
  const per = (s: number) => (iterations ? `${((s / iterations) * 1000).toFixed(2)} ms` : 'n/a');
  const cores = cpus().length;
  const total = Object.values(p.waits).reduce((a, b) => a + b, 0) || 1;
  const waits = Object.entries(p.waits)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, v]) => `${k} ${((100 * v) / total).toFixed(0)}%`)
    .join(', ');
  return [
    `  profile (${label}, whole load-process lifetime incl. warm-up, ${iterations} iterations): machine CPU busy ${((100 * p.machineBusy) / (p.wall * cores)).toFixed(0)}% of ${cores} cores over ${p.wall.toFixed(1)} s`,
    `    CPU seconds: app (Node) ${p.appCpu.toFixed(1)}, PostgreSQL backends ${p.pgCpu.toFixed(1)}, load process ${p.loadCpu.toFixed(1)}`,
    `    CPU per iteration: app ${per(p.appCpu)}, PostgreSQL ${per(p.pgCpu)}, load ${per(p.loadCpu)}; ` +
      `commits per iteration ${iterations ? (p.commits / iterations).toFixed(2) : 'n/a'}`,
    `    WAL per iteration: ${iterations ? (p.walBytes / iterations / 1024).toFixed(1) : 'n/a'} kB, ` +
      `${iterations ? (p.walFpi / iterations).toFixed(2) : 'n/a'} full-page images`,
    `    backend states (${p.samples} samples at 10 Hz): ${waits}`,
  ];
}

/**
 * Single-connection diagnostic with the app restarted under bench/pg-query-counter.cjs:
 * SQL statements (round trips) per scan and per purchase, and their latency with no
 * concurrency. Not part of the throughput figures.
 */
async function diagnose(url: string, meta: SeedMeta, payloads: string[], n = 200): Promise<string[]> {
  const countFile = join(tmpdir(), `pos-query-count-${process.pid}`);
  writeFileSync(countFile, '0');
  const app = await startApp(url, {
    NODE_OPTIONS:
      `${process.env.NODE_OPTIONS ?? ''} --require ${join(ROOT, 'bench/pg-query-counter.cjs')}`.trim(),
    BENCH_QUERY_COUNT_FILE: countFile,
  });
  const count = async () => {
    await sleep(300);
    return Number(readFileSync(countFile, 'utf8'));
  };
  const post = async (path: string, body: unknown, status: number) => {
    const t0 = performance.now();
    const r = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': meta.api_key },
      body: JSON.stringify(body),
    });
    await r.text();
    if (r.status !== status) throw new Error(`${path}: ${r.status}`);
    return performance.now() - t0;
  };
  const pick = () => payloads[Math.floor(Math.random() * payloads.length)];
  const tag = `diag-${Date.now().toString(36)}`;
  try {
    for (let i = 0; i < 20; i++) await post('/api/scan', { payload: pick() }, 200); // warm-up
    const c0 = await count();
    const scanLat: number[] = [];
    for (let i = 0; i < n; i++) scanLat.push(await post('/api/scan', { payload: pick() }, 200));
    const c1 = await count();
    const buyLat: number[] = [];
    for (let i = 0; i < n; i++) {
      const lines = basketLines(BASKETS[i % BASKETS.length]);
      buyLat.push(
        await post(
          '/api/pos/purchases',
          {
            transactionId: `${tag}-${i}`,
            member: { cardPayload: pick() },
            total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
            lines,
          },
          201,
        ),
      );
    }
    const c2 = await count();
    // The counter's flow: a scan, then the purchase of the member just scanned (which reuses the scan's read).
    const pairLat: number[] = [];
    for (let i = 0; i < n; i++) {
      const payload = pick();
      await post('/api/scan', { payload }, 200);
      const lines = basketLines(BASKETS[i % BASKETS.length]);
      pairLat.push(
        await post(
          '/api/pos/purchases',
          {
            transactionId: `${tag}-after-scan-${i}`,
            member: { cardPayload: payload },
            total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
            lines,
          },
          201,
        ),
      );
    }
    const c3 = await count();
    const ps = percentiles(scanLat);
    const pp = percentiles(buyLat);
    const pa = percentiles(pairLat);
    return [
      `  diagnostic, 1 connection, ${n} requests each (app restarted with bench/pg-query-counter.cjs):`,
      `    POST /api/scan: ${((c1 - c0) / n).toFixed(1)} SQL round trips, p50 ${ps.p50.toFixed(2)} ms, p99 ${ps.p99.toFixed(2)} ms`,
      `    POST /api/pos/purchases (member not scanned before): ${((c2 - c1) / n).toFixed(1)} SQL round trips, p50 ${pp.p50.toFixed(2)} ms, p99 ${pp.p99.toFixed(2)} ms`,
      `    POST /api/pos/purchases right after its scan: ${((c3 - c2) / n - (c1 - c0) / n).toFixed(1)} SQL round trips, p50 ${pa.p50.toFixed(2)} ms, p99 ${pa.p99.toFixed(2)} ms`,
    ];
  } finally {
    await stopApp(app);
    rmSync(countFile, { force: true });
  }
}

// -------------------------------------------------------------------- main

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const rebates = flag('BENCH_REBATES', false);
  // The accrual is an event consumer: without the worker nothing would accrue.
  if (rebates && process.env.BENCH_WORKER === undefined) process.env.BENCH_WORKER = '1';
  const db = await resolveDatabase(process.env, (l) => {
    if (/error|fatal/i.test(l)) log(`[postgres] ${l}`);
  });
  let app: App | null = null;
  try {
    const benchUrl = withDatabase(db.url, BENCH_DB);
    const info = await admin(db.url, async (c) => {
      const version = (await c.query<{ v: string }>('SELECT version() AS v')).rows[0].v.split(' on ')[0];
      const settings = (
        await c.query<{ name: string; setting: string }>(
          `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections') ORDER BY name`,
        )
      ).rows;
      const reseed = flag('BENCH_RESEED', false);
      if (reseed) await c.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB])).rows.length;
      if (!exists) await c.query(`CREATE DATABASE ${BENCH_DB}`);
      return { version, settings };
    });
    log(
      `${info.version} (${db.embedded ? 'embedded' : 'DATABASE_URL'}); ${info.settings.map((s) => `${s.name}=${s.setting}`).join(', ')}`,
    );
    log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; node ${process.version}`,
    );
    log(`clients/connections: ${CLIENTS}; ${SECONDS} s measured per workload (+${WARMUP} s warm-up)`);

    if (flag('BENCH_NO_BUILD', false)) {
      log('build: skipped (BENCH_NO_BUILD)');
    } else {
      log('build: npx nest build api -p bench/tsconfig.build.json (into dist/bench-pos) ...');
      const b = await run('npx', ['nest', 'build', 'api', '-p', 'bench/tsconfig.build.json'], { cwd: ROOT });
      if (b.code !== 0) {
        if (!existsSync(join(ROOT, MAIN_JS))) throw new Error(`build failed:\n${b.out}`);
        log(`build FAILED, using the previous build in dist/bench-pos:\n${b.out.slice(-2000)}`);
      }
    }
    app = await startApp(benchUrl);
    log(`app: pid ${app.child.pid} at ${app.baseUrl}`);

    const meta = await seed(app, benchUrl);
    if (flag('BENCH_TIERS', false)) await installTiers(app, benchUrl, meta);
    else await warnIfTiers(benchUrl, meta);
    if (flag('BENCH_VERIFY_BEFORE', true)) {
      const verifyBefore = await verify(benchUrl, meta.business_id, 'before the load');
      if (verifyBefore !== 'clean') log('WARNING: the ledger does not verify before the load');
    }
    const sizes = await datasetSizes(benchUrl, meta.business_id);
    log(
      `dataset: ${sizes.members.toLocaleString('en')} members, ${sizes.purchases.toLocaleString('en')} purchases, ` +
        `${sizes.purchaseLines.toLocaleString('en')} lines, ${sizes.ledgerTransactions.toLocaleString('en')} ledger transactions, ` +
        `${sizes.ledgerEntries.toLocaleString('en')} entries; database ${sizes.databaseSize}; seeded in ${meta.seed_seconds.toFixed(0)} s`,
    );
    let rebateToken: string | null = null;
    let accrualsBefore = 0;
    if (rebates) {
      const companies = Number(process.env.BENCH_REBATE_COMPANIES ?? 100);
      const call = <T>(method: string, path: string, body: unknown, auth?: string) =>
        http<T>(app!, method, path, body, auth);
      const r = await admin(benchUrl, (c) => setupRebates(c, call, meta.business_id, TIME_ZONE, companies));
      log(
        `rebates: ${r.companies} companies, ${r.agreements} agreements in force (retroactive 2 % / 4 %), ` +
          `${r.buyers.toLocaleString('en')} members are buyers${r.reused ? ' (reused)' : ''}; worker ${process.env.BENCH_WORKER === '1' ? 'on' : 'OFF (nothing accrues)'}`,
      );
      rebateToken = await admin(benchUrl, async (c) => {
        accrualsBefore = await accrualCount(c, meta.business_id);
        return ownerToken(c, call, meta.business_id);
      });
    }
    if (flag('BENCH_SEED_ONLY', false)) return;

    // What-if (off by default): an index the schema lacks, to measure its effect. Dropped again below.
    const whatIf = flag('BENCH_WHATIF_INDEX', false);
    // a what-if run that died midway must not leave its index behind
    await admin(benchUrl, (c) => c.query('DROP INDEX IF EXISTS bench_whatif_ledger_accounts_owner'));
    if (whatIf) {
      log(`WHAT-IF: ${WHATIF_INDEX} (not in the migrations; dropped after the run)`);
      await admin(benchUrl, (c) => c.query(WHATIF_INDEX));
      await admin(benchUrl, (c) => c.query('ANALYZE ledger_accounts'));
    }

    const cards = await admin(benchUrl, (c) =>
      c.query<{ id: string }>(
        `SELECT id FROM member_cards WHERE business_id = $1 AND status = 'active' ORDER BY member_id`,
        [meta.business_id],
      ),
    );
    const payloadsFile = join(tmpdir(), `pos-payloads-${process.pid}.json`);
    writeFileSync(
      payloadsFile,
      JSON.stringify(cards.rows.map((r) => signCardToken(CARD_SECRET, meta.business_id, r.id))),
    );

    const rows: Measure[] = [];
    const notes: string[] = [];
    let pgbench: Measure[] = [];
    let pgbenchUrl: string | null = null;
    const pgv = pgbenchVersion();
    if (!pgv) {
      log(
        `pgbench is MISSING (looked for "${PGBENCH}"): install the PostgreSQL client tools or set PGBENCH; the ratio cannot be computed`,
      );
    } else {
      log(`pgbench: ${pgv}; initialising scale 10 in ${PGBENCH_DB} ...`);
      await admin(db.url, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${PGBENCH_DB} WITH (FORCE)`);
        await c.query(`CREATE DATABASE ${PGBENCH_DB}`);
      });
      pgbenchUrl = withDatabase(db.url, PGBENCH_DB);
      const init = await run(PGBENCH, ['-i', '-s', '10', '-q', pgbenchUrl], { cwd: ROOT });
      if (init.code !== 0) throw new Error(`pgbench -i failed:\n${init.out}`);
      pgbench.push(await runPgbench(pgbenchUrl, 'pgbench tpcb-like (scale 10), before'));
    }

    const earn = await runLoad(app, benchUrl, 'earn', meta.api_key, payloadsFile);
    const e = earn.result;
    rows.push({
      name: 'earn: scan + purchase (iteration)',
      perSecond: e.perSecond,
      p50: e.iteration.p50,
      p99: e.iteration.p99,
      count: e.iterations,
      errors: e.errors,
    });
    rows.push({
      name: '  of which POST /api/scan',
      perSecond: e.perSecond,
      p50: e.scan.p50,
      p99: e.scan.p99,
      count: e.scan.count,
      errors: 0,
    });
    if (e.purchase)
      rows.push({
        name: '  of which POST /api/pos/purchases',
        perSecond: e.perSecond,
        p50: e.purchase.p50,
        p99: e.purchase.p99,
        count: e.purchase.count,
        errors: 0,
      });
    if (e.errorSamples.length) log(`  earn errors: ${e.errorSamples.join(' | ')}`);
    notes.push(...describeProfile(earn.profile, e.allIterations, 'earn'));
    for (const l of notes.slice(-5)) log(l);

    if (flag('BENCH_LOOKUP', true)) {
      const lookup = await runLoad(app, benchUrl, 'lookup', meta.api_key, payloadsFile);
      const l = lookup.result;
      rows.push({
        name: 'balance look-up: POST /api/scan',
        perSecond: l.perSecond,
        p50: l.scan.p50,
        p99: l.scan.p99,
        count: l.iterations,
        errors: l.errors,
      });
      if (l.errorSamples.length) log(`  look-up errors: ${l.errorSamples.join(' | ')}`);
      notes.push(...describeProfile(lookup.profile, l.allIterations, 'look-up'));
      for (const x of notes.slice(-5)) log(x);
    }

    if (pgbenchUrl) pgbench.push(await runPgbench(pgbenchUrl, 'pgbench tpcb-like (scale 10), after'));

    if (rebateToken) {
      // Before the app (and its worker) stops: the backlog left by the load, drained, then verified.
      const base = app.baseUrl;
      const lines = await admin(benchUrl, (c) =>
        rebateReport(
          c,
          base,
          rebateToken!,
          meta.business_id,
          accrualsBefore,
          process.env.BENCH_WORKER === '1',
        ),
      );
      for (const l of lines) log(l);
      notes.push(...lines);
    }
    await stopApp(app);
    app = null;
    if (flag('BENCH_DIAGNOSE', true)) {
      const payloads = JSON.parse(readFileSync(payloadsFile, 'utf8')) as string[];
      const d = await diagnose(benchUrl, meta, payloads);
      for (const x of d) log(x);
      notes.push(...d);
    }
    rmSync(payloadsFile, { force: true });
    if (whatIf)
      await admin(benchUrl, (c) => c.query('DROP INDEX IF EXISTS bench_whatif_ledger_accounts_owner'));
    if (flag('BENCH_VERIFY_AFTER', true)) await verify(benchUrl, meta.business_id, 'after the load');
    if (pgbenchUrl) await admin(db.url, (c) => c.query(`DROP DATABASE IF EXISTS ${PGBENCH_DB} WITH (FORCE)`));

    log('');
    log(
      `${'workload'.padEnd(40)} ${'per s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'count'.padStart(8)} ${'errors'.padStart(7)}`,
    );
    for (const r of [...pgbench, ...rows]) {
      log(
        `${r.name.padEnd(40)} ${r.perSecond.toFixed(1).padStart(9)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.count).padStart(8)} ${String(r.errors).padStart(7)}`,
      );
    }
    log('');
    for (const n of notes) log(n);
    log('');
    if (pgbench.length) {
      const tps = pgbench.reduce((s, p) => s + p.perSecond, 0) / pgbench.length;
      log(`purchases/s ${e.perSecond.toFixed(1)}; pgbench tps (mean of ${pgbench.length}) ${tps.toFixed(1)}`);
      if (whatIf) log(`(WHAT-IF run: with ${WHATIF_INDEX})`);
      const perTx = pgbench.map((p) => p.pgCpuPerTx ?? NaN).filter(Number.isFinite);
      if (perTx.length && e.allIterations) {
        const tpcb = perTx.reduce((a, b) => a + b, 0) / perTx.length;
        const iter = (earn.profile.pgCpu / e.allIterations) * 1000;
        log(
          `PostgreSQL CPU: ${tpcb.toFixed(2)} ms per TPC-B transaction, ${iter.toFixed(2)} ms per scan + purchase ` +
            `= ${(iter / tpcb).toFixed(1)} TPC-B transactions of database work per purchase`,
        );
      }
      log(`pos earn/pgbench throughput ratio: ${(e.perSecond / tps).toFixed(2)}`);
    } else {
      log('pos earn/pgbench throughput ratio: n/a (pgbench missing)');
    }
    pgbench = [];
  } finally {
    if (app) {
      await stopApp(app);
    }
    await db.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:pos failed: ${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
