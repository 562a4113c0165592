import { DomainError } from '@regulars/core';
import { expectClean, member, newBusiness, setupLedgerDb, T0, at, type LedgerTestDb } from './helpers';
import { runWorker } from './spawn';

/**
 * Invariants 3, 5, 6, 7 and exactly-once expiry under concurrency: many
 * connections in this process plus two more OS processes, all against the
 * same PostgreSQL database.
 */
describe('ledger under concurrency (many connections, several OS processes)', () => {
  let t: LedgerTestDb;
  beforeAll(async () => {
    t = await setupLedgerDb('ledger_conc', {}, 25);
  });
  afterAll(async () => t.close());

  const outcome = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return e instanceof DomainError ? e.code : `ERROR:${(e as { code?: string }).code}:${String(e)}`;
    }
  };

  it('racing retries of one key: one effect, every caller gets the same result (inv. 5)', async () => {
    const b = newBusiness();
    const task = {
      url: t.db.url,
      businessId: b,
      connections: 10,
      mode: 'retry',
      key: 'pos-retry-1',
      calls: 10,
      ownerId: 'racer',
      amount: 25,
      at: T0.toISOString(),
    };
    const local = Array.from({ length: 20 }, () =>
      t.ledger.earn({
        businessId: b,
        idempotencyKey: 'pos-retry-1',
        at: T0,
        account: member('racer'),
        amount: 25,
      }),
    );
    const [mine, p1, p2] = await Promise.all([Promise.all(local), runWorker(task), runWorker(task)]);
    const remote = [...p1, ...p2].filter((l) => !l.done);
    expect(remote).toHaveLength(20);
    expect(remote.every((r) => r.ok === true)).toBe(true);
    const ids = new Set([
      ...mine.map((r) => r.transactionId),
      ...remote.map((r) => r.transactionId as string),
    ]);
    expect(ids.size).toBe(1);
    const fresh = [...mine.map((r) => r.replayed), ...remote.map((r) => r.replayed)].filter(
      (r) => r === false,
    );
    expect(fresh).toHaveLength(1);
    for (const r of [...mine, ...remote]) expect(r.balance).toEqual({ available: 25, pending: 0, held: 0 });
    expect(await t.ledger.balance({ businessId: b, account: member('racer') })).toEqual({
      available: 25,
      pending: 0,
      held: 0,
    });
    const n = await t.pool.query(
      'SELECT count(*)::int AS n FROM ledger_transactions WHERE business_id = $1',
      [b],
    );
    expect(n.rows[0].n).toBe(1);
    await expectClean(t.ledger, b);
  });

  it('racing different requests under one key: one wins, the others get IDEMPOTENCY_CONFLICT or its replay', async () => {
    const b = newBusiness();
    const calls = Array.from({ length: 30 }, (_, i) =>
      t.ledger
        .earn({
          businessId: b,
          idempotencyKey: 'k',
          at: T0,
          account: member(i % 3 === 0 ? 'x' : 'y'),
          amount: 10 + (i % 2),
        })
        .then(
          (r) => ({ ok: true as const, owner: i % 3 === 0 ? 'x' : 'y', amount: 10 + (i % 2), r }),
          (e: unknown) => ({ ok: false as const, code: (e as DomainError).code }),
        ),
    );
    const res = await Promise.all(calls);
    const oks = res.filter((r) => r.ok);
    expect(res.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'IDEMPOTENCY_CONFLICT')).toBe(true);
    const winners = new Set(oks.map((r) => (r.ok ? `${r.owner}/${r.amount}/${r.r.transactionId}` : '')));
    expect(winners.size).toBe(1);
    const [owner, amount] = [...winners][0].split('/');
    expect((await t.ledger.balance({ businessId: b, account: member(owner) })).available).toBe(
      Number(amount),
    );
    expect(
      (await t.ledger.balance({ businessId: b, account: member(owner === 'x' ? 'y' : 'x') })).available,
    ).toBe(0);
    await expectClean(t.ledger, b);
  });

  it.each([
    ['spend', false],
    ['hold', true],
  ])(
    'N=50 concurrent %s calls against a balance covering one: exactly one succeeds (inv. 3, 6)',
    async (_name, hold) => {
      const b = newBusiness();
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: 'seed',
        at: T0,
        account: member('target'),
        amount: 100,
      });
      const base = {
        url: t.db.url,
        businessId: b,
        connections: 10,
        mode: 'redeem',
        calls: 15,
        ownerId: 'target',
        amount: 100,
        at: T0.toISOString(),
        hold,
      };
      const local = Array.from({ length: 20 }, (_, i) => {
        const input = {
          businessId: b,
          idempotencyKey: `local-${i}`,
          at: T0,
          account: member('target'),
          amount: 100,
        };
        return outcome(hold ? t.ledger.hold(input) : t.ledger.spend(input));
      });
      const [mine, p1, p2] = await Promise.all([
        Promise.all(local),
        runWorker({ ...base, tag: 'p1' }),
        runWorker({ ...base, tag: 'p2' }),
      ]);
      const all = [
        ...mine,
        ...[...p1, ...p2].filter((l) => !l.done).map((l) => (l.ok ? 'ok' : (l.code as string))),
      ];
      expect(all).toHaveLength(50);
      expect(all.filter((o) => o === 'ok')).toHaveLength(1);
      expect(all.filter((o) => o === 'INSUFFICIENT_BALANCE')).toHaveLength(49);
      expect(await t.ledger.balance({ businessId: b, account: member('target') })).toEqual({
        available: 0,
        pending: 0,
        held: hold ? 100 : 0,
      });
      await expectClean(t.ledger, b);
    },
  );

  it('storms of credits and debits on the same accounts from 3 processes: no deadlock, no lost update (inv. 3, 7)', async () => {
    const b = newBusiness();
    const members = ['s0', 's1', 's2', 's3'];
    for (const m of members)
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: `seed-${m}`,
        at: T0,
        account: member(m),
        amount: 200,
      });
    const task = {
      url: t.db.url,
      businessId: b,
      connections: 8,
      mode: 'storm',
      members,
      ops: 40,
      at: T0.toISOString(),
    };
    const runs = await Promise.all([
      runWorker({ ...task, tag: 'A', seed: 1 }),
      runWorker({ ...task, tag: 'B', seed: 2 }),
      runWorker({ ...task, tag: 'C', seed: 3 }),
    ]);
    const lines = runs.flat().filter((l) => !l.done);
    const failures = lines.filter((l) => !l.ok);
    // the only acceptable refusals are domain outcomes of the race; never a deadlock or another database error
    const unexpected = failures.filter(
      (l) => !['INSUFFICIENT_BALANCE', 'REVERSAL_REFUSED'].includes(l.code as string),
    );
    expect(unexpected).toEqual([]);
    const oks = lines.filter((l) => l.ok);
    expect(lines.length).toBeGreaterThan(800); // 3 processes x 8 connections x 40 iterations (a few draw no operation)
    expect(oks.length).toBeGreaterThan(400);
    for (const m of members) {
      const mine = oks.filter((l) => l.owner === m);
      const expected = {
        available: 200 + mine.reduce((s, l) => s + (l.available as number), 0),
        held: mine.reduce((s, l) => s + (l.held as number), 0),
      };
      const bal = await t.ledger.balance({ businessId: b, account: member(m) });
      expect({ m, available: bal.available, held: bal.held }).toEqual({ m, ...expected });
      expect(bal.available).toBeGreaterThanOrEqual(0);
    }
    await expectClean(t.ledger, b);
  }, 60_000);

  it('concurrent expiry runs in several processes expire each lapsed lot exactly once', async () => {
    const b = newBusiness();
    let expected = 0;
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const amount = 10 + i;
      expected += amount;
      writes.push(
        t.ledger.earn({
          businessId: b,
          idempotencyKey: `lapse-${i}`,
          at: T0,
          account: member(`e${i % 30}`),
          amount,
          expiresAt: at(1 + (i % 3)),
        }),
        t.ledger.earn({
          businessId: b,
          idempotencyKey: `keep-${i}`,
          at: T0,
          account: member(`e${i % 30}`),
          amount: 1,
          expiresAt: at(10),
        }),
      );
    }
    await Promise.all(writes);
    const runAt = at(5);
    const task = {
      url: t.db.url,
      businessId: b,
      connections: 4,
      mode: 'expire',
      runs: 4,
      at: runAt.toISOString(),
    };
    const [local, p1, p2] = await Promise.all([
      Promise.all(Array.from({ length: 4 }, () => t.ledger.expire({ businessId: b, at: runAt }))),
      runWorker(task),
      runWorker(task),
    ]);
    const remote = [...p1, ...p2].filter((l) => !l.done);
    expect(remote.filter((r) => 'error' in r)).toEqual([]);
    const total = [...local, ...remote].reduce((s, r) => s + (r.expired as number), 0);
    expect(total).toBe(expected);
    expect(
      (
        await t.ledger.balance({
          businessId: b,
          account: { unit: 'points', ownerType: 'system', ownerId: 'expired' },
        })
      ).available,
    ).toBe(expected);
    const txs = await t.pool.query(
      `SELECT account_id, count(*)::int AS n FROM ledger_transactions WHERE business_id = $1 AND kind = 'expire' GROUP BY account_id`,
      [b],
    );
    expect(txs.rows).toHaveLength(30);
    expect(txs.rows.every((r) => r.n === 1)).toBe(true);
    for (let i = 0; i < 30; i++)
      expect((await t.ledger.balance({ businessId: b, account: member(`e${i}`) })).available).toBe(2);
    await expectClean(t.ledger, b);
  }, 60_000);
});
