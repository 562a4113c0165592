import { periodAt, statement } from './index';
import type { AgreementVersion, SegmentVolume } from './index';
import { agreement, example, version } from '../test/fixtures';

const UTC = 'UTC';
const a = agreement();
const period2026 = periodAt({ kind: 'calendar_year' }, '2026-06-01T00:00:00Z', UTC)!;
const st = (
  segments: SegmentVolume[],
  now: string,
  versions: AgreementVersion[] = [version(1, '2026-01-01')],
  paid = 0,
) => statement({ agreement: a, versions, period: period2026, segments, paid, now, timeZone: UTC });

describe('statement', () => {
  it('"spend 3,400.00 more by 31 Dec to reach 4 %: worth 1,136.00 more", as data', () => {
    const terms = example({
      brackets: [
        { threshold: 1_000_000, value: { kind: 'rate', rateBp: 200 } },
        { threshold: 5_340_000, value: { kind: 'rate', rateBp: 400 } },
      ],
    });
    const s = st(
      [{ version: 1, volume: 5_000_000 }],
      '2026-10-01T00:00:00Z',
      [version(1, '2026-01-01', terms)],
      40_000,
    );
    expect(s).toMatchObject({
      version: 1,
      mode: 'retroactive',
      volume: 5_000_000,
      minimumReached: true,
      current: { index: 0, threshold: 1_000_000, value: { kind: 'rate', rateBp: 200 } },
      accrued: 100_000,
      paid: 40_000,
      outstanding: 60_000,
      capReached: false,
      next: {
        index: 1,
        threshold: 5_340_000,
        value: { kind: 'rate', rateBp: 400 },
        target: 5_340_000,
        volumeNeeded: 340_000,
        by: '2026-12-31',
        rebateAtTarget: 213_600,
        worth: 113_600,
      },
    });
  });

  it('below the minimum the next step is the minimum', () => {
    const s = st([{ version: 1, volume: 800_000 }], '2026-03-01T00:00:00Z');
    expect(s.current).toBeNull();
    expect(s.minimumReached).toBe(false);
    expect(s.next).toMatchObject({
      index: 0,
      target: 1_000_000,
      volumeNeeded: 200_000,
      rebateAtTarget: 20_000,
      worth: 20_000,
    });
  });

  it('incremental: the next bracket is worth its rate on the missing volume only', () => {
    const s = st([{ version: 1, volume: 2_000_000 }], '2026-03-01T00:00:00Z', [
      version(1, '2026-01-01', example({ mode: 'incremental' })),
    ]);
    expect(s.accrued).toBe(20_000);
    expect(s.next).toMatchObject({ target: 2_500_000, rebateAtTarget: 30_000, worth: 10_000 });
  });

  it('projection at the current run rate: linear over elapsed time (90 of 365 days)', () => {
    const s = st([{ version: 1, volume: 5_000_000 }], '2026-04-01T00:00:00Z');
    expect(s.projection).toEqual({
      elapsedMs: 90 * 86_400_000,
      lengthMs: 365 * 86_400_000,
      volume: 20_277_777, // floor(5,000,000 * 365 / 90)
      rebate: 811_111, // 4 % of 202,777.77 = 8,111.1108 -> 8,111.11
    });
  });

  it('no projection in the first day; counting starts at the first version when it starts mid-period', () => {
    expect(st([{ version: 1, volume: 10 }], '2026-01-01T12:00:00Z').projection).toBeNull();
    const s = st([{ version: 1, volume: 1_000_000 }], '2026-07-31T00:00:00Z', [version(1, '2026-07-01')]);
    expect(s.projection).toMatchObject({
      elapsedMs: 30 * 86_400_000,
      lengthMs: 184 * 86_400_000,
      volume: 6_133_333,
    });
  });

  it('top bracket reached, cap reached, period over: no next step', () => {
    expect(st([{ version: 1, volume: 3_000_000 }], '2026-05-01T00:00:00Z').next).toBeNull();
    const capped = st([{ version: 1, volume: 3_000_000 }], '2026-05-01T00:00:00Z', [
      version(1, '2026-01-01', example({ cap: 100_000 })),
    ]);
    expect([capped.accrued, capped.capReached]).toEqual([100_000, true]);
    const over = st([{ version: 1, volume: 2_000_000 }], '2027-02-01T00:00:00Z');
    expect(over.next).toBeNull();
    expect(over.projection).toMatchObject({ volume: 2_000_000, rebate: 40_000 });
  });

  it('before the first version: nothing in force', () => {
    const s = st([], '2026-03-01T00:00:00Z', [version(1, '2026-09-01')]);
    expect(s).toMatchObject({
      version: null,
      mode: null,
      current: null,
      next: null,
      projection: null,
      accrued: 0,
    });
  });

  it('describes the version in force now, with the amended rates for the missing volume', () => {
    const better = example({
      brackets: [
        { threshold: 1_000_000, value: { kind: 'rate', rateBp: 300 } },
        { threshold: 2_500_000, value: { kind: 'rate', rateBp: 500 } },
      ],
    });
    const s = st([{ version: 1, volume: 2_000_000 }], '2026-08-01T00:00:00Z', [
      version(1, '2026-01-01'),
      version(2, '2026-07-01', better),
    ]);
    expect(s.version).toBe(2);
    expect(s.current?.value).toEqual({ kind: 'rate', rateBp: 300 });
    // at 25,000.00: 4 % of 20,000.00 (v1) + 5 % of 5,000.00 (v2) = 1,050.00; now 2 % of 20,000.00 = 400.00
    expect(s.next).toMatchObject({ target: 2_500_000, rebateAtTarget: 105_000, worth: 65_000 });
  });
});
