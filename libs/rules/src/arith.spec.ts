import { apportion, divRound, toSafeNumber } from './arith';

describe('divRound: named rounding rules at .5 boundaries', () => {
  it.each([
    // n / d, floor, round_half_up, ceil
    [250n, 100n, 2n, 3n, 3n], // 2.5
    [249n, 100n, 2n, 2n, 3n], // 2.49
    [251n, 100n, 2n, 3n, 3n], // 2.51
    [200n, 100n, 2n, 2n, 2n], // exact
    [1n, 2n, 0n, 1n, 1n], // 0.5
    [0n, 7n, 0n, 0n, 0n],
    [5n, 10n, 0n, 1n, 1n],
    [4n, 10n, 0n, 0n, 1n],
  ])('%s / %s', (n, d, floor, half, ceil) => {
    expect(divRound(n, d, 'floor')).toBe(floor);
    expect(divRound(n, d, 'round_half_up')).toBe(half);
    expect(divRound(n, d, 'ceil')).toBe(ceil);
  });

  it('is exact beyond 2^53', () => {
    const big = 2n ** 70n + 1n;
    expect(divRound(big * 3n, 3n, 'floor')).toBe(big);
  });

  it('refuses negative dividends and non-positive divisors', () => {
    expect(() => divRound(-1n, 2n, 'floor')).toThrow(RangeError);
    expect(() => divRound(1n, 0n, 'floor')).toThrow(RangeError);
  });
});

describe('apportion (largest remainder)', () => {
  it('splits proportionally and sums exactly', () => {
    expect(apportion(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]); // tie -> earlier index
    expect(apportion(60n, [900n, 400n])).toEqual([42n, 18n]); // 41.54 / 18.46
    expect(apportion(7n, [0n, 5n, 2n])).toEqual([0n, 5n, 2n]);
  });

  it('gives the leftover unit to the largest remainder', () => {
    // exact shares 1.2, 1.8 -> 1, 2
    expect(apportion(3n, [2n, 3n])).toEqual([1n, 2n]);
  });

  it('splits equally when all weights are zero', () => {
    expect(apportion(5n, [0n, 0n])).toEqual([3n, 2n]);
  });

  it('refuses to apportion a positive total to nobody', () => {
    expect(() => apportion(1n, [])).toThrow(RangeError);
    expect(apportion(0n, [])).toEqual([]);
  });
});

describe('toSafeNumber', () => {
  it('returns a safe integer and refuses one beyond the range with its own code', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'points')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'points')).toThrow(
      expect.objectContaining({ code: 'ARITHMETIC_OUT_OF_RANGE', details: { value: '9007199254740992' } }),
    );
  });
});
