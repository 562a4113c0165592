import fc from 'fast-check';
import { DomainError } from '@regulars/core';
import type { LedgerResult, ReversalPolicy } from '../src';
import { LedgerModel, ModelError, type MResult } from './model';
import { expectClean, member, newBusiness, setupLedgerDb, T0, type LedgerTestDb } from './helpers';

/**
 * Invariant 13: random operation sequences, generated from a seed, agree with
 * a simple in-memory model after every step; verify() is clean after every
 * step. A failure prints its seed; replay with
 *   LEDGER_SEED=<seed> [LEDGER_PATH=<path>] npx jest libs/ledger/test/property
 * LEDGER_RUNS sets the number of sequences (default 25); the run stops after
 * LEDGER_TIME_LIMIT_MS (default 30 s) even if fewer sequences were done.
 */

const HOUR = 3_600_000;
const MEMBERS = ['m0', 'm1', 'm2'];

type Op =
  | { t: 'earn'; m: number; amount: number; expiresInH: number | null; pendingForH: number | null }
  | { t: 'spend'; m: number; amount: number }
  | { t: 'hold'; m: number; amount: number; expiresInH: number | null }
  | { t: 'capture' | 'release'; pick: number }
  | { t: 'reverse'; pick: number; amount: number | null; policy: ReversalPolicy }
  | { t: 'expire' }
  | { t: 'clock'; hours: number }
  | { t: 'retry'; pick: number }
  | { t: 'conflict'; pick: number };

const m = fc.integer({ min: 0, max: MEMBERS.length - 1 });
/** null with weight `nullWeight` against `valueWeight` (fc.option's own bias is not what we want here). */
const maybe = <T>(arb: fc.Arbitrary<T>, nullWeight: number, valueWeight: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: nullWeight, arbitrary: fc.constant(null) }, { weight: valueWeight, arbitrary: arb });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('earn' as const),
      m,
      amount: fc.integer({ min: 1, max: 100 }),
      expiresInH: maybe(
        fc.integer({ min: 1, max: 30 }).map((d) => d * 24),
        1,
        2,
      ),
      pendingForH: maybe(
        fc.integer({ min: 1, max: 10 }).map((d) => d * 24),
        4,
        1,
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constant('spend' as const), m, amount: fc.integer({ min: 1, max: 90 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('hold' as const),
      m,
      amount: fc.integer({ min: 1, max: 80 }),
      expiresInH: maybe(
        fc.integer({ min: 1, max: 5 }).map((d) => d * 24),
        1,
        1,
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constantFrom('capture' as const, 'release' as const), pick: fc.nat() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('reverse' as const),
      pick: fc.nat(),
      amount: maybe(fc.integer({ min: 1, max: 120 }), 1, 1),
      policy: fc.constantFrom<ReversalPolicy>('allow_negative', 'clamp', 'refuse'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'expire' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('clock' as const), hours: fc.integer({ min: 0, max: 24 * 12 }) }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('retry' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('conflict' as const), pick: fc.nat() }) },
);

interface Done {
  dbTx: string;
  modelTx: number;
  kind: string;
  result: LedgerResult;
  again: () => Promise<LedgerResult>;
  different: () => Promise<LedgerResult>;
}

async function outcome<T>(p: () => Promise<T>): Promise<{ ok: T } | { code: string }> {
  try {
    return { ok: await p() };
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code };
    throw e;
  }
}

function modelOutcome<T>(f: () => T): { ok: T } | { code: string } {
  try {
    return { ok: f() };
  } catch (e) {
    if (e instanceof ModelError) return { code: e.code };
    throw e;
  }
}

describe('ledger vs in-memory model (property-based, invariant 13)', () => {
  let t: LedgerTestDb;
  beforeAll(async () => {
    t = await setupLedgerDb('ledger_prop');
  });
  afterAll(async () => t.close());

  async function runSequence(ops: Op[]): Promise<void> {
    const b = newBusiness();
    const model = new LedgerModel();
    const done: Done[] = [];
    const holds: { model: number; db: string }[] = [];
    let now = T0.getTime();
    let n = 0;
    const k = () => `op-${++n}`;
    const acct = (i: number) => member(MEMBERS[i]);
    const step = (i: number, op: Op) => `step ${i} ${JSON.stringify(op)}`;

    const compare = (
      where: string,
      db: { ok: LedgerResult } | { code: string },
      mo: { ok: MResult } | { code: string },
    ) => {
      if ('code' in mo || 'code' in db) {
        expect({ where, code: 'code' in db ? db.code : 'ok' }).toEqual({
          where,
          code: 'code' in mo ? mo.code : 'ok',
        });
        return;
      }
      expect({ where, amount: db.ok.amount, balance: db.ok.balance, replayed: db.ok.replayed }).toEqual({
        where,
        amount: mo.ok.amount,
        balance: mo.ok.balance,
        replayed: false,
      });
      if (mo.ok.requestedAmount !== undefined)
        expect({ where, req: db.ok.requestedAmount }).toEqual({ where, req: mo.ok.requestedAmount });
    };

    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      const where = step(i, op);
      const atD = new Date(now);
      switch (op.t) {
        case 'earn': {
          const key = k();
          const input = {
            businessId: b,
            idempotencyKey: key,
            at: atD,
            account: acct(op.m),
            amount: op.amount,
            expiresAt: op.expiresInH === null ? null : new Date(now + op.expiresInH * HOUR),
            pendingUntil: op.pendingForH === null ? null : new Date(now + op.pendingForH * HOUR),
          };
          const db = await outcome(() => t.ledger.earn(input));
          const mo = modelOutcome(() =>
            model.earn(
              MEMBERS[op.m],
              op.amount,
              now,
              input.expiresAt?.getTime() ?? null,
              input.pendingUntil?.getTime() ?? null,
            ),
          );
          compare(where, db, mo);
          if ('ok' in db && 'ok' in mo) {
            done.push({
              dbTx: db.ok.transactionId,
              modelTx: mo.ok.tx,
              kind: 'earn',
              result: db.ok,
              again: () => t.ledger.earn({ ...input, at: new Date(now) }),
              different: () => t.ledger.earn({ ...input, amount: op.amount + 1 }),
            });
            if (mo.ok.hold !== null) holds.push({ model: mo.ok.hold, db: db.ok.holdId! });
          }
          break;
        }
        case 'spend':
        case 'hold': {
          const input = {
            businessId: b,
            idempotencyKey: k(),
            at: atD,
            account: acct(op.m),
            amount: op.amount,
            ...(op.t === 'hold'
              ? { expiresAt: op.expiresInH === null ? null : new Date(now + op.expiresInH * HOUR) }
              : {}),
          };
          const call = () => (op.t === 'hold' ? t.ledger.hold(input) : t.ledger.spend(input));
          const db = await outcome(call);
          const mo = modelOutcome(() =>
            model.debit(
              op.t,
              MEMBERS[op.m],
              op.amount,
              now,
              op.t === 'hold' ? (input.expiresAt?.getTime() ?? null) : null,
            ),
          );
          compare(where, db, mo);
          if ('ok' in db && 'ok' in mo) {
            done.push({
              dbTx: db.ok.transactionId,
              modelTx: mo.ok.tx,
              kind: op.t,
              result: db.ok,
              again: () =>
                op.t === 'hold'
                  ? t.ledger.hold({ ...input, at: new Date(now) })
                  : t.ledger.spend({ ...input, at: new Date(now) }),
              different: () => t.ledger.spend({ ...input, amount: op.amount + 1 }),
            });
            if (mo.ok.hold !== null) holds.push({ model: mo.ok.hold, db: db.ok.holdId! });
          }
          break;
        }
        case 'capture':
        case 'release': {
          if (holds.length === 0) break;
          const h = holds[op.pick % holds.length];
          const input = { businessId: b, idempotencyKey: k(), at: atD, holdId: h.db };
          const call = () => (op.t === 'capture' ? t.ledger.capture(input) : t.ledger.release(input));
          const db = await outcome(call);
          const mo = modelOutcome(() => model.resolve(op.t === 'capture', h.model, now));
          compare(where, db, mo);
          if ('ok' in db && 'ok' in mo) {
            done.push({
              dbTx: db.ok.transactionId,
              modelTx: mo.ok.tx,
              kind: op.t,
              result: db.ok,
              again: call,
              different: () => t.ledger.capture({ ...input, reference: 'other' }),
            });
          }
          break;
        }
        case 'reverse': {
          if (done.length === 0) break;
          const target = done[op.pick % done.length];
          const input = {
            businessId: b,
            idempotencyKey: k(),
            at: atD,
            transactionId: target.dbTx,
            amount: op.amount,
            policy: op.policy,
          };
          const db = await outcome(() => t.ledger.reverse(input));
          const mo = modelOutcome(() => model.reverse(target.modelTx, op.amount, op.policy, now));
          compare(where, db, mo);
          if ('ok' in db && 'ok' in mo) {
            done.push({
              dbTx: db.ok.transactionId,
              modelTx: mo.ok.tx,
              kind: 'reverse',
              result: db.ok,
              again: () => t.ledger.reverse(input),
              different: () =>
                t.ledger.reverse({ ...input, policy: op.policy === 'clamp' ? 'refuse' : 'clamp' }),
            });
          }
          break;
        }
        case 'expire': {
          const db = await t.ledger.expire({ businessId: b, at: atD });
          const mo = model.expireAll(now);
          expect({ where, expired: db.expired, holds: db.holdsExpired, matured: db.matured }).toEqual({
            where,
            expired: mo.expired,
            holds: mo.holds,
            matured: mo.matured,
          });
          break;
        }
        case 'clock':
          now += op.hours * HOUR;
          break;
        case 'retry': {
          if (done.length === 0) break;
          const d = done[op.pick % done.length];
          expect({ where, r: await d.again() }).toEqual({ where, r: { ...d.result, replayed: true } });
          break;
        }
        case 'conflict': {
          if (done.length === 0) break;
          const d = done[op.pick % done.length];
          expect({ where, r: await outcome(d.different) }).toEqual({
            where,
            r: { code: 'IDEMPOTENCY_CONFLICT' },
          });
          break;
        }
        default: {
          const never: never = op;
          throw new Error(`unknown op ${JSON.stringify(never)}`);
        }
      }

      // after every step: balances, system accounts and lots agree with the model; verify is clean
      for (const name of MEMBERS) {
        expect({ where, name, b: await t.ledger.balance({ businessId: b, account: member(name) }) }).toEqual({
          where,
          name,
          b: model.balance(name),
        });
      }
      for (const name of ['issued', 'redeemed', 'expired', 'reversed'] as const) {
        const bal = await t.ledger.balance({
          businessId: b,
          account: { unit: 'points', ownerType: 'system', ownerId: name },
        });
        expect({ where, name, v: bal.available }).toEqual({ where, name, v: model.s.system[name] });
      }
      const lots = await t.pool.query<{ kind: string; status: string; remaining: string }>(
        'SELECT kind, status, remaining FROM ledger_lots WHERE business_id = $1 ORDER BY id',
        [b],
      );
      expect({ where, lots: lots.rows.map((l) => `${l.kind}/${l.status}/${l.remaining}`) }).toEqual({
        where,
        lots: model.s.lots.map((l) => `${l.kind}/${l.status}/${l.remaining}`),
      });
      await expectClean(t.ledger, b);
    }
  }

  it('agrees with the model after every step of random sequences', async () => {
    const seed = process.env.LEDGER_SEED ? Number(process.env.LEDGER_SEED) : Date.now() % 2_147_483_647;
    const numRuns = Number(process.env.LEDGER_RUNS ?? 25);
    const path = process.env.LEDGER_PATH;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40, size: 'max' }), (ops) =>
          runSequence(ops),
        ),
        {
          seed,
          numRuns,
          path,
          endOnFailure: false,
          interruptAfterTimeLimit: Number(process.env.LEDGER_TIME_LIMIT_MS ?? 30_000),
        },
      );
    } catch (e) {
      console.error(
        `ledger property test failed; replay with LEDGER_SEED=${seed}` +
          ' (and the path from the report below as LEDGER_PATH)',
      );
      throw e;
    }
  }, 300_000);
});
