import { DomainError } from '@regulars/core';
import type { Pool } from 'pg';
import { Ledger, toDomainError } from './ledger';
import { parseArgs } from './cli/verify';

/** A pool that records what it was asked and answers like ledger_earn would. */
function fakePool() {
  const calls: { sql: string; params: unknown[] }[] = [];
  const pool = {
    query: async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return {
        rows: [
          {
            r: {
              transactionId: '7',
              kind: 'earn',
              accountId: '3',
              amount: '5',
              balance: { available: '5', pending: 0, held: 0 },
              effectiveAt: '2026-01-15T10:00:00+00:00',
              replayed: false,
              lotId: '9',
              holdId: null,
              pending: false,
            },
          },
        ],
      };
    },
  };
  return { pool: pool as unknown as Pool, calls };
}

const B = '0b9f3c1e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';
const account = { unit: 'points', ownerType: 'member' as const, ownerId: 'm1' };

describe('Ledger (no database)', () => {
  it('validates input before any I/O', async () => {
    const { pool, calls } = fakePool();
    const ledger = new Ledger(pool);
    const bad = [
      ledger.earn({ businessId: B, idempotencyKey: 'k', at: new Date(), account, amount: 2.5 }),
      ledger.spend({ businessId: B, idempotencyKey: '', at: new Date(), account, amount: 1 }),
      ledger.hold({
        businessId: B,
        idempotencyKey: 'k',
        at: new Date(),
        account,
        amount: 1,
        expiresAt: new Date('x'),
      }),
      ledger.capture({ businessId: B, idempotencyKey: 'k', at: new Date(), holdId: 'abc' }),
      ledger.reverse({
        businessId: B,
        idempotencyKey: 'k',
        at: new Date(),
        transactionId: '1',
        policy: 'forgive' as never,
      }),
      ledger.earn({
        businessId: B,
        idempotencyKey: 'k',
        at: new Date(),
        account: { ...account, ownerType: 'system' as never },
        amount: 1,
      }),
    ];
    for (const p of bad) await expect(p).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(calls).toHaveLength(0);
  });

  it('sends one query per write, and the request hash ignores the effective time', async () => {
    const { pool, calls } = fakePool();
    const ledger = new Ledger(pool);
    const r = await ledger.earn({
      businessId: B,
      idempotencyKey: 'k',
      at: new Date('2026-01-15T10:00:00Z'),
      account,
      amount: 5,
    });
    await ledger.earn({
      businessId: B,
      idempotencyKey: 'k',
      at: new Date('2026-01-15T10:05:00Z'),
      account,
      amount: 5,
    });
    await ledger.earn({
      businessId: B,
      idempotencyKey: 'k',
      at: new Date('2026-01-15T10:05:00Z'),
      account,
      amount: 6,
    });
    expect(calls).toHaveLength(3);
    const hash = (i: number) => calls[i].params[9];
    expect(hash(0)).toBe(hash(1));
    expect(hash(2)).not.toBe(hash(0));
    expect(r).toEqual({
      transactionId: '7',
      kind: 'earn',
      accountId: '3',
      amount: 5,
      balance: { available: 5, pending: 0, held: 0 },
      effectiveAt: new Date('2026-01-15T10:00:00Z'),
      replayed: false,
      lotId: '9',
      holdId: null,
      pending: false,
    });
  });

  it('maps the ledger SQLSTATEs to domain errors and passes others through', () => {
    const e = toDomainError({
      code: 'LB001',
      message: 'insufficient balance',
      detail: '{"available":3,"requested":5}',
    });
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: 'INSUFFICIENT_BALANCE', details: { available: 3, requested: 5 } });
    expect(toDomainError({ code: 'LB002' })).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect(toDomainError({ code: 'LB003' })).toMatchObject({ code: 'HOLD_NOT_OPEN' });
    expect(toDomainError({ code: 'LB004' })).toMatchObject({ code: 'REVERSAL_REFUSED' });
    expect(toDomainError({ code: 'LB005' })).toMatchObject({ code: 'NOT_FOUND' });
    const other = { code: '40P01', message: 'deadlock detected' };
    expect(toDomainError(other)).toBe(other);
  });
});

describe('ledger:verify arguments', () => {
  it('accepts --business <uuid>, --business=<uuid> and --json; refuses anything else', () => {
    expect(parseArgs([])).toEqual({ json: false });
    expect(parseArgs(['--business', B])).toEqual({ businessId: B, json: false });
    expect(parseArgs([`--business=${B}`, '--json'])).toEqual({ businessId: B, json: true });
    expect(() => parseArgs(['--business'])).toThrow();
    expect(() => parseArgs(['--business', 'nope'])).toThrow();
    expect(() => parseArgs(['--all'])).toThrow();
  });
});
