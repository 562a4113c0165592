/**
 * Several versions of the terms within one period (amendments), and the
 * accrual of events.
 *
 * Version rule (see README, "Amendments"): every unit of volume is priced by
 * the version in force when it was bought, and every version sees the
 * period's whole volume to find the bracket. With segment volumes v_s
 * (volume bought under version s) and V = sum of v_s:
 *
 *     rebate(v_1..v_n) = round( sum_s exact_s(V) * v_s / V )
 *
 * where exact_s(V) is version s's exact, capped rebate at the whole volume V.
 * With a single version this is exactly rebate(V). The result is a function
 * of the segment volumes only, so the accrual deltas of any sequence of
 * events add up to it exactly.
 */
import { DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { divRound, ruleSetInForce } from '@regulars/rules';
import { toSafeNumber } from '@regulars/rules/arith';
import { checkVolume, scaledRebate, SCALE } from './brackets';
import { periodAt, startOfLocalDate } from './period';
import { eligibleVolume } from './volume';
import type { AgreementVersion, Period, RebateAgreement, RebateLine, SegmentVolume } from './types';

/**
 * The version in force at the instant `at`: the one with the latest
 * effectiveFrom (start of that local date in `timeZone`) <= at; null when
 * none was in force yet.
 */
export function versionAt(
  versions: AgreementVersion[],
  at: string | Date,
  timeZone: string,
): AgreementVersion | null {
  const found = ruleSetInForce(
    versions.map((v) => ({
      version: v.version,
      effectiveFrom: new Date(startOfLocalDate(v.effectiveFrom, timeZone)),
      ruleSet: v,
    })),
    at,
  );
  return found ? found.ruleSet : null;
}

function byNumber(versions: AgreementVersion[]): Map<number, AgreementVersion> {
  return new Map(versions.map((v) => [v.version, v]));
}

/** Sums duplicate rows and drops empty ones; ordered by version. Throws on a negative or malformed volume. */
export function normaliseSegments(segments: SegmentVolume[]): SegmentVolume[] {
  const sums = new Map<number, bigint>();
  for (const s of segments) {
    if (!Number.isSafeInteger(s.volume)) checkVolume(s.volume, 'segment volume');
    sums.set(s.version, (sums.get(s.version) ?? 0n) + BigInt(s.volume));
  }
  return [...sums.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([version, v]) => ({
      version,
      volume: Number(checkVolume(toSafeNumber(v, 'segment volume'), 'segment volume')),
    }))
    .filter((s) => s.volume !== 0);
}

/**
 * The period's rebate (minor units) for its segment volumes, under the
 * version rule above. Rounded once, with the rounding of the latest version
 * that has volume.
 */
export function periodRebate(segments: SegmentVolume[], versions: AgreementVersion[]): number {
  const segs = normaliseSegments(segments);
  if (segs.length === 0) return 0;
  const known = byNumber(versions);
  let total = 0n;
  for (const s of segs) total += BigInt(s.volume);
  let numerator = 0n;
  let rounding = 'floor' as AgreementVersion['terms']['rounding'];
  for (const s of segs) {
    const v = known.get(s.version);
    if (!v) throw new NotFoundError('agreement version', { version: s.version });
    numerator += scaledRebate(v.terms, total) * BigInt(s.volume);
    rounding = v.terms.rounding;
  }
  return toSafeNumber(divRound(numerator, SCALE * total, rounding), 'rebate');
}

export interface Accrual {
  segmentsBefore: SegmentVolume[];
  segmentsAfter: SegmentVolume[];
  volumeBefore: number;
  volumeAfter: number;
  rebateBefore: number;
  rebateAfter: number;
  /** rebateAfter - rebateBefore: to post into the accrual liability; negative = claw-back. */
  delta: number;
}

function totalVolume(segs: SegmentVolume[]): number {
  return segs.reduce((a, s) => a + s.volume, 0);
}

/**
 * The accrual of one event: its signed volume change (purchase +, return -)
 * applied to the segment of `version`; delta = rebate(after) - rebate(before).
 */
export function accrue(
  segments: SegmentVolume[],
  change: { version: number; volume: number },
  versions: AgreementVersion[],
): Accrual {
  const before = normaliseSegments(segments);
  if (!Number.isSafeInteger(change.volume)) checkVolume(change.volume, 'volume change');
  const row = before.find((s) => s.version === change.version)?.volume ?? 0;
  if (row + change.volume < 0) {
    throw new DomainError(
      ErrorCode.RETURN_EXCEEDS_VOLUME,
      'the return takes away more volume than was bought',
      {
        version: change.version,
        volume: row,
        change: change.volume,
      },
    );
  }
  const after = normaliseSegments([...before, change]);
  const rebateBefore = periodRebate(before, versions);
  const rebateAfter = periodRebate(after, versions);
  return {
    segmentsBefore: before,
    segmentsAfter: after,
    volumeBefore: totalVolume(before),
    volumeAfter: totalVolume(after),
    rebateBefore,
    rebateAfter,
    delta: rebateAfter - rebateBefore,
  };
}

/** A purchase, or a return of (part of) a purchase, of a company covered by the agreement. */
export interface RebateEvent {
  kind: 'purchase' | 'return';
  /**
   * When the purchase was made (for a return: the original purchase). A
   * return counts in the period and under the version of its purchase, so it
   * takes back exactly the volume the purchase added.
   */
  purchasedAt: string | Date;
  /** For a return: the returned quantities and refunded net amounts. */
  lines: RebateLine[];
}

export interface EventContribution {
  period: Period;
  version: number;
  /** Signed: positive for a purchase, negative for a return. */
  volumeChange: number;
}

/**
 * Where an event counts: its period, the version in force at the purchase,
 * and its signed eligible volume under that version's scope. Null when no
 * period covers the purchase or no version was in force yet.
 */
export function eventContribution(
  agreement: RebateAgreement,
  versions: AgreementVersion[],
  event: RebateEvent,
  timeZone: string,
): EventContribution | null {
  const period = periodAt(agreement.period, event.purchasedAt, timeZone);
  const version = versionAt(versions, event.purchasedAt, timeZone);
  if (!period || !version) return null;
  const volume = eligibleVolume(event.lines, version.terms.scope, agreement.basis);
  return {
    period,
    version: version.version,
    volumeChange: event.kind === 'return' && volume > 0 ? -volume : volume,
  };
}
