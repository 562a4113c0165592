import { cohortRetention } from './cohorts';
import { dayNumber, isoDay } from './dates';
import {
  aovFallingBusinessOf,
  aovFallingCustomersOf,
  categoryDroppedOf,
  cohortRetentionOf,
  customerCategoryHistories,
  customerHistories,
  dryingUpOf,
} from './histories';
import {
  detectAovFallingBusiness,
  detectAovFallingCustomers,
  detectCategoryDropped,
  detectDryingUp,
} from './trends';
import type { Purchase } from './types';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['coffee', 'pastry', 'food', 'drinks', '', 'gift'];

/**
 * Customers who visit on a rhythm, some slowing down, some stopping, some with a falling
 * basket, some dropping a category; same-day purchases, rows after asOf, '' categories,
 * and rows in random order.
 */
function randomPurchases(seed: number, customers: number): Purchase[] {
  const r = rng(seed);
  const out: Purchase[] = [];
  const base = dayNumber('2024-01-01');
  for (let c = 0; c < customers; c++) {
    const id = `c${c}`;
    const gap = 2 + Math.floor(r() * 40);
    let day = base + Math.floor(r() * 500);
    const visits = 1 + Math.floor(r() * 40);
    const slowAfter = r() < 0.3 ? Math.floor(r() * visits) : Infinity;
    const falling = r() < 0.3;
    const cats = CATEGORIES.filter(() => r() < 0.5);
    const dropAt = r() < 0.4 ? Math.floor(r() * visits) : Infinity;
    for (let v = 0; v < visits; v++) {
      const amount = Math.max(0, Math.round((falling ? 3000 - v * 60 : 1000) * (0.8 + r() * 0.4)));
      const lines = 1 + Math.floor(r() * 3);
      for (let l = 0; l < lines; l++) {
        const usable = v >= dropAt && cats.length > 1 ? cats.slice(1) : cats;
        const category = usable.length ? usable[Math.floor(r() * usable.length)] : undefined;
        out.push({ customerId: id, day: isoDay(day), amount: Math.round(amount / lines), category });
      }
      day += Math.max(1, Math.round((v >= slowAfter ? gap * 3 : gap) * (0.7 + r() * 0.6)));
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const byCustomer = <T extends { customerId: string | null }>(xs: T[]) =>
  [...xs].sort((a, b) => String(a.customerId).localeCompare(String(b.customerId)));
const byCustomerCategory = <T extends { customerId: string; evidence: { category: string } }>(xs: T[]) =>
  [...xs].sort(
    (a, b) =>
      a.customerId.localeCompare(b.customerId) || a.evidence.category.localeCompare(b.evidence.category),
  );

describe('histories: the review calculations over per-customer histories', () => {
  const asOfs = ['2025-02-28', '2025-03-17', '2024-11-30', '2025-06-01'];
  for (const seed of [1, 2, 3]) {
    it(`equal the Purchase-based detectors and cohorts on random data (seed ${seed})`, () => {
      const purchases = randomPurchases(seed, 400);
      const h = customerHistories(purchases);
      const ch = customerCategoryHistories(purchases);
      let fired = 0;
      for (const asOf of asOfs) {
        const enrolments = new Map(
          h.filter((_, i) => i % 3 === 0).map((x) => [x.customerId, isoDay(x.days[0] - 20)] as const),
        );
        enrolments.set('never-bought', asOf);
        for (const o of [{}, { minDrop: 0.02 }]) {
          expect(aovFallingBusinessOf(h, asOf, { ...o, minOrdersPerMonth: 5 })).toEqual(
            detectAovFallingBusiness(purchases, asOf, { ...o, minOrdersPerMonth: 5 }),
          );
          const mine = aovFallingCustomersOf(h, asOf, o);
          expect(byCustomer(mine)).toEqual(byCustomer(detectAovFallingCustomers(purchases, asOf, o)));
          fired += mine.length;
        }
        for (const o of [{}, { minVisits: 3, maxMedianGapDays: 60, slowdown: 1.5 }]) {
          const mine = dryingUpOf(h, asOf, o);
          expect(byCustomer(mine)).toEqual(byCustomer(detectDryingUp(purchases, asOf, o)));
          fired += mine.length;
        }
        for (const o of [{}, { recentDays: 60, minBaselineBuckets: 2, bucketDays: 45 }]) {
          const mine = categoryDroppedOf(ch, asOf, o);
          expect(byCustomerCategory(mine)).toEqual(
            byCustomerCategory(detectCategoryDropped(purchases, asOf, o)),
          );
          fired += mine.length;
        }
        expect(cohortRetentionOf(h, asOf, enrolments)).toEqual(cohortRetention(purchases, asOf, enrolments));
        expect(cohortRetentionOf(h, asOf)).toEqual(cohortRetention(purchases, asOf));
      }
      // The data set makes the detectors fire: the comparison is not between two empty lists.
      expect(fired).toBeGreaterThan(50);
    });
  }

  it('customerHistories merges same-day purchases and sorts days', () => {
    const h = customerHistories([
      { customerId: 'a', day: '2025-01-03', amount: 5 },
      { customerId: 'a', day: '2025-01-01', amount: 2 },
      { customerId: 'a', day: '2025-01-03', amount: 7 },
    ]);
    expect(h).toEqual([
      { customerId: 'a', days: [dayNumber('2025-01-01'), dayNumber('2025-01-03')], amounts: [2, 12] },
    ]);
  });
});
