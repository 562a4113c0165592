import fc from 'fast-check';
import { predictAfterEarns } from '../../apps/api/src/pos/predict';
import { key, member, newBusiness, setupLedgerDb, type LedgerTestDb } from '../../libs/ledger/test/helpers';

/**
 * The one-call purchase stores an answer whose balances and "expiring soon"
 * list are predicted by the app (predictAfterEarns) before the ledger writes
 * the earns; inside the call only the balances are compared with what
 * ledger_earn() returns. This property checks the whole prediction, the
 * expiring list included, against the ledger's own snapshot after real earns
 * on PostgreSQL, from random histories (earns available or pending, with and
 * without expiry, some lapsing inside the window, spends) and random purchase
 * postings.
 */
const DAY = 86_400_000;
const NOW = new Date('2026-06-01T10:00:00Z');
const WINDOW = { expiringUnit: 'points', from: NOW, until: new Date(NOW.getTime() + 30 * DAY) };
const UNITS = ['points', 'stamps:coffee', 'stamps:bagel'];

interface EarnSpec {
  unit: number;
  amount: number;
  /** days from NOW; null = no expiry (stamps never expire in practice, points may) */
  expiresInDays: number | null;
  /** pending until NOW + days; null = available at once */
  pendingDays: number | null;
}

const earnArb: fc.Arbitrary<EarnSpec> = fc.record({
  unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
  amount: fc.integer({ min: 1, max: 60 }),
  // 1..60 days: about half inside the 30-day window; the window's end itself is a boundary case
  expiresInDays: fc.option(fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(30)), { nil: null }),
  pendingDays: fc.option(fc.integer({ min: 1, max: 14 }), { nil: null, freq: 3 }),
});

describe('predictAfterEarns agrees with the ledger on PostgreSQL', () => {
  let t: LedgerTestDb;
  beforeAll(async () => {
    t = await setupLedgerDb('predict');
  });
  afterAll(async () => t.close());

  const earn = (b: string, holder: string, e: EarnSpec, at: Date) =>
    t.ledger.earn({
      businessId: b,
      idempotencyKey: key(),
      at,
      account: member(holder, UNITS[e.unit]),
      amount: e.amount,
      expiresAt: e.expiresInDays === null ? null : new Date(NOW.getTime() + e.expiresInDays * DAY),
      pendingUntil: e.pendingDays === null ? null : new Date(NOW.getTime() + e.pendingDays * DAY),
    });

  it('balances and the expiring list after random purchase earns, from random histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(earnArb, { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 2 }),
        fc.array(earnArb, { minLength: 1, maxLength: 4 }),
        async (history, spends, purchase) => {
          const b = newBusiness();
          const holder = 'm1';
          const past = new Date(NOW.getTime() - 3 * DAY);
          for (const e of history) await earn(b, holder, e, past);
          for (const amount of spends) {
            const bal = await t.ledger.holderBalances({
              businessId: b,
              ownerType: 'member',
              ownerId: holder,
            });
            const points = bal.find((x) => x.unit === 'points')?.balance.available ?? 0;
            if (amount <= points)
              await t.ledger.spend({
                businessId: b,
                idempotencyKey: key(),
                at: past,
                account: member(holder),
                amount,
              });
          }
          const snapshot = () =>
            t.ledger.holderSnapshot({
              businessId: b,
              ownerType: 'member',
              ownerId: holder,
              expiringUnit: WINDOW.expiringUnit,
              from: WINDOW.from,
              until: WINDOW.until,
            });
          const before = await snapshot();
          const predicted = predictAfterEarns(
            before,
            purchase.map((e) => ({
              unit: UNITS[e.unit],
              amount: e.amount,
              pending: e.pendingDays !== null,
              expiresAt: e.expiresInDays === null ? null : new Date(NOW.getTime() + e.expiresInDays * DAY),
            })),
            WINDOW,
          );
          for (const e of purchase) await earn(b, holder, e, NOW);
          expect(predicted).toEqual(await snapshot());
        },
      ),
      { numRuns: 60 },
    );
  });
});
