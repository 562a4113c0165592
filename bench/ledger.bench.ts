/**
 * npm run bench:ledger
 *
 * One run against one PostgreSQL (DATABASE_URL, or the app's embedded server):
 *   1. pgbench TPC-B (`pgbench -i -s 10`, then `pgbench -c 8 -j 2 -T 20 -b tpcb-like`) in its own database;
 *   2. the ledger's earn and redeem at the same client count, members drawn
 *      uniformly from 100k, and all traffic on one hot member;
 *   3. uniform earn again with 10k, 1M and 10M entries already in the ledger
 *      (bulk-seeded with generate_series), each right after another pgbench
 *      run, so that every ratio compares runs made under the same machine load.
 * Prints throughput and p50/p99 latency for each and ends with
 *   ledger/pgbench throughput ratio: X.XX      (uniform earn / pgbench)
 *
 * Environment: BENCH_CLIENTS (8), BENCH_SECONDS (20), BENCH_SIZE_SECONDS (20),
 * BENCH_SIZES (10000,1000000,10000000; "" to skip), PGBENCH (path of pgbench),
 * BENCH_PROGRESS=1 (print throughput every 5 s).
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Client, Pool } from 'pg';
import { resolveDatabase } from '../apps/api/src/database/resolve-database';
import { Ledger, LEDGER_SCHEMA_SQL, verifyLedger } from '../libs/ledger/src';
import { initTpcb, PGBENCH, percentile, pgbenchVersion, runTpcb } from './pgbench';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SIZE_SECONDS = Number(process.env.BENCH_SIZE_SECONDS ?? 20);
const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000,10000000')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number);
const MEMBERS = 100_000;
const AT = new Date('2026-01-15T10:00:00Z');

interface Measure {
  name: string;
  tps: number;
  p50: number;
  p99: number;
  count: number;
  errors: number;
  note?: string;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function recreateDatabase(baseUrl: string, name: string): Promise<string> {
  const c = new Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return withDatabase(baseUrl, name);
}

async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const c = new Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

async function initPgbench(url: string): Promise<void> {
  log(`pgbench: initialising scale 10 ...`);
  await initTpcb(url);
}

async function runPgbench(
  url: string,
  seconds: number,
  name = 'pgbench tpcb-like (scale 10)',
): Promise<Measure> {
  await checkpoint(url);
  log(`pgbench: -c ${CLIENTS} -j 2 -T ${seconds} -b tpcb-like ...`);
  const r = await runTpcb(url, CLIENTS, seconds);
  return { name, tps: r.tps, p50: r.p50, p99: r.p99, count: r.count, errors: r.errors };
}

async function checkpoint(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('CHECKPOINT');
  } catch {
    // not a superuser: measure without the checkpoint
  } finally {
    await c.end();
  }
}

async function applySchema(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (const sql of LEDGER_SCHEMA_SQL) await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Bulk-seeds `earns` earn transactions (2 entries each) spread round-robin
 * over MEMBERS member accounts, consistent with what the functions write
 * (verify stays clean). Foreign-key triggers are skipped when allowed.
 */
async function seed(url: string, businessId: string, earns: number, amount: number): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    try {
      await c.query('SET session_replication_role = replica');
    } catch {
      // not a superuser: seed with foreign-key checks
    }
    const sys = MEMBERS + 1;
    await c.query(
      `INSERT INTO ledger_accounts (business_id, id, unit, owner_type, owner_id, available, version, created_at)
       SELECT $1, g, 'points', 'member', 'm' || g, $2::bigint * ((($3::bigint - g) / ${MEMBERS}) + 1) * (g <= $3)::int,
              ((($3::bigint - g) / ${MEMBERS}) + 1) * (g <= $3)::int, $4
         FROM generate_series(1, ${MEMBERS}) g`,
      [businessId, amount, earns, AT],
    );
    await c.query(
      `INSERT INTO ledger_accounts (business_id, id, unit, owner_type, owner_id, created_at) VALUES ($1, ${sys}, 'points', 'system', 'issued', $2)`,
      [businessId, AT],
    );
    const chunk = 500_000;
    for (let from = 1; from <= earns; from += chunk) {
      const to = Math.min(earns, from + chunk - 1);
      const params = [businessId, from, to, amount, AT];
      await c.query(
        `INSERT INTO ledger_transactions (business_id, id, idempotency_key, request_hash, kind, unit, account_id, amount, effective_at)
         SELECT $1, i, 'seed-' || i, 'seed', 'earn', 'points', ((i - 1) % ${MEMBERS}) + 1, $4, $5 FROM generate_series($2::bigint, $3::bigint) i`,
        params,
      );
      await c.query(
        `INSERT INTO ledger_lots (business_id, id, account_id, transaction_id, kind, status, amount, remaining, effective_at)
         SELECT $1, i, ((i - 1) % ${MEMBERS}) + 1, i, 'earn', 'available', $4, $4, $5 FROM generate_series($2::bigint, $3::bigint) i`,
        params,
      );
      await c.query(
        `INSERT INTO ledger_entries (business_id, id, transaction_id, account_id, bucket, amount, available_after, pending_after, held_after, account_version, effective_at)
         SELECT $1::uuid, 2 * i - 1, i, ((i - 1) % ${MEMBERS}) + 1, 'available', $4, $4::bigint * (((i - 1) / ${MEMBERS}) + 1), 0, 0, ((i - 1) / ${MEMBERS}) + 1, $5::timestamptz
           FROM generate_series($2::bigint, $3::bigint) i
         UNION ALL
         SELECT $1::uuid, 2 * i, i, ${sys}, 'available', -$4::bigint, NULL, NULL, NULL, NULL, $5::timestamptz FROM generate_series($2::bigint, $3::bigint) i`,
        params,
      );
      if (earns > chunk) log(`  seeded ${(to * 2).toLocaleString('en')} entries`);
    }
    await c.query(
      `INSERT INTO ledger_account_slots (business_id, account_id, slot, available) VALUES ($1, ${sys}, 0, $2)`,
      [businessId, -amount * earns],
    );
    await c.query(
      `SELECT setval('ledger_accounts_id_seq', ${sys}), setval('ledger_transactions_id_seq', greatest($1::bigint, 1)),
                          setval('ledger_lots_id_seq', greatest($1::bigint, 1)), setval('ledger_entries_id_seq', greatest(2 * $1::bigint, 1))`,
      [earns],
    );
    await c.query('RESET session_replication_role');
    await c.query('VACUUM ANALYZE');
  } finally {
    await c.end();
  }
}

type Op = (ledger: Ledger, n: number) => Promise<unknown>;

async function measure(name: string, url: string, seconds: number, op: Op, note?: string): Promise<Measure> {
  await checkpoint(url);
  const pool = new Pool({ connectionString: url, max: CLIENTS });
  const ledger = new Ledger(pool);
  // open the connections before the clock starts (pgbench reports tps without connection time too)
  await Promise.all(Array.from({ length: CLIENTS }, () => pool.query('SELECT 1')));
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  // BENCH_PROGRESS=1: throughput per 5 s interval (shows the warm-up after the checkpoint)
  let last = 0;
  const progress = process.env.BENCH_PROGRESS
    ? setInterval(() => {
        log(`  ${name}: ${((latencies.length - last) / 5).toFixed(0)} tx/s in the last 5 s`);
        last = latencies.length;
      }, 5000)
    : null;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (process.hrtime.bigint() < deadline) {
        const i = ++n;
        const t0 = process.hrtime.bigint();
        try {
          await op(ledger, i);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (e) {
          errors++;
          if (errors <= 3) log(`  ${name}: ${String((e as Error).message)}`);
        }
      }
    }),
  );
  if (progress) clearInterval(progress);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  await pool.end();
  const sorted = Float64Array.from(latencies).sort();
  return {
    name,
    tps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    count: latencies.length,
    errors,
    note,
  };
}

function table(rows: Measure[]): void {
  log('');
  log(
    `${'workload'.padEnd(44)} ${'tx/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'count'.padStart(8)} ${'errors'.padStart(7)}`,
  );
  for (const r of rows) {
    log(
      `${r.name.padEnd(44)} ${r.tps.toFixed(1).padStart(9)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.count).padStart(8)} ${String(r.errors).padStart(7)}`,
    );
  }
  log('');
}

const rand = (n: number) => 1 + Math.floor(Math.random() * n);
const tag = randomUUID().slice(0, 8);
let workload = 0;
const earnOp = (businessId: string, owner: (i: number) => string): Op => {
  const w = ++workload;
  return (ledger, i) =>
    ledger.earn({
      businessId,
      idempotencyKey: `bench-${tag}-${w}-${i}`,
      at: AT,
      account: { unit: 'points', ownerType: 'member', ownerId: owner(i) },
      amount: 1 + (i % 50),
      expiresAt: new Date(AT.getTime() + 365 * 86_400_000),
      reason: 'purchase',
      reference: `P-${i}`,
    });
};
const spendOp = (businessId: string, owner: (i: number) => string): Op => {
  const w = ++workload;
  return (ledger, i) =>
    ledger.spend({
      businessId,
      idempotencyKey: `bench-${tag}-${w}-${i}`,
      at: AT,
      account: { unit: 'points', ownerType: 'member', ownerId: owner(i) },
      amount: 1 + (i % 10),
      reason: 'reward',
      reference: `R-${i}`,
    });
};

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const db = await resolveDatabase(process.env, (l) => log(l));
  const rows: Measure[] = [];
  const sizeRows: { entries: number; m: Measure; pg: Measure | null }[] = [];
  let pgbenchUrl: string | null = null;
  try {
    const probe = new Client({ connectionString: db.url });
    await probe.connect();
    const version = (await probe.query<{ v: string }>('SELECT version() AS v')).rows[0].v.split(' on ')[0];
    const settings = (
      await probe.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections') ORDER BY name`,
      )
    ).rows;
    await probe.end();
    log(
      `${version} (${db.embedded ? 'embedded' : 'DATABASE_URL'}); ${settings.map((s) => `${s.name}=${s.setting}`).join(', ')}`,
    );
    log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; node ${process.version}`,
    );
    log(`clients: ${CLIENTS}; ${SECONDS} s per workload; ${SIZE_SECONDS} s per size step`);

    // 1. pgbench
    let pgbench: Measure | null = null;
    const pgv = pgbenchVersion();
    if (!pgv) {
      log(
        `pgbench is MISSING (looked for "${PGBENCH}"): install the PostgreSQL client tools (e.g. apt-get install postgresql-client) or set PGBENCH; the ratio cannot be computed`,
      );
    } else {
      log(`pgbench: ${pgv}`);
      pgbenchUrl = await recreateDatabase(db.url, 'regulars_bench_pgbench');
      await initPgbench(pgbenchUrl);
      pgbench = await runPgbench(pgbenchUrl, SECONDS);
      rows.push(pgbench);
    }

    // 2. ledger: 100k members with one big lot each, then earn/redeem uniform and hot
    const url = await recreateDatabase(db.url, 'regulars_bench_ledger');
    let uniformEarn: Measure;
    try {
      await applySchema(url);
      const b = randomUUID();
      log(`ledger: seeding ${MEMBERS.toLocaleString('en')} members with a balance ...`);
      await seed(url, b, MEMBERS, 1_000_000_000);
      const uniform = () => `m${rand(MEMBERS)}`;
      const hot = () => 'm1';
      uniformEarn = await measure('ledger earn, uniform over 100k members', url, SECONDS, earnOp(b, uniform));
      rows.push(uniformEarn);
      rows.push(await measure('ledger redeem, uniform over 100k members', url, SECONDS, spendOp(b, uniform)));
      rows.push(await measure('ledger earn, one hot member', url, SECONDS, earnOp(b, hot)));
      rows.push(await measure('ledger redeem, one hot member', url, SECONDS, spendOp(b, hot)));
      const pool = new Pool({ connectionString: url, max: 2 });
      const violations = await verifyLedger(pool, b);
      await pool.end();
      log(
        `ledger verify after the load: ${violations.length ? `${violations.length} VIOLATIONS: ${violations.map((v) => v.code).join(', ')}` : 'clean'}`,
      );
    } finally {
      await dropDatabase(db.url, 'regulars_bench_ledger');
    }
    table(rows);

    // 3. uniform earn with N entries already in the ledger
    for (const entries of SIZES) {
      const name = 'regulars_bench_ledger_size';
      const sizeUrl = await recreateDatabase(db.url, name);
      try {
        await applySchema(sizeUrl);
        const b = randomUUID();
        log(`size step: seeding ${entries.toLocaleString('en')} entries ...`);
        const t0 = Date.now();
        await seed(sizeUrl, b, Math.floor(entries / 2), 1_000);
        log(`  seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        // pgbench again right before, so that the ratio compares runs made under the same machine load
        const pg = pgbenchUrl
          ? await runPgbench(pgbenchUrl, SIZE_SECONDS, 'pgbench tpcb-like (scale 10), again')
          : null;
        const m = await measure(
          `earn uniform, ${entries.toLocaleString('en')} entries before`,
          sizeUrl,
          SIZE_SECONDS,
          earnOp(b, () => `m${rand(MEMBERS)}`),
        );
        sizeRows.push({ entries, m, pg });
        log(
          `  ${m.tps.toFixed(1)} tx/s, p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms${pg ? `; pgbench ${pg.tps.toFixed(1)} tx/s, ratio ${(m.tps / pg.tps).toFixed(2)}` : ''}`,
        );
      } finally {
        await dropDatabase(db.url, name);
      }
    }
    if (sizeRows.length) {
      log('');
      log(
        `${'entries already in the ledger'.padEnd(32)} ${'earn tx/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'pgbench tx/s'.padStart(13)} ${'ratio'.padStart(7)}`,
      );
      for (const { entries, m, pg } of sizeRows) {
        log(
          `${entries.toLocaleString('en').padEnd(32)} ${m.tps.toFixed(1).padStart(10)} ${m.p50.toFixed(2).padStart(8)} ${m.p99.toFixed(2).padStart(8)} ${(pg ? pg.tps.toFixed(1) : 'n/a').padStart(13)} ${(pg ? (m.tps / pg.tps).toFixed(2) : 'n/a').padStart(7)}`,
        );
      }
      log('');
    }
    log(
      pgbench
        ? `ledger/pgbench throughput ratio: ${(uniformEarn.tps / pgbench.tps).toFixed(2)}`
        : 'ledger/pgbench throughput ratio: n/a (pgbench missing)',
    );
  } finally {
    if (pgbenchUrl) await dropDatabase(db.url, 'regulars_bench_pgbench').catch(() => undefined);
    await db.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
