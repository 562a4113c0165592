import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { PoolClient } from 'pg';
import { VERIFY_CHECKS, type ViolationCode } from '../src';
import { member, newBusiness, setupLedgerDb, T0, at, type LedgerTestDb } from './helpers';
import { ROOT } from './spawn';

/**
 * verify() names each broken invariant. Each case builds a small, clean
 * ledger in its own business, corrupts it as a superuser would (triggers
 * bypassed with session_replication_role = replica), and expects the
 * violation by name; other businesses stay clean.
 */
describe('ledger verify', () => {
  let t: LedgerTestDb;
  beforeAll(async () => {
    t = await setupLedgerDb('ledger_verify');
  });
  afterAll(async () => t.close());

  async function scenario(): Promise<{
    b: string;
    earnTx: string;
    spendTx: string;
    holdId: string;
    lotId: string;
  }> {
    const b = newBusiness();
    const m = member('v');
    const e = await t.ledger.earn({
      businessId: b,
      idempotencyKey: 'e',
      at: T0,
      account: m,
      amount: 100,
      expiresAt: at(30),
    });
    await t.ledger.earn({ businessId: b, idempotencyKey: 'e2', at: T0, account: m, amount: 10 });
    const s = await t.ledger.spend({ businessId: b, idempotencyKey: 's', at: T0, account: m, amount: 30 });
    const h = await t.ledger.hold({ businessId: b, idempotencyKey: 'h', at: T0, account: m, amount: 5 });
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: 'p',
      at: T0,
      account: m,
      amount: 7,
      pendingUntil: at(3),
    });
    expect(await t.ledger.verify({ businessId: b })).toEqual([]);
    return { b, earnTx: e.transactionId, spendTx: s.transactionId, holdId: h.holdId!, lotId: e.lotId! };
  }

  async function asSuperuser(fn: (c: PoolClient) => Promise<unknown>): Promise<void> {
    const c = await t.pool.connect();
    try {
      await c.query('SET session_replication_role = replica');
      await fn(c);
    } finally {
      await c.query('RESET session_replication_role');
      c.release();
    }
  }

  const codes = async (b: string): Promise<ViolationCode[]> =>
    [...new Set((await t.ledger.verify({ businessId: b })).map((v) => v.code))].sort();

  const cases: [
    string,
    ViolationCode[],
    (s: Awaited<ReturnType<typeof scenario>>, c: PoolClient) => Promise<unknown>,
  ][] = [
    [
      'an entry amount edited in place',
      ['balance_mismatch', 'running_balance_mismatch', 'unbalanced_transaction'],
      (s, c) =>
        c.query(
          `UPDATE ledger_entries SET amount = amount + 1 WHERE business_id = $1 AND transaction_id = $2 AND available_after IS NOT NULL`,
          [s.b, s.spendTx],
        ),
    ],
    [
      'a posting added to one side only',
      ['balance_mismatch', 'unbalanced_transaction'],
      (s, c) =>
        c.query(
          `INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, effective_at)
           SELECT business_id, transaction_id, account_id, bucket, 3, effective_at FROM ledger_entries
            WHERE business_id = $1 AND transaction_id = $2 AND available_after IS NULL`,
          [s.b, s.earnTx],
        ),
    ],
    [
      'an entry deleted',
      ['balance_mismatch', 'running_balance_mismatch', 'unbalanced_transaction'],
      (s, c) =>
        c.query(
          `DELETE FROM ledger_entries WHERE business_id = $1 AND transaction_id = $2 AND available_after IS NOT NULL`,
          [s.b, s.spendTx],
        ),
    ],
    [
      'a stored balance changed without entries',
      ['balance_mismatch', 'lots_mismatch'],
      (s, c) =>
        c.query(
          `UPDATE ledger_accounts SET available = available + 10 WHERE business_id = $1 AND owner_type = 'member'`,
          [s.b],
        ),
    ],
    [
      'a system slot changed',
      ['balance_mismatch'],
      (s, c) =>
        c.query(`UPDATE ledger_account_slots SET available = available - 1 WHERE business_id = $1`, [s.b]),
    ],
    [
      'a recorded running balance changed',
      ['running_balance_mismatch'],
      (s, c) =>
        c.query(
          `UPDATE ledger_entries SET available_after = available_after + 1 WHERE business_id = $1 AND transaction_id = $2 AND available_after IS NOT NULL`,
          [s.b, s.earnTx],
        ),
    ],
    [
      'a lot remainder changed',
      ['lot_remaining_mismatch', 'lots_mismatch'],
      (s, c) =>
        c.query(`UPDATE ledger_lots SET remaining = remaining - 1 WHERE business_id = $1 AND id = $2`, [
          s.b,
          s.lotId,
        ]),
    ],
    [
      'a lot move lost',
      ['lot_remaining_mismatch'],
      (s, c) =>
        c.query(`DELETE FROM ledger_lot_moves WHERE business_id = $1 AND transaction_id = $2`, [
          s.b,
          s.spendTx,
        ]),
    ],
    [
      'a lot holding more than it was earned with',
      ['lot_out_of_range', 'lot_remaining_mismatch'],
      (s, c) =>
        c.query(`UPDATE ledger_lots SET amount = 50 WHERE business_id = $1 AND id = $2`, [s.b, s.lotId]),
    ],
    [
      'a member below zero without a recorded debt',
      ['balance_below_floor', 'balance_mismatch', 'lots_mismatch'],
      (s, c) =>
        c.query(
          `UPDATE ledger_accounts SET available = -5 WHERE business_id = $1 AND owner_type = 'member'`,
          [s.b],
        ),
    ],
    [
      'a hold marked captured without a capture',
      ['held_mismatch', 'hold_resolution_mismatch'],
      (s, c) =>
        c.query(
          `UPDATE ledger_holds SET status = 'captured', resolved_tx_id = $3 WHERE business_id = $1 AND id = $2`,
          [s.b, s.holdId, s.spendTx],
        ),
    ],
    [
      'a hold resolved twice',
      ['hold_resolution_mismatch'],
      async (s, c) => {
        await t.ledger.capture({ businessId: s.b, idempotencyKey: 'cap', at: T0, holdId: s.holdId });
        await c.query(
          `INSERT INTO ledger_transactions (business_id, kind, unit, account_id, amount, hold_id, effective_at)
           SELECT business_id, 'release', unit, account_id, amount, hold_id, effective_at FROM ledger_transactions
            WHERE business_id = $1 AND kind = 'capture'`,
          [s.b],
        );
      },
    ],
    [
      'rows pointing at a missing account or transaction',
      ['orphan_reference'],
      (s, c) =>
        c.query(
          `INSERT INTO ledger_entries (business_id, transaction_id, account_id, bucket, amount, effective_at)
           VALUES ($1, 987654321, 987654321, 'available', 1, now())`,
          [s.b],
        ),
    ],
    [
      'a posting moved to an account of another unit',
      ['balance_mismatch', 'unbalanced_transaction', 'unit_mismatch'],
      async (s, c) => {
        const acc = await c.query<{ id: string }>(
          `INSERT INTO ledger_accounts (business_id, unit, owner_type, owner_id, created_at)
           VALUES ($1, 'stamps:x', 'system', 'redeemed', now()) RETURNING id`,
          [s.b],
        );
        await c.query(
          `UPDATE ledger_entries SET account_id = $3 WHERE business_id = $1 AND transaction_id = $2 AND available_after IS NULL`,
          [s.b, s.spendTx, acc.rows[0].id],
        );
      },
    ],
  ];

  it.each(cases)('names the violation: %s', async (_name, expected, corrupt) => {
    const s = await scenario();
    const other = await scenario();
    await asSuperuser((c) => corrupt(s, c));
    const found = await codes(s.b);
    for (const code of expected) expect(found).toContain(code);
    expect(await t.ledger.verify({ businessId: other.b })).toEqual([]);
    const all = await t.ledger.verify();
    expect(all.filter((v) => v.businessId === s.b).length).toBeGreaterThan(0);
    expect(all.filter((v) => v.businessId === other.b)).toEqual([]);
  });

  it('every check is exercised by a corruption case above', () => {
    const covered = new Set(cases.flatMap(([, c]) => c));
    covered.add('append_only_disabled');
    expect([...VERIFY_CHECKS].sort()).toEqual([...covered].sort());
  });

  it('names a disabled append-only trigger (inv. 11), and the CLI exits non-zero naming it', async () => {
    const s = await scenario();
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((res, rej) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', resolve(ROOT, 'libs/ledger/src/cli/verify.ts'), ...args],
          {
            cwd: ROOT,
            env: { ...process.env, DATABASE_URL: t.db.url },
          },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', rej);
        child.on('exit', (code) => res({ code, out }));
      });
    const clean = await cli(['--business', s.b]);
    expect(clean.out).toContain('clean');
    expect(clean.code).toBe(0);
    await t.pool.query('ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only');
    try {
      expect(await codes(s.b)).toEqual(['append_only_disabled']);
      const bad = await cli(['--business', s.b]);
      expect(bad.code).toBe(1);
      expect(bad.out).toContain('VIOLATION append_only_disabled');
      await t.pool.query(
        `UPDATE ledger_accounts SET held = held + 1 WHERE business_id = $1 AND owner_type = 'member'`,
        [s.b],
      );
      const worse = await cli([]);
      expect(worse.code).toBe(1);
      expect(worse.out).toContain('VIOLATION held_mismatch');
      expect(worse.out).toContain('VIOLATION balance_mismatch');
      expect(worse.out).toContain(s.b);
    } finally {
      await t.pool.query('ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only');
    }
    const usage = await cli(['--business', 'nope']);
    expect(usage.code).toBe(2);
  }, 60_000);
});
