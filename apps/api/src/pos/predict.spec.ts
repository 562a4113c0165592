import type { HolderSnapshot } from '@regulars/ledger';
import { predictAfterEarns } from './predict';

const now = new Date('2026-03-01T10:00:00Z');
const window = { expiringUnit: 'points', from: now, until: new Date('2026-03-31T10:00:00Z') };
const bal = (available: number, pending = 0, held = 0) => ({ available, pending, held });
const before: HolderSnapshot = {
  balances: [
    { unit: 'points', balance: bal(40, 5, 3) },
    { unit: 'stamps:coffee', balance: bal(7) },
  ],
  expiring: [{ expiresAt: new Date('2026-03-10T23:00:00Z'), amount: 12 }],
};

describe('predictAfterEarns (the answer a one-call purchase stores before the database confirms it)', () => {
  it('adds available earns, pending earns to pending, and creates accounts the member did not have yet', () => {
    const after = predictAfterEarns(
      before,
      [
        { unit: 'points', amount: 10, pending: false, expiresAt: new Date('2027-03-01T23:00:00Z') },
        { unit: 'points', amount: 4, pending: true, expiresAt: null },
        { unit: 'stamps:coffee', amount: 2, pending: false, expiresAt: null },
        { unit: 'stamps:bagel', amount: 1, pending: false, expiresAt: null },
      ],
      window,
    );
    expect(after).toEqual({
      balances: [
        { unit: 'points', balance: bal(50, 9, 3) },
        { unit: 'stamps:bagel', balance: bal(1) },
        { unit: 'stamps:coffee', balance: bal(9) },
      ],
      expiring: before.expiring,
    });
    // the input is not changed
    expect(before.balances[0].balance).toEqual(bal(40, 5, 3));
  });

  it('an available points lot lapsing inside the window joins "expiring soon", summed per instant and sorted', () => {
    const at = (iso: string) => new Date(iso);
    const after = predictAfterEarns(
      before,
      [
        { unit: 'points', amount: 3, pending: false, expiresAt: at('2026-03-10T23:00:00Z') },
        { unit: 'points', amount: 2, pending: false, expiresAt: at('2026-03-05T23:00:00Z') },
        { unit: 'points', amount: 6, pending: false, expiresAt: window.until }, // inclusive end
        { unit: 'points', amount: 8, pending: false, expiresAt: now }, // exclusive start
        { unit: 'points', amount: 9, pending: true, expiresAt: at('2026-03-06T23:00:00Z') }, // not spendable yet
        { unit: 'stamps:coffee', amount: 1, pending: false, expiresAt: at('2026-03-07T23:00:00Z') }, // other unit
      ],
      window,
    )!;
    expect(after.expiring).toEqual([
      { expiresAt: at('2026-03-05T23:00:00Z'), amount: 2 },
      { expiresAt: at('2026-03-10T23:00:00Z'), amount: 15 },
      { expiresAt: window.until, amount: 6 },
    ]);
    expect(after.balances[0].balance).toEqual(bal(59, 14, 3));
  });

  it('gives up (null) when an earn goes into a negative balance: the ledger settles the debt first', () => {
    const inDebt: HolderSnapshot = { balances: [{ unit: 'points', balance: bal(-20) }], expiring: [] };
    expect(
      predictAfterEarns(inDebt, [{ unit: 'points', amount: 30, pending: false, expiresAt: null }], window),
    ).toBeNull();
    expect(
      predictAfterEarns(
        inDebt,
        [{ unit: 'stamps:coffee', amount: 1, pending: false, expiresAt: null }],
        window,
      ),
    ).not.toBeNull();
  });
});
