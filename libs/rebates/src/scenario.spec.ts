/**
 * A year of one agreement through the library only, the way the app will wire it:
 * purchases by three buyers of a company, a return crossing back below a bracket,
 * an interim and a final settlement, a late return after close, a pooled group.
 */
import {
  accrue,
  eventContribution,
  periodAt,
  periodRebate,
  settlementDue,
  settlementStageAt,
  splitPooledCumulative,
  statement,
} from './index';
import type { RebateLine, SegmentVolume } from './index';
import { agreement, BERLIN, example, version } from '../test/fixtures';

const beans = (netAmount: number): RebateLine => ({
  sku: 'BEANS-1KG',
  category: 'coffee',
  quantity: 1,
  netAmount,
});
const grinder = (netAmount: number): RebateLine => ({
  sku: 'GRINDER',
  category: 'equipment',
  quantity: 1,
  netAmount,
});

describe('a year of a retroactive agreement (2 % from 10,000.00, 4 % from 25,000.00, equipment excluded)', () => {
  const a = agreement({ period: { kind: 'calendar_year' } });
  const versions = [
    version(1, '2026-01-01', example({ scope: { kind: 'exclude', skus: [], categories: ['equipment'] } })),
  ];

  it('accrues, claws back, settles an interim and the final, and adjusts a late return on the next document', () => {
    const store = new Map<string, SegmentVolume[]>();
    let accrued = 0;
    const post = (kind: 'purchase' | 'return', purchasedAt: string, lines: RebateLine[]) => {
      const c = eventContribution(a, versions, { kind, purchasedAt, lines }, BERLIN)!;
      const r = accrue(
        store.get(c.period.key) ?? [],
        { version: c.version, volume: c.volumeChange },
        versions,
      );
      store.set(c.period.key, r.segmentsAfter);
      accrued += r.delta;
      return r.delta;
    };
    // three buyers of one company
    expect(post('purchase', '2026-01-20T09:00:00Z', [beans(600_000), grinder(90_000)])).toBe(0); // 6,000.00: below the minimum
    expect(post('purchase', '2026-02-11T09:00:00Z', [beans(500_000)])).toBe(22_000); // 11,000.00: 2 % of everything
    expect(post('purchase', '2026-03-30T09:00:00Z', [beans(700_000)])).toBe(14_000); // 18,000.00 -> 360.00
    const period = periodAt(a.period, '2026-03-30T09:00:00Z', BERLIN)!;

    // the interim for Q1
    let paid = 0;
    const docs: number[] = [];
    const settle = (now: string, finalIssued: boolean) => {
      const stage = settlementStageAt(period, now, finalIssued);
      const due = settlementDue(stage, periodRebate(store.get(period.key)!, versions), paid);
      paid += due.amount;
      docs.push(due.amount);
      return due;
    };
    expect(settle('2026-04-01T06:00:00Z', false)).toMatchObject({ stage: 'interim', amount: 36_000 });

    expect(post('purchase', '2026-06-15T09:00:00Z', [beans(800_000)])).toBe(68_000); // 26,000.00: 4 % -> 1,040.00
    // a return crossing back below 25,000.00: the retroactive lift is clawed back
    expect(post('return', '2026-06-15T09:00:00Z', [beans(200_000)])).toBe(-56_000); // 24,000.00 -> 480.00
    const s = statement({
      agreement: a,
      versions,
      period,
      segments: store.get(period.key)!,
      paid,
      now: '2026-10-01T10:00:00Z',
      timeZone: BERLIN,
    });
    expect(s).toMatchObject({ volume: 2_400_000, accrued: 48_000, outstanding: 12_000 });
    expect(s.next).toMatchObject({ volumeNeeded: 100_000, by: '2026-12-31', worth: 52_000 });

    expect(post('purchase', '2026-12-31T23:30:00Z', [beans(300_000)])).toBe(0); // already 2027 in Berlin
    expect(post('purchase', '2026-12-31T22:00:00Z', [beans(700_000)])).toBe(76_000); // 31,000.00 -> 1,240.00 (late arrival, counted in 2026)
    expect(accrued).toBe(124_000);

    expect(settle('2027-01-05T06:00:00Z', false)).toMatchObject({ stage: 'final', amount: 88_000 });
    // a return after close of a December purchase: the closed period changes, the next document adjusts
    expect(post('return', '2026-12-31T22:00:00Z', [beans(700_000)])).toBe(-76_000);
    expect(settle('2027-02-01T06:00:00Z', true)).toMatchObject({ stage: 'adjustment', amount: -76_000 });
    expect(docs).toEqual([36_000, 88_000, -76_000]);
    expect(paid).toBe(periodRebate(store.get(period.key)!, versions));
    expect(paid).toBe(48_000);
    // the January 2027 purchase is in the next period
    expect(store.get('2027-01-01')).toEqual([{ version: 1, volume: 300_000 }]);
  });
});

describe('a pooled group of three companies', () => {
  it('one volume for the group, the payout split by contribution, exactly', () => {
    const versions = [version(1, '2026-01-01', example({ mode: 'incremental' }))];
    const a = agreement({ assignment: { kind: 'group', companyIds: ['cafe', 'office', 'bakery'] } });
    let segs: SegmentVolume[] = [];
    const by: Record<string, number> = { cafe: 0, office: 0, bakery: 0 };
    for (const [company, amount] of [
      ['cafe', 1_200_000],
      ['office', 1_000_000],
      ['bakery', 800_001],
    ] as const) {
      const c = eventContribution(
        a,
        versions,
        { kind: 'purchase', purchasedAt: '2026-05-05T10:00:00Z', lines: [beans(amount)] },
        BERLIN,
      )!;
      segs = accrue(segs, { version: c.version, volume: c.volumeChange }, versions).segmentsAfter;
      by[company] += c.volumeChange;
    }
    const total = periodRebate(segs, versions); // 2 % of 15,000.00 + 4 % of 5,000.01 = 500.0004 -> 500.00
    expect(total).toBe(50_000);
    const parts = splitPooledCumulative(
      total,
      Object.entries(by).map(([companyId, volume]) => ({ companyId, volume })),
      {},
    );
    expect(parts).toEqual([
      { companyId: 'cafe', amount: 20_000 },
      { companyId: 'office', amount: 16_667 },
      { companyId: 'bakery', amount: 13_333 },
    ]);
  });
});
