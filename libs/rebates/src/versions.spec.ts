import { accrue, eligibleVolume, eventContribution, periodRebate, rebate, versionAt } from './index';
import type { RebateLine } from './index';
import { agreement, BERLIN, example, version } from '../test/fixtures';

const line = (netAmount: number, over: Partial<RebateLine> = {}): RebateLine => ({
  sku: 'BEANS-1KG',
  category: 'coffee',
  quantity: 1,
  netAmount,
  ...over,
});

describe('eligibleVolume', () => {
  const lines = [
    line(1_000),
    line(500, { sku: 'GIFT', category: 'cards', quantity: 2 }),
    line(250, { quantity: 5 }),
  ];

  it('sums net amounts or quantities of the lines in scope', () => {
    expect(eligibleVolume(lines, { kind: 'all' }, 'net_amount')).toBe(1_750);
    expect(eligibleVolume(lines, { kind: 'all' }, 'quantity')).toBe(8);
    expect(eligibleVolume(lines, { kind: 'exclude', skus: ['GIFT'], categories: [] }, 'net_amount')).toBe(
      1_250,
    );
    expect(eligibleVolume(lines, { kind: 'include', skus: [], categories: ['coffee'] }, 'quantity')).toBe(6);
    expect(eligibleVolume(lines, { kind: 'include', skus: ['NONE'], categories: [] }, 'quantity')).toBe(0);
  });

  it('rejects negative or fractional lines, with paths', () => {
    expect(() =>
      eligibleVolume([line(-1), line(5, { quantity: 0.5 })], { kind: 'all' }, 'net_amount'),
    ).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: {
          errors: [
            { path: 'lines[0].netAmount', message: 'must be a non-negative safe integer' },
            { path: 'lines[1].quantity', message: 'must be a non-negative safe integer' },
          ],
        },
      }),
    );
  });
});

describe('versionAt', () => {
  const versions = [version(1, '2026-01-01'), version(2, '2026-07-01')];
  it('switches at local midnight of the effective date', () => {
    expect(versionAt(versions, '2026-06-30T21:59:59Z', BERLIN)?.version).toBe(1);
    expect(versionAt(versions, '2026-06-30T22:00:00Z', BERLIN)?.version).toBe(2);
    expect(versionAt(versions, '2025-12-31T22:59:59Z', BERLIN)).toBeNull();
  });
});

describe('accrual', () => {
  const v1 = [version(1, '2026-01-01')];

  it('posts rebate(after) - rebate(before), with a claw-back when a return crosses back below a bracket', () => {
    const a = accrue([{ version: 1, volume: 2_400_000 }], { version: 1, volume: 200_000 }, v1);
    expect(a).toEqual({
      segmentsBefore: [{ version: 1, volume: 2_400_000 }],
      segmentsAfter: [{ version: 1, volume: 2_600_000 }],
      volumeBefore: 2_400_000,
      volumeAfter: 2_600_000,
      rebateBefore: 48_000,
      rebateAfter: 104_000,
      delta: 56_000,
    });
    const b = accrue(a.segmentsAfter, { version: 1, volume: -150_000 }, v1);
    expect([b.rebateAfter, b.delta]).toEqual([49_000, -55_000]);
  });

  it('refuses a return of more volume than the segment holds', () => {
    expect(() => accrue([{ version: 1, volume: 100 }], { version: 1, volume: -101 }, v1)).toThrow(
      expect.objectContaining({ code: 'RETURN_EXCEEDS_VOLUME' }),
    );
  });

  it('a segment of an unknown version is an error', () => {
    expect(() => periodRebate([{ version: 7, volume: 100 }], v1)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

describe('amendments mid-period: each unit priced by its version, brackets by the whole period volume', () => {
  const better = example({
    brackets: [
      { threshold: 1_000_000, value: { kind: 'rate', rateBp: 300 } },
      { threshold: 2_500_000, value: { kind: 'rate', rateBp: 500 } },
    ],
  });
  const versions = [version(1, '2026-01-01'), version(2, '2026-07-01', better)];

  it('with one version it is rebate(V)', () => {
    for (const v of [0, 999_999, 1_000_000, 2_499_999, 2_500_000, 3_000_000]) {
      expect(periodRebate([{ version: 1, volume: v }], versions)).toBe(rebate(example(), v));
    }
  });

  it('retroactive: 20,000.00 under 2 %/4 % and 10,000.00 under 3 %/5 %: 4 % of 20,000 + 5 % of 10,000', () => {
    expect(
      periodRebate(
        [
          { version: 1, volume: 2_000_000 },
          { version: 2, volume: 1_000_000 },
        ],
        versions,
      ),
    ).toBe(80_000 + 50_000);
  });

  it('incremental: the versions blend by their share of the volume', () => {
    const incr = [
      version(1, '2026-01-01', example({ mode: 'incremental' })),
      version(2, '2026-07-01', { ...better, mode: 'incremental' }),
    ];
    // v1 alone at 30,000: 500.00; v2 alone: 3 % of 15,000 + 5 % of 5,000 = 700.00; half each -> 600.00
    expect(
      periodRebate(
        [
          { version: 1, volume: 1_500_000 },
          { version: 2, volume: 1_500_000 },
        ],
        incr,
      ),
    ).toBe(60_000);
  });

  it('an amendment in force from 1 July prices purchases from then on, in the same period', () => {
    const a = agreement();
    const before = eventContribution(
      a,
      versions,
      { kind: 'purchase', purchasedAt: '2026-06-30T12:00:00Z', lines: [line(2_000_000)] },
      BERLIN,
    );
    const after = eventContribution(
      a,
      versions,
      { kind: 'purchase', purchasedAt: '2026-07-01T12:00:00Z', lines: [line(1_000_000)] },
      BERLIN,
    );
    expect([before?.version, after?.version, before?.period.key, after?.period.key]).toEqual([
      1,
      2,
      '2026-01-01',
      '2026-01-01',
    ]);
    const s1 = accrue([], { version: before!.version, volume: before!.volumeChange }, versions);
    const s2 = accrue(s1.segmentsAfter, { version: after!.version, volume: after!.volumeChange }, versions);
    expect([s1.delta, s2.delta, s1.delta + s2.delta]).toEqual([40_000, 90_000, 130_000]);
  });
});

describe('eventContribution', () => {
  const versions = [
    version(1, '2026-01-01', example({ scope: { kind: 'exclude', skus: ['GIFT'], categories: [] } })),
  ];
  const a = agreement();

  it('a purchase adds its eligible volume; a return takes it back in the purchase period, even after the period', () => {
    const lines = [line(1_000), line(300, { sku: 'GIFT' })];
    expect(
      eventContribution(
        a,
        versions,
        { kind: 'purchase', purchasedAt: '2026-03-01T10:00:00Z', lines },
        BERLIN,
      ),
    ).toEqual({
      period: expect.objectContaining({ key: '2026-01-01' }),
      version: 1,
      volumeChange: 1_000,
    });
    // the return arrives in 2027 but is of a 2026 purchase
    expect(
      eventContribution(
        a,
        versions,
        { kind: 'return', purchasedAt: '2026-12-31T20:00:00Z', lines: [line(400)] },
        BERLIN,
      ),
    ).toEqual({ period: expect.objectContaining({ key: '2026-01-01' }), version: 1, volumeChange: -400 });
  });

  it('nothing before the first version or outside every period', () => {
    expect(
      eventContribution(
        a,
        versions,
        { kind: 'purchase', purchasedAt: '2025-12-31T22:00:00Z', lines: [line(1)] },
        BERLIN,
      ),
    ).toBeNull();
    const custom = agreement({
      period: { kind: 'custom', periods: [{ from: '2026-02-01', to: '2026-02-28' }] },
    });
    expect(
      eventContribution(
        custom,
        versions,
        { kind: 'purchase', purchasedAt: '2026-03-02T10:00:00Z', lines: [line(1)] },
        BERLIN,
      ),
    ).toBeNull();
  });
});
