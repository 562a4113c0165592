/**
 * Integer arithmetic. Inputs are safe integers (numbers); products such as
 * amount * multiplierBp * pointsPer can exceed 2^53, so every intermediate
 * result is a BigInt and only final results are converted back, with a check.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import type { RoundingMode } from './types';

/** Divides non-negative `n` by positive `d` with the named rounding rule. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d <= 0n) throw new RangeError('divRound: divisor must be positive');
  if (n < 0n) throw new RangeError('divRound: dividend must be non-negative');
  const q = n / d;
  const r = n % d;
  switch (mode) {
    case 'floor':
      return q;
    case 'ceil':
      return r === 0n ? q : q + 1n;
    case 'round_half_up':
      return 2n * r >= d ? q + 1n : q;
  }
}

/** Converts back to number; throws when the result is not a safe integer. */
export function toSafeNumber(v: bigint, what: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError(ErrorCode.ARITHMETIC_OUT_OF_RANGE, `${what} exceeds the safe integer range`, {
      value: v.toString(),
    });
  }
  return Number(v);
}

/**
 * Splits the non-negative integer `total` across `weights` (non-negative)
 * proportionally with the largest remainder method: everyone gets
 * floor(total * w / W), the units left over go to the largest remainders,
 * ties to the earlier index. The parts sum to `total` exactly. A part never
 * exceeds ceil(total * w / W), and a zero weight gets zero. If every weight
 * is zero the split is equal (again by largest remainder).
 */
export function apportion(total: bigint, weights: bigint[]): bigint[] {
  if (total < 0n) throw new RangeError('apportion: total must be non-negative');
  if (weights.length === 0) {
    if (total === 0n) return [];
    throw new RangeError('apportion: nothing to apportion to');
  }
  let sum = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError('apportion: negative weight');
    sum += w;
  }
  const ws = sum === 0n ? weights.map(() => 1n) : weights;
  const W = sum === 0n ? BigInt(weights.length) : sum;
  const parts = ws.map((w) => (total * w) / W);
  const rems = ws.map((w, i) => ({ i, r: (total * w) % W }));
  let left = total - parts.reduce((a, b) => a + b, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[rems[k].i] += 1n;
  return parts;
}

export function sumBig(xs: bigint[]): bigint {
  return xs.reduce((a, b) => a + b, 0n);
}
