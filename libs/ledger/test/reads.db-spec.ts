import { parseHolderSnapshot, rawHolderSnapshot } from '../src';
import { key, member, newBusiness, setupLedgerDb, type LedgerTestDb } from './helpers';

/** Reads by holder across units: what the counter's scan answer and the member's history are built from. */
describe('ledger reads by holder', () => {
  let t: LedgerTestDb;
  beforeAll(async () => {
    t = await setupLedgerDb('ledger_reads');
  });
  afterAll(async () => t.close());

  const at = new Date('2026-05-01T10:00:00Z');

  it('holderBalances returns every unit of one holder and nothing of another holder or business', async () => {
    const b = newBusiness();
    const other = newBusiness();
    await t.ledger.earn({ businessId: b, idempotencyKey: key(), at, account: member('m1'), amount: 40 });
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('m1', 'stamps:coffee'),
      amount: 3,
    });
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('m1', 'stamps:bagel'),
      amount: 1,
      pendingUntil: new Date('2026-05-08T10:00:00Z'),
    });
    await t.ledger.earn({ businessId: b, idempotencyKey: key(), at, account: member('m2'), amount: 99 });
    await t.ledger.earn({ businessId: other, idempotencyKey: key(), at, account: member('m1'), amount: 7 });
    await t.ledger.spend({ businessId: b, idempotencyKey: key(), at, account: member('m1'), amount: 15 });
    const got = await t.ledger.holderBalances({ businessId: b, ownerType: 'member', ownerId: 'm1' });
    expect(got).toEqual([
      { unit: 'points', balance: { available: 25, pending: 0, held: 0 } },
      { unit: 'stamps:bagel', balance: { available: 0, pending: 1, held: 0 } },
      { unit: 'stamps:coffee', balance: { available: 3, pending: 0, held: 0 } },
    ]);
    expect(await t.ledger.holderBalances({ businessId: b, ownerType: 'member', ownerId: 'nobody' })).toEqual(
      [],
    );
  });

  it('expiring sums unspent remainders per expiry instant inside the window, after spends consumed the earliest', async () => {
    const b = newBusiness();
    const e1 = new Date('2026-05-20T00:00:00Z');
    const e2 = new Date('2026-05-25T00:00:00Z');
    const e3 = new Date('2026-07-01T00:00:00Z');
    for (const [amount, expiresAt] of [
      [10, e1],
      [5, e1],
      [20, e2],
      [30, e3],
    ] as const) {
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at,
        account: member('m'),
        amount,
        expiresAt,
      });
    }
    await t.ledger.spend({ businessId: b, idempotencyKey: key(), at, account: member('m'), amount: 12 });
    const soon = await t.ledger.expiring({
      businessId: b,
      account: member('m'),
      from: at,
      until: new Date('2026-05-31T00:00:00Z'),
    });
    expect(soon).toEqual([
      { expiresAt: e1, amount: 3 },
      { expiresAt: e2, amount: 20 },
    ]);
  });

  it('holderSnapshot equals holderBalances plus expiring, and round-trips through its raw jsonb form', async () => {
    const b = newBusiness();
    const e1 = new Date('2026-05-20T00:00:00.123Z');
    const e2 = new Date('2026-09-01T00:00:00Z');
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('s'),
      amount: 9,
      expiresAt: e1,
    });
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('s'),
      amount: 4,
      expiresAt: e2,
    });
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('s'),
      amount: 6,
      expiresAt: e1,
      pendingUntil: new Date('2026-05-10T00:00:00Z'),
    });
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('s', 'stamps:tea'),
      amount: 2,
    });
    await t.ledger.hold({ businessId: b, idempotencyKey: key(), at, account: member('s'), amount: 3 });
    const window = { from: at, until: new Date('2026-05-31T00:00:00Z') };
    const snap = await t.ledger.holderSnapshot({
      businessId: b,
      ownerType: 'member',
      ownerId: 's',
      expiringUnit: 'points',
      ...window,
    });
    expect(snap.balances).toEqual(
      await t.ledger.holderBalances({ businessId: b, ownerType: 'member', ownerId: 's' }),
    );
    expect(snap.expiring).toEqual(
      await t.ledger.expiring({ businessId: b, account: member('s'), ...window }),
    );
    // 9 earned to e1, 3 of them held (spent from the earliest lot); the pending 6 are not spendable yet.
    expect(snap.expiring).toEqual([{ expiresAt: e1, amount: 6 }]);
    expect(parseHolderSnapshot(rawHolderSnapshot(snap))).toEqual(snap);
    const raw = await t.pool.query<{ s: unknown }>(
      `SELECT ledger_holder_snapshot($1, 'member', 's', 'points', $2, $3) AS s`,
      [b, window.from, window.until],
    );
    expect(raw.rows[0].s).toEqual(rawHolderSnapshot(snap));
    const none = await t.ledger.holderSnapshot({
      businessId: b,
      ownerType: 'member',
      ownerId: 'nobody',
      expiringUnit: 'points',
      ...window,
    });
    expect(none).toEqual({ balances: [], expiring: [] });
  });

  it('transactionIdsByKey finds the transactions written under idempotency keys, in this business only', async () => {
    const b = newBusiness();
    const other = newBusiness();
    const k1 = key();
    const k2 = key();
    const r1 = await t.ledger.earn({
      businessId: b,
      idempotencyKey: k1,
      at,
      account: member('k'),
      amount: 5,
    });
    await t.ledger.earn({ businessId: other, idempotencyKey: k2, at, account: member('k'), amount: 5 });
    const got = await t.ledger.transactionIdsByKey({ businessId: b, keys: [k1, k2, 'never-used'] });
    expect([...got.entries()]).toEqual([[k1, r1.transactionId]]);
    expect(await t.ledger.transactionIdsByKey({ businessId: b, keys: [] })).toEqual(new Map());
  });

  it('holderStatement pages through every unit newest first with reasons and running balances', async () => {
    const b = newBusiness();
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('h'),
      amount: 12,
      reason: '12 points for 12.40 spent',
      reference: 'purchase:1',
    });
    await t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('h', 'stamps:coffee'),
      amount: 2,
      reason: '2 stamps on Coffee card',
    });
    await t.ledger.spend({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member('h'),
      amount: 5,
      reason: 'Redeemed: Cookie',
    });
    const p1 = await t.ledger.holderStatement({ businessId: b, ownerType: 'member', ownerId: 'h', limit: 2 });
    expect(p1.entries.map((e) => [e.unit, e.amount, e.reason, e.balanceAfter?.available])).toEqual([
      ['points', -5, 'Redeemed: Cookie', 7],
      ['stamps:coffee', 2, '2 stamps on Coffee card', 2],
    ]);
    const p2 = await t.ledger.holderStatement({
      businessId: b,
      ownerType: 'member',
      ownerId: 'h',
      limit: 2,
      cursor: p1.nextCursor,
    });
    expect(p2.entries.map((e) => [e.unit, e.amount, e.reference])).toEqual([['points', 12, 'purchase:1']]);
    expect(p2.nextCursor).toBeNull();
  });

  it('the holder reads can use the holder index (not a scan of every account of the business)', async () => {
    const c = await t.pool.connect();
    try {
      // A planner on a near-empty table prefers a sequential scan; forbid it to see which index serves.
      await c.query('SET enable_seqscan = off');
      const plan = await c.query(
        `EXPLAIN SELECT unit FROM ledger_accounts WHERE business_id = '00000000-0000-4000-8000-000000000000' AND owner_type = 'member' AND owner_id = 'x'`,
      );
      expect(JSON.stringify(plan.rows)).toContain('ledger_accounts_holder');
    } finally {
      await c.query('RESET enable_seqscan');
      c.release();
    }
  });
});
