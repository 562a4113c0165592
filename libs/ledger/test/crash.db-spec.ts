import { expectClean, member, newBusiness, setupLedgerDb, T0, type LedgerTestDb } from './helpers';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT, startWorker } from './spawn';

/**
 * Invariant 12 (application side): a child process writes under load and
 * prints each write only after it was acknowledged; it is killed with SIGKILL
 * mid-load. Every acknowledged write must be present, no transaction may be
 * partial, and verify must be clean.
 */
describe('ledger after kill -9 of the writing process', () => {
  let t: LedgerTestDb;
  beforeAll(async () => {
    t = await setupLedgerDb('ledger_crash');
  });
  afterAll(async () => t.close());

  it('keeps every acknowledged write, no partial transaction, verify clean', async () => {
    const b = newBusiness();
    const acks: { ack: string; transactionId: string; amount: number }[] = [];
    let killedAt = 0;
    const run = startWorker(
      {
        url: t.db.url,
        businessId: b,
        connections: 8,
        mode: 'crash',
        ownerPrefix: 'c',
        tag: 'crash',
        at: T0.toISOString(),
      },
      (line) => {
        if (typeof line.ack === 'string') acks.push(line as unknown as (typeof acks)[number]);
        if (acks.length >= 400 && !killedAt) {
          killedAt = acks.length;
          run.child.kill('SIGKILL');
        }
      },
    );
    const timer = setTimeout(() => {
      if (!killedAt) {
        killedAt = acks.length;
        run.child.kill('SIGKILL');
      }
    }, 20_000);
    await run.done;
    clearTimeout(timer);
    expect(run.child.signalCode).toBe('SIGKILL');
    expect(acks.length).toBeGreaterThanOrEqual(100);

    // every acknowledged write is present with the transaction id it was acknowledged with
    const rows = await t.pool.query<{ idempotency_key: string; id: string; amount: string }>(
      'SELECT idempotency_key, id, amount FROM ledger_transactions WHERE business_id = $1 AND idempotency_key IS NOT NULL',
      [b],
    );
    const stored = new Map(rows.rows.map((r) => [r.idempotency_key, r]));
    const missing = acks.filter((a) => stored.get(a.ack)?.id !== a.transactionId);
    expect(missing).toEqual([]);
    // writes in flight at the kill either committed completely or left nothing
    expect(rows.rows.length).toBeGreaterThanOrEqual(acks.length);

    // no partial transaction: each has its two postings summing to zero; each earn has its lot; each spend its lot moves
    const partial = await t.pool.query(
      `SELECT t.id, t.kind, t.amount,
              (SELECT count(*) FROM ledger_entries e WHERE e.business_id = t.business_id AND e.transaction_id = t.id) AS entries,
              (SELECT coalesce(sum(amount), 0) FROM ledger_entries e WHERE e.business_id = t.business_id AND e.transaction_id = t.id) AS total,
              (SELECT count(*) FROM ledger_lots l WHERE l.business_id = t.business_id AND l.transaction_id = t.id) AS lots,
              (SELECT coalesce(sum(amount), 0) FROM ledger_lot_moves m WHERE m.business_id = t.business_id AND m.transaction_id = t.id) AS moved
         FROM ledger_transactions t
        WHERE t.business_id = $1
          AND NOT (
            (SELECT count(*) FROM ledger_entries e WHERE e.business_id = t.business_id AND e.transaction_id = t.id) = 2
            AND (SELECT sum(amount) FROM ledger_entries e WHERE e.business_id = t.business_id AND e.transaction_id = t.id) = 0
            AND CASE t.kind
                  WHEN 'earn' THEN (SELECT count(*) FROM ledger_lots l WHERE l.business_id = t.business_id AND l.transaction_id = t.id) = 1
                  WHEN 'spend' THEN (SELECT sum(amount) FROM ledger_lot_moves m WHERE m.business_id = t.business_id AND m.transaction_id = t.id) = -t.amount
                  ELSE false END)`,
      [b],
    );
    expect(partial.rows).toEqual([]);
    await expectClean(t.ledger, b);

    // a client retrying an acknowledged write after the crash gets the original result, and the ledger goes on
    const first = acks.find((a) => a.ack.endsWith('-1'))!;
    const again = await t.ledger.earn({
      businessId: b,
      idempotencyKey: 'crash-1',
      at: T0,
      account: member('c1'),
      amount: 2,
      expiresAt: new Date(T0.getTime() + 86_400_000 * 2),
    });
    expect(again).toMatchObject({ transactionId: first.transactionId, replayed: true });
    const next = await t.ledger.earn({
      businessId: b,
      idempotencyKey: 'after-crash',
      at: T0,
      account: member('c1'),
      amount: 1,
    });
    expect(next.replayed).toBe(false);
    await expectClean(t.ledger, b);
  }, 60_000);

  it('kill -9 of PostgreSQL itself mid-load: after crash recovery every acknowledged write is there, none partial', async () => {
    // runs in its own process with a private embedded PostgreSQL (see test/ledger/pg-crash.ts: it uses the app's embedded PostgreSQL, so it lives with the app's tests)
    const res = await new Promise<{ code: number | null; out: string; err: string }>((ok, fail) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', resolve(__dirname, '../../../test/ledger/pg-crash.ts')],
        {
          cwd: ROOT,
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', fail);
      child.on('exit', (code) => ok({ code, out, err }));
    });
    expect({ code: res.code, err: res.code === 0 ? '' : res.err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(res.out.trim().split('\n').pop()!) as {
      killed: boolean;
      acks: number;
      stored: number;
      missing: string[];
      partial: number;
      violations: unknown[];
    };
    expect(report.killed).toBe(true);
    expect(report.acks).toBeGreaterThanOrEqual(100);
    expect(report.missing).toEqual([]);
    expect(report.stored).toBeGreaterThanOrEqual(report.acks);
    expect(report.partial).toBe(0);
    expect(report.violations).toEqual([]);
  }, 120_000);
});
