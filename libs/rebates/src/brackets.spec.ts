import { rebate, bracketAt } from './index';
import { example } from '../test/fixtures';

describe('rebate(volume): the worked example of issue 16', () => {
  const retro = example({ mode: 'retroactive' });
  const incr = example({ mode: 'incremental' });

  it('at 30,000.00 retroactive pays 1,200.00 and incremental 500.00', () => {
    expect(rebate(retro, 3_000_000)).toBe(120_000);
    expect(rebate(incr, 3_000_000)).toBe(50_000);
  });

  it('incremental: 2 % on 10,000.00..25,000.00 (300.00) plus 4 % on 25,000.00..30,000.00 (200.00); nothing below the first threshold', () => {
    expect(rebate(incr, 2_500_000)).toBe(30_000);
    expect(rebate(incr, 1_000_000)).toBe(0);
    expect(rebate(incr, 1_000_100)).toBe(2);
  });

  it('the retroactive cliff: 500.00 at 24,999.99, 1,000.00 at 25,000.00', () => {
    expect(rebate(retro, 2_499_999)).toBe(50_000);
    expect(rebate(retro, 2_500_000)).toBe(100_000);
    // incremental has no cliff
    expect(rebate(incr, 2_499_999)).toBe(30_000);
    expect(rebate(incr, 2_500_000)).toBe(30_000);
  });

  it('the minimum is a gate: nothing below 10,000.00, 2 % of everything at it (retroactive)', () => {
    expect(rebate(retro, 999_999)).toBe(0);
    expect(rebate(retro, 1_000_000)).toBe(20_000);
    expect(rebate(retro, 0)).toBe(0);
  });

  it('a minimum above the first threshold gates without deducting (incremental counts from the threshold)', () => {
    const t = example({ mode: 'incremental', minimumVolume: 1_200_000 });
    expect(rebate(t, 1_199_999)).toBe(0);
    expect(rebate(t, 1_200_000)).toBe(4_000); // 2 % of 2,000.00
  });

  it('bracketAt names the reached bracket', () => {
    expect(bracketAt(retro, 999_999)).toBeNull();
    expect(bracketAt(retro, 2_499_999)).toEqual({
      index: 0,
      threshold: 1_000_000,
      value: { kind: 'rate', rateBp: 200 },
    });
    expect(bracketAt(retro, 2_500_000)?.index).toBe(1);
  });
});

describe('rounding, exactly and at the boundaries', () => {
  const flat = (rateBp: number, rounding: 'floor' | 'round_half_up' | 'ceil') =>
    example({ brackets: [{ threshold: 0, value: { kind: 'rate', rateBp } }], minimumVolume: 0, rounding });

  it('round_half_up (default): x.5 goes up, just below goes down', () => {
    // 1 % of 50 = 0.5 minor units -> 1; of 49 = 0.49 -> 0
    expect(rebate(flat(100, 'round_half_up'), 50)).toBe(1);
    expect(rebate(flat(100, 'round_half_up'), 49)).toBe(0);
    expect(rebate(flat(100, 'round_half_up'), 150)).toBe(2);
  });

  it('floor and ceil', () => {
    expect(rebate(flat(100, 'floor'), 199)).toBe(1);
    expect(rebate(flat(100, 'floor'), 200)).toBe(2);
    expect(rebate(flat(100, 'ceil'), 101)).toBe(2);
    expect(rebate(flat(100, 'ceil'), 100)).toBe(1);
    // the cliff example under floor would be 499.99
    expect(rebate(example({ rounding: 'floor' }), 2_499_999)).toBe(49_999);
  });

  it('is exact at 10^13 minor units x 10^4 bp, where floating point is not', () => {
    const V = 9_999_999_999_999; // just under 10^13
    expect(rebate(flat(10_000, 'floor'), 10_000_000_000_000)).toBe(10_000_000_000_000);
    expect(rebate(flat(9_999, 'floor'), V)).toBe(9_998_999_999_999); // 9,998,999,999,999.0001
    expect(rebate(flat(9_999, 'ceil'), V)).toBe(9_999_000_000_000);
    expect(rebate(flat(3_333, 'round_half_up'), V)).toBe(3_333_000_000_000); // 3,332,999,999,999.6667 -> up
    expect(rebate(flat(5_000, 'round_half_up'), V)).toBe(5_000_000_000_000); // 4,999,999,999,999.5 -> up
    expect(rebate(flat(5_000, 'floor'), V)).toBe(4_999_999_999_999);
    // 8191 bp of 9,999,999,997,623 = 8,190,999,998,052.9993: floating point rounds the product up and gets ...053
    expect(rebate(flat(8_191, 'floor'), 9_999_999_997_623)).toBe(8_190_999_998_052);
    expect(Math.floor((9_999_999_997_623 * 8_191) / 10_000)).toBe(8_190_999_998_053);
  });

  it('throws for a negative or non-integer volume', () => {
    expect(() => rebate(example(), -1)).toThrow(expect.objectContaining({ code: 'RETURN_EXCEEDS_VOLUME' }));
    expect(() => rebate(example(), 1.5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('fixed amounts, per unit and the cap', () => {
  it('retroactive fixed: the reached bracket pays its amount', () => {
    const t = example({
      brackets: [
        { threshold: 1_000_000, value: { kind: 'rate', rateBp: 200 } },
        { threshold: 5_000_000, value: { kind: 'fixed', amount: 150_000 } },
      ],
    });
    expect(rebate(t, 4_999_999)).toBe(100_000);
    expect(rebate(t, 5_000_000)).toBe(150_000);
    expect(rebate(t, 9_000_000)).toBe(150_000);
  });

  it('incremental fixed: each reached bracket adds its amount once', () => {
    const t = example({
      mode: 'incremental',
      minimumVolume: 0,
      brackets: [
        { threshold: 100, value: { kind: 'fixed', amount: 1_000 } },
        { threshold: 200, value: { kind: 'fixed', amount: 2_000 } },
      ],
    });
    expect(rebate(t, 99)).toBe(0);
    expect(rebate(t, 150)).toBe(1_000);
    expect(rebate(t, 200)).toBe(3_000);
  });

  it('per unit on the quantity basis: 0.50 per kg from 1,000 kg, 0.75 from 5,000 kg', () => {
    const t = example({
      minimumVolume: 0,
      brackets: [
        { threshold: 1_000, value: { kind: 'per_unit', amount: 50 } },
        { threshold: 5_000, value: { kind: 'per_unit', amount: 75 } },
      ],
    });
    expect(rebate(t, 999)).toBe(0);
    expect(rebate(t, 1_000)).toBe(50_000);
    expect(rebate(t, 6_000)).toBe(450_000);
    expect(rebate({ ...t, mode: 'incremental' }, 6_000)).toBe(4_000 * 50 + 1_000 * 75);
  });

  it('the cap bounds the rebate', () => {
    expect(rebate(example({ cap: 100_000 }), 3_000_000)).toBe(100_000);
    expect(rebate(example({ cap: 100_000 }), 2_000_000)).toBe(40_000);
  });
});
