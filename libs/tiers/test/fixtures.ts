/** Shared test inputs for @regulars/tiers specs. */
import type { Benefits, TierContext, TierEvent, TierProgram, TierProgramVersion } from '../src';

export const TZ = 'Europe/Berlin';

export function benefits(b: Partial<Benefits> = {}): Benefits {
  return { multiplierBp: 10000, rewardIds: [], reachBonusPoints: 0, birthdayBonusPoints: 0, ...b };
}

/** Member / Silver (reach 100.00, keep 80.00) / Gold (reach 300.00, keep 250.00) on net spend in the calendar year. */
export function program(p: Partial<TierProgram> = {}): TierProgram {
  return {
    basis: 'spend',
    window: { kind: 'calendar_year' },
    exclusions: { skus: ['GIFTCARD'], categories: ['deposit'] },
    holdPeriods: 1,
    downgrade: 'one_step',
    graceDays: 0,
    returnsCanDowngrade: false,
    tiers: [
      { id: 'member', name: 'Member', reach: 0, keep: 0, benefits: benefits() },
      {
        id: 'silver',
        name: 'Silver',
        reach: 10000,
        keep: 8000,
        benefits: benefits({ multiplierBp: 12500, reachBonusPoints: 50, rewardIds: ['silver-coffee'] }),
      },
      {
        id: 'gold',
        name: 'Gold',
        reach: 30000,
        keep: 25000,
        benefits: benefits({
          multiplierBp: 15000,
          reachBonusPoints: 200,
          birthdayBonusPoints: 100,
          rewardIds: ['gold-cake'],
        }),
      },
    ],
    ...p,
  };
}

export function versions(
  p: Partial<TierProgram> = {},
  from = '2026-01-01T00:00:00+01:00',
): TierProgramVersion[] {
  return [{ version: 1, effectiveFrom: from, program: program(p) }];
}

export function ctx(
  v: TierProgramVersion[] = versions(),
  memberSince = '2026-01-10T09:00:00+01:00',
): TierContext {
  return { memberId: 'm1', memberSince, timeZone: TZ, versions: v };
}

let n = 0;
/** A purchase of one line (category "food" unless given). */
export function buy(
  at: string,
  amount: number,
  o: {
    id?: string;
    sku?: string | null;
    category?: string | null;
    recordedAt?: string;
    points?: number;
  } = {},
): TierEvent {
  const id = o.id ?? `p${++n}`;
  return {
    kind: 'purchase',
    id,
    at,
    ...(o.recordedAt ? { recordedAt: o.recordedAt } : {}),
    lines: [
      {
        lineId: 'l1',
        sku: o.sku ?? null,
        category: o.category === undefined ? 'food' : o.category,
        quantity: 1,
        amount,
        points: o.points ?? 0,
      },
    ],
  };
}

export function ret(at: string, purchaseId: string, amount: number, quantity = 1, id?: string): TierEvent {
  return { kind: 'return', id: id ?? `r${++n}`, at, purchaseId, lines: [{ lineId: 'l1', quantity, amount }] };
}
