/**
 * The bracket maths of one version's terms: rebate(volume).
 *
 * Everything is computed exactly in bigint, in "scaled" units of 1/10000 of a
 * minor unit (so a rate in basis points times a volume is an integer), and
 * rounded once to the minor unit with the terms' named rounding rule.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { divRound } from '@regulars/rules';
import { toSafeNumber } from '@regulars/rules/arith';
import type { BracketValue, RebateTerms } from './types';

/** 1 minor unit in scaled units; also 100 % in basis points. */
export const SCALE = 10_000n;

export function checkVolume(volume: number, what = 'volume'): bigint {
  if (!Number.isSafeInteger(volume)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${what} must be a safe integer`, {
      errors: [{ path: what, message: 'must be a safe integer' }],
    });
  }
  if (volume < 0) {
    throw new DomainError(
      ErrorCode.RETURN_EXCEEDS_VOLUME,
      `${what} must not be negative (returns exceed purchases)`,
      {
        [what]: volume,
      },
    );
  }
  return BigInt(volume);
}

/**
 * Index of the bracket reached at `volume`: the last one whose threshold is
 * <= volume, or null when the volume is below the minimum volume or below
 * the first threshold (nothing is earned).
 */
export function bracketIndexAt(terms: RebateTerms, volume: number): number | null {
  if (volume < terms.minimumVolume) return null;
  let k: number | null = null;
  terms.brackets.forEach((b, i) => {
    if (b.threshold <= volume) k = i;
  });
  return k;
}

function valueOn(value: BracketValue, volume: bigint): bigint {
  switch (value.kind) {
    case 'rate':
      return BigInt(value.rateBp) * volume;
    case 'per_unit':
      return BigInt(value.amount) * SCALE * volume;
    case 'fixed':
      return BigInt(value.amount) * SCALE;
  }
}

/**
 * The exact rebate at `volume` in scaled units, the cap applied, before
 * rounding. Retroactive: the reached bracket's value on the whole volume.
 * Incremental: the sum over reached brackets of the rate on the volume
 * between the bracket's threshold and the next one (capped at `volume`), a
 * fixed amount counted once.
 */
export function scaledRebate(terms: RebateTerms, volume: bigint): bigint {
  const k = bracketIndexAt(terms, Number(volume));
  if (k === null) return 0n;
  let exact = 0n;
  if (terms.mode === 'retroactive') {
    exact = valueOn(terms.brackets[k].value, volume);
  } else {
    for (let i = 0; i <= k; i++) {
      const b = terms.brackets[i];
      const upper = i + 1 < terms.brackets.length ? BigInt(terms.brackets[i + 1].threshold) : volume;
      const top = upper < volume ? upper : volume;
      exact += valueOn(b.value, top - BigInt(b.threshold));
    }
  }
  if (terms.cap !== null) {
    const cap = BigInt(terms.cap) * SCALE;
    if (exact > cap) exact = cap;
  }
  return exact;
}

/** rebate(volume): the period's rebate in minor units under one version's terms (see README: rounding). */
export function rebate(terms: RebateTerms, volume: number): number {
  const v = checkVolume(volume);
  return toSafeNumber(divRound(scaledRebate(terms, v), SCALE, terms.rounding), 'rebate');
}

/** The value of the bracket reached at `volume`, for statements. */
export function bracketAt(
  terms: RebateTerms,
  volume: number,
): { index: number; threshold: number; value: BracketValue } | null {
  const k = bracketIndexAt(terms, volume);
  return k === null
    ? null
    : { index: k, threshold: terms.brackets[k].threshold, value: terms.brackets[k].value };
}
