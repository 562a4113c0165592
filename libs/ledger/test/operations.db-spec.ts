import { DomainError } from '@regulars/core';
import { createTestDatabase } from '../../../test/support/db';
import { DataSource } from 'typeorm';
import { ledgerMigrations, type LedgerResult } from '../src';
import { at, expectClean, key, member, newBusiness, setupLedgerDb, T0, type LedgerTestDb } from './helpers';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return 'no error';
}

describe('ledger operations (real PostgreSQL)', () => {
  let t: LedgerTestDb;
  beforeAll(async () => {
    t = await setupLedgerDb('ledger_ops');
  });
  afterAll(async () => t.close());

  const sys = (unit: string, name: string) => ({ unit, ownerType: 'system' as const, ownerId: name });

  describe('earn and spend', () => {
    it('credits a member, debits the issued account, and both sum to zero (inv. 1, 2)', async () => {
      const b = newBusiness();
      const m = member('alice');
      const r = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 120,
        reason: 'purchase',
        reference: 'P-1',
      });
      expect(r).toMatchObject({
        kind: 'earn',
        amount: 120,
        balance: { available: 120, pending: 0, held: 0 },
        replayed: false,
      });
      expect(await t.ledger.balance({ businessId: b, account: m })).toEqual({
        available: 120,
        pending: 0,
        held: 0,
      });
      expect(await t.ledger.balance({ businessId: b, account: sys('points', 'issued') })).toEqual({
        available: -120,
        pending: 0,
        held: 0,
      });
      await expectClean(t.ledger, b);
    });

    it('keeps units apart: stamps of a card and a rebate accrual are separate accounts', async () => {
      const b = newBusiness();
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: member('m', 'stamps:card-7'),
        amount: 3,
      });
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: member('m', 'rebate:EUR'),
        amount: 250,
      });
      expect(
        (await t.ledger.balance({ businessId: b, account: member('m', 'stamps:card-7') })).available,
      ).toBe(3);
      expect((await t.ledger.balance({ businessId: b, account: member('m', 'rebate:EUR') })).available).toBe(
        250,
      );
      expect((await t.ledger.balance({ businessId: b, account: member('m') })).available).toBe(0);
      await expectClean(t.ledger, b);
    });

    it('keeps businesses apart: the same member id in another business has its own balance', async () => {
      const b1 = newBusiness();
      const b2 = newBusiness();
      await t.ledger.earn({
        businessId: b1,
        idempotencyKey: 'same-key',
        at: T0,
        account: member('m'),
        amount: 10,
      });
      await t.ledger.earn({
        businessId: b2,
        idempotencyKey: 'same-key',
        at: T0,
        account: member('m'),
        amount: 20,
      });
      expect((await t.ledger.balance({ businessId: b1, account: member('m') })).available).toBe(10);
      expect((await t.ledger.balance({ businessId: b2, account: member('m') })).available).toBe(20);
      expect(
        await codeOf(
          t.ledger.spend({ businessId: b2, idempotencyKey: key(), at: T0, account: member('m'), amount: 21 }),
        ),
      ).toBe('INSUFFICIENT_BALANCE');
    });

    it('refuses a spend below zero with INSUFFICIENT_BALANCE and leaves no trace (inv. 3, 10)', async () => {
      const b = newBusiness();
      const m = member('bob');
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 50 });
      const before = await t.pool.query(
        'SELECT count(*)::int AS n FROM ledger_entries WHERE business_id = $1',
        [b],
      );
      const k = key();
      const err = await t.ledger
        .spend({ businessId: b, idempotencyKey: k, at: T0, account: m, amount: 51 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('INSUFFICIENT_BALANCE');
      expect((err as DomainError).details).toEqual({ available: 50, requested: 51 });
      const after = await t.pool.query(
        'SELECT count(*)::int AS n FROM ledger_entries WHERE business_id = $1',
        [b],
      );
      expect(after.rows[0].n).toBe(before.rows[0].n);
      const tx = await t.pool.query(
        'SELECT 1 FROM ledger_transactions WHERE business_id = $1 AND idempotency_key = $2',
        [b, k],
      );
      expect(tx.rowCount).toBe(0);
      // the key of a refused request is not consumed: the same request succeeds once the balance covers it
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 1 });
      const ok = await t.ledger.spend({ businessId: b, idempotencyKey: k, at: T0, account: m, amount: 51 });
      expect(ok.balance.available).toBe(0);
      expect(
        await codeOf(
          t.ledger.spend({
            businessId: b,
            idempotencyKey: key(),
            at: T0,
            account: member('nobody'),
            amount: 1,
          }),
        ),
      ).toBe('INSUFFICIENT_BALANCE');
      await expectClean(t.ledger, b);
    });

    it('consumes lots earliest expiry first and lots without expiry last (inv. 4)', async () => {
      const b = newBusiness();
      const m = member('carol');
      const never = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
      });
      const late = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
        expiresAt: at(60),
      });
      const early = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
        expiresAt: at(30),
      });
      await t.ledger.spend({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 150 });
      const lots = await t.pool.query<{ id: string; remaining: string }>(
        'SELECT id, remaining FROM ledger_lots WHERE business_id = $1 ORDER BY id',
        [b],
      );
      const rem = Object.fromEntries(lots.rows.map((r) => [r.id, Number(r.remaining)]));
      expect(rem[early.lotId!]).toBe(0);
      expect(rem[late.lotId!]).toBe(50);
      expect(rem[never.lotId!]).toBe(100);
      await expectClean(t.ledger, b);
    });

    it('rejects invalid input before touching the database', async () => {
      const b = newBusiness();
      expect(
        await codeOf(
          t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: member('m'), amount: 1.5 }),
        ),
      ).toBe('VALIDATION_FAILED');
      expect(
        await codeOf(
          t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: member('m'), amount: 0 }),
        ),
      ).toBe('VALIDATION_FAILED');
      expect(
        await codeOf(
          t.ledger.earn({ businessId: 'x', idempotencyKey: key(), at: T0, account: member('m'), amount: 1 }),
        ),
      ).toBe('VALIDATION_FAILED');
      expect(
        await codeOf(
          t.ledger.earn({
            businessId: b,
            idempotencyKey: key(),
            at: new Date('x'),
            account: member('m'),
            amount: 1,
          }),
        ),
      ).toBe('VALIDATION_FAILED');
      expect(
        await codeOf(t.ledger.capture({ businessId: b, idempotencyKey: key(), at: T0, holdId: '999999' })),
      ).toBe('NOT_FOUND');
      expect(
        await codeOf(
          t.ledger.reverse({ businessId: b, idempotencyKey: key(), at: T0, transactionId: '999999' }),
        ),
      ).toBe('NOT_FOUND');
    });
  });

  describe('idempotency (inv. 5)', () => {
    it('same key + same request: one effect and the same result; different request: conflict and no effect', async () => {
      const b = newBusiness();
      const m = member('dave');
      const k = key();
      const req = {
        businessId: b,
        idempotencyKey: k,
        account: m,
        amount: 40,
        expiresAt: at(10),
        reason: 'purchase',
        reference: 'P-9',
      };
      const first = await t.ledger.earn({ ...req, at: T0 });
      // a retry a minute later (the caller's clock moved) is the same request
      const again = await t.ledger.earn({ ...req, at: new Date(T0.getTime() + 60_000) });
      expect(again).toEqual({ ...first, replayed: true });
      expect(await codeOf(t.ledger.earn({ ...req, at: T0, amount: 41 }))).toBe('IDEMPOTENCY_CONFLICT');
      expect(await codeOf(t.ledger.earn({ ...req, at: T0, reference: 'P-10' }))).toBe('IDEMPOTENCY_CONFLICT');
      expect(
        await codeOf(t.ledger.spend({ businessId: b, idempotencyKey: k, at: T0, account: m, amount: 1 })),
      ).toBe('IDEMPOTENCY_CONFLICT');
      expect(await codeOf(t.ledger.earn({ ...req, at: T0, account: member('eve') }))).toBe(
        'IDEMPOTENCY_CONFLICT',
      );
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(40);
      expect((await t.ledger.balance({ businessId: b, account: member('eve') })).available).toBe(0);
      const n = await t.pool.query(
        'SELECT count(*)::int AS n FROM ledger_transactions WHERE business_id = $1',
        [b],
      );
      expect(n.rows[0].n).toBe(1);
    });

    it('replays every kind of write with its original result', async () => {
      const b = newBusiness();
      const m = member('replay');
      const e = { businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 100 };
      const s = { businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 10 };
      const results: [LedgerResult, () => Promise<LedgerResult>][] = [];
      const er = await t.ledger.earn(e);
      results.push([er, () => t.ledger.earn(e)]);
      results.push([await t.ledger.spend(s), () => t.ledger.spend(s)]);
      const h = { businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 5 };
      const hr = await t.ledger.hold(h);
      results.push([hr, () => t.ledger.hold(h)]);
      const c = { businessId: b, idempotencyKey: key(), at: T0, holdId: hr.holdId! };
      results.push([await t.ledger.capture(c), () => t.ledger.capture(c)]);
      const rv = { businessId: b, idempotencyKey: key(), at: T0, transactionId: er.transactionId, amount: 7 };
      results.push([await t.ledger.reverse(rv), () => t.ledger.reverse(rv)]);
      for (const [orig, retry] of results) expect(await retry()).toEqual({ ...orig, replayed: true });
      // later writes do not change what a replay returns
      expect((await t.ledger.earn(e)).balance.available).toBe(100);
      await expectClean(t.ledger, b);
    });
  });

  describe('holds (inv. 8)', () => {
    it('a reservation moves points to held; capture redeems them; it resolves exactly once', async () => {
      const b = newBusiness();
      const m = member('h1');
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 100 });
      const h = await t.ledger.hold({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 30 });
      expect(h.balance).toEqual({ available: 70, pending: 0, held: 30 });
      expect(
        await codeOf(
          t.ledger.spend({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 71 }),
        ),
      ).toBe('INSUFFICIENT_BALANCE');
      const c = await t.ledger.capture({ businessId: b, idempotencyKey: key(), at: T0, holdId: h.holdId! });
      expect(c.balance).toEqual({ available: 70, pending: 0, held: 0 });
      expect((await t.ledger.balance({ businessId: b, account: sys('points', 'redeemed') })).available).toBe(
        30,
      );
      expect(
        await codeOf(t.ledger.capture({ businessId: b, idempotencyKey: key(), at: T0, holdId: h.holdId! })),
      ).toBe('HOLD_NOT_OPEN');
      expect(
        await codeOf(t.ledger.release({ businessId: b, idempotencyKey: key(), at: T0, holdId: h.holdId! })),
      ).toBe('HOLD_NOT_OPEN');
      await expectClean(t.ledger, b);
    });

    it('release returns the points to the lots they came from; an expired reservation is released by the run', async () => {
      const b = newBusiness();
      const m = member('h2');
      const lot = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 50,
        expiresAt: at(30),
      });
      const h = await t.ledger.hold({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 20 });
      const rel = await t.ledger.release({ businessId: b, idempotencyKey: key(), at: T0, holdId: h.holdId! });
      expect(rel.balance).toEqual({ available: 50, pending: 0, held: 0 });
      const rem = await t.pool.query(
        'SELECT remaining::int FROM ledger_lots WHERE business_id = $1 AND id = $2',
        [b, lot.lotId],
      );
      expect(rem.rows[0].remaining).toBe(50);
      const h2 = await t.ledger.hold({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 15,
        expiresAt: at(1),
      });
      expect((await t.ledger.expire({ businessId: b, at: at(0.5) })).holdsExpired).toBe(0);
      const run = await t.ledger.expire({ businessId: b, at: at(2) });
      expect(run.holdsExpired).toBe(1);
      expect(await t.ledger.balance({ businessId: b, account: m })).toEqual({
        available: 50,
        pending: 0,
        held: 0,
      });
      expect(
        await codeOf(
          t.ledger.capture({ businessId: b, idempotencyKey: key(), at: at(2), holdId: h2.holdId! }),
        ),
      ).toBe('HOLD_NOT_OPEN');
      const st = await t.pool.query('SELECT status FROM ledger_holds WHERE business_id = $1 AND id = $2', [
        b,
        h2.holdId,
      ]);
      expect(st.rows[0].status).toBe('expired');
      await expectClean(t.ledger, b);
    });

    it('a capture arriving after the reservation lapsed is refused even before the run', async () => {
      const b = newBusiness();
      const m = member('h3');
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 10 });
      const h = await t.ledger.hold({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 10,
        expiresAt: at(1),
      });
      expect(
        await codeOf(
          t.ledger.capture({ businessId: b, idempotencyKey: key(), at: at(1), holdId: h.holdId! }),
        ),
      ).toBe('HOLD_NOT_OPEN');
      // refused: no trace, the hold is still open until the run or the next write settles it
      const st = await t.pool.query('SELECT status FROM ledger_holds WHERE business_id = $1 AND id = $2', [
        b,
        h.holdId,
      ]);
      expect(st.rows[0].status).toBe('open');
      await t.ledger.expire({ businessId: b, at: at(1) });
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(10);
    });

    it('a pending earn matures after its window, or early by capture, or is voided by release', async () => {
      const b = newBusiness();
      const m = member('p1');
      const p1 = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 10,
        pendingUntil: at(14),
      });
      const p2 = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 20,
        pendingUntil: at(14),
      });
      const p3 = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 40,
        pendingUntil: at(14),
      });
      expect(p3.balance).toEqual({ available: 0, pending: 70, held: 0 });
      expect(
        await codeOf(t.ledger.spend({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 1 })),
      ).toBe('INSUFFICIENT_BALANCE');
      expect(
        (await t.ledger.capture({ businessId: b, idempotencyKey: key(), at: at(1), holdId: p1.holdId! }))
          .balance,
      ).toEqual({
        available: 10,
        pending: 60,
        held: 0,
      });
      expect(
        (await t.ledger.release({ businessId: b, idempotencyKey: key(), at: at(2), holdId: p2.holdId! }))
          .balance,
      ).toEqual({
        available: 10,
        pending: 40,
        held: 0,
      });
      expect((await t.ledger.expire({ businessId: b, at: at(13) })).matured).toBe(0);
      expect((await t.ledger.expire({ businessId: b, at: at(14) })).matured).toBe(1);
      expect((await t.ledger.expire({ businessId: b, at: at(15) })).matured).toBe(0);
      expect(await t.ledger.balance({ businessId: b, account: m })).toEqual({
        available: 50,
        pending: 0,
        held: 0,
      });
      expect(
        await codeOf(
          t.ledger.release({ businessId: b, idempotencyKey: key(), at: at(15), holdId: p3.holdId! }),
        ),
      ).toBe('HOLD_NOT_OPEN');
      // the voided 20 went back to issued
      expect((await t.ledger.balance({ businessId: b, account: sys('points', 'issued') })).available).toBe(
        -50,
      );
      await expectClean(t.ledger, b);
    });
  });

  describe('expiry (inv. 4)', () => {
    it('moves the unspent rest of lapsed lots to the expired account, exactly once', async () => {
      const b = newBusiness();
      const m = member('x1');
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
        expiresAt: at(30),
      });
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
        expiresAt: at(60),
      });
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 5 });
      await t.ledger.spend({ businessId: b, idempotencyKey: key(), at: at(1), account: m, amount: 30 });
      expect((await t.ledger.expire({ businessId: b, at: at(29) })).expired).toBe(0);
      expect((await t.ledger.expire({ businessId: b, at: at(30) })).expired).toBe(70);
      expect((await t.ledger.expire({ businessId: b, at: at(30) })).expired).toBe(0);
      expect((await t.ledger.expire({ businessId: b, at: at(45) })).expired).toBe(0);
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(105);
      expect((await t.ledger.expire({ at: at(61) })).expired).toBeGreaterThanOrEqual(100);
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(5);
      expect((await t.ledger.balance({ businessId: b, account: sys('points', 'expired') })).available).toBe(
        170,
      );
      await expectClean(t.ledger, b);
    });

    it('a spend after a lot lapsed cannot use the lapsed points even before the run', async () => {
      const b = newBusiness();
      const m = member('x2');
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
        expiresAt: at(30),
      });
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 10 });
      expect(
        await codeOf(
          t.ledger.spend({ businessId: b, idempotencyKey: key(), at: at(31), account: m, amount: 11 }),
        ),
      ).toBe('INSUFFICIENT_BALANCE');
      const s = await t.ledger.spend({
        businessId: b,
        idempotencyKey: key(),
        at: at(31),
        account: m,
        amount: 10,
      });
      expect(s.balance.available).toBe(0);
      expect((await t.ledger.balance({ businessId: b, account: sys('points', 'expired') })).available).toBe(
        100,
      );
      await expectClean(t.ledger, b);
    });
  });

  describe('reversal (inv. 9)', () => {
    it('earn followed by its full reversal restores every balance', async () => {
      const b = newBusiness();
      const m = member('r1');
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 10 });
      const before = {
        m: await t.ledger.balance({ businessId: b, account: m }),
      };
      const e = await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 90 });
      const r = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: e.transactionId,
      });
      expect(r).toMatchObject({
        kind: 'reverse',
        amount: 90,
        requestedAmount: 90,
        reversesId: e.transactionId,
      });
      expect(await t.ledger.balance({ businessId: b, account: m })).toEqual(before.m);
      const issued = (await t.ledger.balance({ businessId: b, account: sys('points', 'issued') })).available;
      const reversed = (await t.ledger.balance({ businessId: b, account: sys('points', 'reversed') }))
        .available;
      expect(issued + reversed).toBe(-10);
      expect(
        await codeOf(
          t.ledger.reverse({ businessId: b, idempotencyKey: key(), at: T0, transactionId: e.transactionId }),
        ),
      ).toBe('REVERSAL_REFUSED');
      await expectClean(t.ledger, b);
    });

    it('spend reversal gives the points back to their lots; partial reversals add up to at most the original', async () => {
      const b = newBusiness();
      const m = member('r2');
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
        expiresAt: at(10),
      });
      const s = await t.ledger.spend({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 60,
      });
      await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: s.transactionId,
        amount: 25,
      });
      expect(
        await codeOf(
          t.ledger.reverse({
            businessId: b,
            idempotencyKey: key(),
            at: T0,
            transactionId: s.transactionId,
            amount: 36,
          }),
        ),
      ).toBe('REVERSAL_REFUSED');
      const r = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: s.transactionId,
      });
      expect(r.amount).toBe(35);
      expect(r.balance.available).toBe(100);
      // the restored points keep their lot's expiry
      expect((await t.ledger.expire({ businessId: b, at: at(10) })).expired).toBe(100);
      await expectClean(t.ledger, b);
    });

    it('a reservation capture can be reversed (refund of a redeemed reward)', async () => {
      const b = newBusiness();
      const m = member('r3');
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 50 });
      const h = await t.ledger.hold({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 50 });
      const c = await t.ledger.capture({ businessId: b, idempotencyKey: key(), at: T0, holdId: h.holdId! });
      const r = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: c.transactionId,
      });
      expect(r.balance).toEqual({ available: 50, pending: 0, held: 0 });
      expect(
        await codeOf(
          t.ledger.reverse({ businessId: b, idempotencyKey: key(), at: T0, transactionId: h.transactionId }),
        ),
      ).toBe('REVERSAL_REFUSED');
      expect(
        await codeOf(
          t.ledger.reverse({ businessId: b, idempotencyKey: key(), at: T0, transactionId: r.transactionId }),
        ),
      ).toBe('REVERSAL_REFUSED');
      await expectClean(t.ledger, b);
    });

    async function partlySpent(name: string) {
      const b = newBusiness();
      const m = member(name);
      const e = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
      });
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 20,
        expiresAt: at(5),
      });
      await t.ledger.spend({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 90 }); // 20 from the expiring lot, 70 from e
      return { b, m, e };
    }

    it("policy 'refuse': reversing more than the member has is refused with no effect", async () => {
      const { b, m, e } = await partlySpent('pol-refuse');
      const err = await t.ledger
        .reverse({
          businessId: b,
          idempotencyKey: key(),
          at: T0,
          transactionId: e.transactionId,
          policy: 'refuse',
        })
        .catch((x: unknown) => x as DomainError);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('REVERSAL_REFUSED');
      expect((err as DomainError).details).toMatchObject({ reason: 'insufficient_balance', shortfall: 70 });
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(30);
      // a part that the balance covers is allowed under 'refuse'
      const part = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: e.transactionId,
        amount: 30,
        policy: 'refuse',
      });
      expect(part.balance.available).toBe(0);
      await expectClean(t.ledger, b);
    });

    it("policy 'clamp': reverses only down to zero", async () => {
      const { b, m, e } = await partlySpent('pol-clamp');
      const r = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: e.transactionId,
        policy: 'clamp',
      });
      expect(r).toMatchObject({ amount: 30, requestedAmount: 100, balance: { available: 0 } });
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(0);
      // the rest stays reversible
      const r2 = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: e.transactionId,
        policy: 'clamp',
      });
      expect(r2).toMatchObject({ amount: 0, requestedAmount: 70 });
      await expectClean(t.ledger, b);
    });

    it("policy 'allow_negative': the balance goes negative, recorded as a debt that the next earn pays off", async () => {
      const { b, m, e } = await partlySpent('pol-neg');
      const r = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: e.transactionId,
        policy: 'allow_negative',
      });
      expect(r).toMatchObject({ amount: 100, balance: { available: -70 } });
      await expectClean(t.ledger, b);
      expect(
        await codeOf(t.ledger.spend({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 1 })),
      ).toBe('INSUFFICIENT_BALANCE');
      const e2 = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 100,
        expiresAt: at(3),
      });
      expect(e2.balance.available).toBe(30);
      // the debt was paid from the new lot: only 30 of it can expire
      expect((await t.ledger.expire({ businessId: b, at: at(3) })).expired).toBe(30);
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(0);
      await expectClean(t.ledger, b);
    });

    it('the default policy comes from the options', async () => {
      const { b, e } = await partlySpent('pol-default');
      const clampLedger = new (t.ledger.constructor as typeof import('../src').Ledger)(t.pool, {
        defaultReversalPolicy: 'clamp',
      });
      const r = await clampLedger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: e.transactionId,
      });
      expect(r).toMatchObject({ amount: 30, policy: 'clamp' });
      const { b: b2, e: e2 } = await partlySpent('pol-default2');
      expect(
        await codeOf(
          t.ledger.reverse({
            businessId: b2,
            idempotencyKey: key(),
            at: T0,
            transactionId: e2.transactionId,
          }),
        ),
      ).toBe('REVERSAL_REFUSED');
    });

    it('reversing a pending earn reduces the pending points; reversing all of it voids the hold', async () => {
      const b = newBusiness();
      const m = member('r-pend');
      const p = await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        account: m,
        amount: 40,
        pendingUntil: at(14),
      });
      const r1 = await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: p.transactionId,
        amount: 15,
      });
      expect(r1.balance).toEqual({ available: 0, pending: 25, held: 0 });
      await t.ledger.reverse({
        businessId: b,
        idempotencyKey: key(),
        at: T0,
        transactionId: p.transactionId,
      });
      expect(await t.ledger.balance({ businessId: b, account: m })).toEqual({
        available: 0,
        pending: 0,
        held: 0,
      });
      expect(
        await codeOf(t.ledger.capture({ businessId: b, idempotencyKey: key(), at: T0, holdId: p.holdId! })),
      ).toBe('HOLD_NOT_OPEN');
      await expectClean(t.ledger, b);
    });
  });

  describe('reading', () => {
    it('balanceAt gives the balance as of an effective time', async () => {
      const b = newBusiness();
      const m = member('hist');
      await t.ledger.earn({
        businessId: b,
        idempotencyKey: key(),
        at: at(1),
        account: m,
        amount: 10,
        expiresAt: at(5),
      });
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: at(2), account: m, amount: 20 });
      await t.ledger.spend({ businessId: b, idempotencyKey: key(), at: at(3), account: m, amount: 5 });
      await t.ledger.expire({ businessId: b, at: at(5) });
      const bal = async (d: number) =>
        (await t.ledger.balanceAt({ businessId: b, account: m, at: at(d) })).available;
      expect([await bal(0), await bal(1), await bal(2.5), await bal(3), await bal(4), await bal(5)]).toEqual([
        0, 10, 30, 25, 25, 20,
      ]);
    });

    it('statement pages newest first with running balance, reason and reference', async () => {
      const b = newBusiness();
      const m = member('stmt');
      for (let i = 1; i <= 7; i++) {
        await t.ledger.earn({
          businessId: b,
          idempotencyKey: key(),
          at: at(i),
          account: m,
          amount: i,
          reason: 'purchase',
          reference: `P-${i}`,
        });
      }
      await t.ledger.spend({
        businessId: b,
        idempotencyKey: key(),
        at: at(8),
        account: m,
        amount: 4,
        reason: 'reward',
        reference: 'R-1',
      });
      const seen: { amount: number; after: number; reference: string | null; reason: string | null }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await t.ledger.statement({ businessId: b, account: m, limit: 3, cursor });
        pages++;
        for (const e of page.entries)
          seen.push({
            amount: e.amount,
            after: e.balanceAfter!.available,
            reference: e.reference,
            reason: e.reason,
          });
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen[0]).toEqual({ amount: -4, after: 24, reference: 'R-1', reason: 'reward' });
      expect(seen.map((s) => s.reference)).toEqual(['R-1', 'P-7', 'P-6', 'P-5', 'P-4', 'P-3', 'P-2', 'P-1']);
      expect(seen.map((s) => s.after)).toEqual([24, 28, 21, 15, 10, 6, 3, 1]);
    });
  });

  describe('atomicity with the caller', () => {
    it('a write inside the caller transaction commits or rolls back with the caller rows (inv. 10)', async () => {
      const b = newBusiness();
      const m = member('atomic');
      await t.pool.query(
        'CREATE TABLE IF NOT EXISTS test_purchases (business_id uuid, id text, PRIMARY KEY (business_id, id))',
      );
      const c = await t.pool.connect();
      try {
        await c.query('BEGIN');
        await c.query('INSERT INTO test_purchases VALUES ($1, $2)', [b, 'P-1']);
        await t.ledger.earn({
          businessId: b,
          idempotencyKey: 'P-1',
          at: T0,
          account: m,
          amount: 10,
          client: c,
        });
        await c.query('ROLLBACK');
        await c.query('BEGIN');
        await c.query('INSERT INTO test_purchases VALUES ($1, $2)', [b, 'P-2']);
        await t.ledger.earn({
          businessId: b,
          idempotencyKey: 'P-2',
          at: T0,
          account: m,
          amount: 7,
          client: c,
        });
        await c.query('COMMIT');
        // a refused write aborts the caller's transaction: its own rows go too
        await c.query('BEGIN');
        await c.query('INSERT INTO test_purchases VALUES ($1, $2)', [b, 'P-3']);
        expect(
          await codeOf(
            t.ledger.spend({
              businessId: b,
              idempotencyKey: 'S-3',
              at: T0,
              account: m,
              amount: 8,
              client: c,
            }),
          ),
        ).toBe('INSUFFICIENT_BALANCE');
        await c.query('ROLLBACK');
      } finally {
        c.release();
      }
      const rows = await t.pool.query('SELECT id FROM test_purchases WHERE business_id = $1 ORDER BY id', [
        b,
      ]);
      expect(rows.rows.map((r) => r.id)).toEqual(['P-2']);
      expect((await t.ledger.balance({ businessId: b, account: m })).available).toBe(7);
      const keys = await t.pool.query(
        'SELECT idempotency_key FROM ledger_transactions WHERE business_id = $1',
        [b],
      );
      expect(keys.rows.map((r) => r.idempotency_key)).toEqual(['P-2']);
      await expectClean(t.ledger, b);
    });
  });

  describe('append-only history (inv. 11)', () => {
    it('rejects UPDATE, DELETE and TRUNCATE on entries, transactions and lot moves', async () => {
      const b = newBusiness();
      const m = member('immut');
      await t.ledger.earn({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 10 });
      await t.ledger.spend({ businessId: b, idempotencyKey: key(), at: T0, account: m, amount: 3 });
      const stmts = [
        `UPDATE ledger_entries SET amount = amount + 1 WHERE business_id = '${b}'`,
        `DELETE FROM ledger_entries WHERE business_id = '${b}'`,
        'TRUNCATE ledger_entries CASCADE',
        `UPDATE ledger_transactions SET amount = 1 WHERE business_id = '${b}'`,
        `DELETE FROM ledger_transactions WHERE business_id = '${b}'`,
        'TRUNCATE ledger_transactions CASCADE',
        `UPDATE ledger_lot_moves SET amount = -1 WHERE business_id = '${b}'`,
        `DELETE FROM ledger_lot_moves WHERE business_id = '${b}'`,
        'TRUNCATE ledger_lot_moves CASCADE',
      ];
      for (const sql of stmts) {
        await expect(t.pool.query(sql)).rejects.toMatchObject({ code: 'LB011' });
      }
      const n = await t.pool.query('SELECT count(*)::int AS n FROM ledger_entries WHERE business_id = $1', [
        b,
      ]);
      expect(n.rows[0].n).toBe(4);
      await expectClean(t.ledger, b);
    });
  });

  describe('schema', () => {
    it('every primary key, unique constraint and foreign key of the ledger starts with business_id', async () => {
      const res = await t.pool.query<{ conname: string; first: string }>(
        `SELECT c.conname, a.attname AS first FROM pg_constraint c
           JOIN pg_class r ON r.oid = c.conrelid
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE r.relname LIKE 'ledger\\_%' AND c.contype IN ('p', 'u', 'f')`,
      );
      expect(res.rows.length).toBeGreaterThanOrEqual(15);
      expect(res.rows.filter((r) => r.first !== 'business_id')).toEqual([]);
      const fks = await t.pool.query<{ conname: string; refcol: string }>(
        `SELECT c.conname, a.attname AS refcol FROM pg_constraint c
           JOIN pg_class r ON r.oid = c.conrelid
           JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = c.confkey[1]
          WHERE r.relname LIKE 'ledger\\_%' AND c.contype = 'f'`,
      );
      expect(fks.rows.filter((r) => r.refcol !== 'business_id')).toEqual([]);
    });

    it('the migrations run down and up again through TypeORM', async () => {
      const recorded = await t.pool.query(`SELECT name FROM migrations ORDER BY id`);
      expect(recorded.rows.map((r) => r.name)).toEqual([
        'LedgerSchema1764000000000',
        'LedgerFunctions1764000000001',
        'LedgerHolderIndex1764000000002',
        'LedgerHolderSnapshot1766000000000',
      ]);
      const other = await createTestDatabase('ledger_mig');
      const ds2 = new DataSource({
        type: 'postgres',
        url: other.url,
        migrations: ledgerMigrations,
        migrationsTableName: 'migrations',
      });
      await ds2.initialize();
      try {
        await ds2.runMigrations();
        for (let i = 0; i < ledgerMigrations.length; i++) await ds2.undoLastMigration();
        const left = await ds2.query(
          `SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'ledger\\_%'`,
        );
        expect(left[0].n).toBe(0);
        const fns = await ds2.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname LIKE 'ledger%'`);
        expect(fns[0].n).toBe(0);
        await ds2.runMigrations();
        const again = await ds2.query(`SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'ledger_earn'`);
        expect(again[0].n).toBe(1);
      } finally {
        await ds2.destroy();
        await other.drop();
      }
    });
  });
});
