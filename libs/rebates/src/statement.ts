/**
 * Statements: where a company (or pooled group) stands in a period, as data.
 * For the company: volume so far, the bracket reached and its value, the
 * accrued rebate, and what the next bracket is worth ("spend 3,400.00 more by
 * 31 Dec to reach 4 %: worth 1,136.00 more"). For the business: the same plus
 * the projected period-end volume and rebate at the current run rate.
 */
import { toInstant } from '@regulars/rules/time';
import { bracketIndexAt } from './brackets';
import { startOfLocalDate } from './period';
import { normaliseSegments, periodRebate, versionAt } from './versions';
import type {
  AgreementVersion,
  BracketValue,
  Period,
  RebateAgreement,
  RebateMode,
  SegmentVolume,
} from './types';

const DAY_MS = 86_400_000;

export interface StatementInput {
  agreement: RebateAgreement;
  versions: AgreementVersion[];
  period: Period;
  /** The period's volumes per version (what the caller stores). */
  segments: SegmentVolume[];
  /** Sum of the period's settlement documents so far (default 0). */
  paid?: number;
  now: string | Date;
  timeZone: string;
}

export interface BracketInfo {
  index: number;
  threshold: number;
  value: BracketValue;
}

export interface NextBracket extends BracketInfo {
  /** The volume at which it is reached (its threshold, or the minimum volume if that is higher). */
  target: number;
  /** target - volume: "spend 3,400.00 more" (minor units, or units on the quantity basis). */
  volumeNeeded: number;
  /** Last local day of the period: "by 31 Dec". */
  by: string;
  /** The period's rebate if the missing volume came now, under the version in force. */
  rebateAtTarget: number;
  /** rebateAtTarget - accrued: "worth 1,136.00 more". */
  worth: number;
}

export interface Projection {
  /** Counting starts at the later of the period's start and the first version's date. */
  elapsedMs: number;
  lengthMs: number;
  /** floor(volume * lengthMs / elapsedMs). */
  volume: number;
  /** The period's rebate at the projected volume, the extra volume under the version in force. */
  rebate: number;
}

export interface Statement {
  period: Period;
  basis: RebateAgreement['basis'];
  /** The version in force now (at the period's last instant once it is over); null before the first one. */
  version: number | null;
  mode: RebateMode | null;
  volume: number;
  minimumVolume: number | null;
  minimumReached: boolean;
  /** The bracket reached (null below the minimum or the first threshold). */
  current: BracketInfo | null;
  /** The accrued rebate: rebate(volume) under the version rule. */
  accrued: number;
  paid: number;
  /** accrued - paid. */
  outstanding: number;
  capReached: boolean;
  /** Null when the top bracket is reached, the period is over, or no version is in force. */
  next: NextBracket | null;
  /** Null in the first 24 hours of counting (too little data) or before the first version. */
  projection: Projection | null;
}

function withExtra(segments: SegmentVolume[], version: number, extra: number): SegmentVolume[] {
  return normaliseSegments([...segments, { version, volume: extra }]);
}

/** A statement of one period at the instant `now`. */
export function statement(input: StatementInput): Statement {
  const { agreement, versions, period, timeZone } = input;
  const segments = normaliseSegments(input.segments);
  const now = toInstant(input.now, 'now');
  const start = toInstant(period.start, 'period.start');
  const end = toInstant(period.end, 'period.end');
  const volume = segments.reduce((a, s) => a + s.volume, 0);
  const accrued = periodRebate(segments, versions);
  const paid = input.paid ?? 0;
  const at = Math.max(start, Math.min(now, end - 1));
  const v = versionAt(versions, new Date(at), timeZone);
  const base: Statement = {
    period,
    basis: agreement.basis,
    version: v?.version ?? null,
    mode: v?.terms.mode ?? null,
    volume,
    minimumVolume: v?.terms.minimumVolume ?? null,
    minimumReached: v !== null && volume >= v.terms.minimumVolume,
    current: null,
    accrued,
    paid,
    outstanding: accrued - paid,
    capReached: v !== null && v.terms.cap !== null && accrued >= v.terms.cap,
    next: null,
    projection: null,
  };
  if (!v) return base;
  const terms = v.terms;
  const cur = bracketIndexAt(terms, volume);
  if (cur !== null)
    base.current = { index: cur, threshold: terms.brackets[cur].threshold, value: terms.brackets[cur].value };

  if (now < end) {
    const candidates = [...terms.brackets.map((b) => b.threshold), terms.minimumVolume]
      .filter((w) => w > volume)
      .sort((a, b) => a - b);
    for (const target of candidates) {
      const k = bracketIndexAt(terms, target);
      if (k === null || k === cur) continue;
      const rebateAtTarget = periodRebate(withExtra(segments, v.version, target - volume), versions);
      base.next = {
        index: k,
        threshold: terms.brackets[k].threshold,
        value: terms.brackets[k].value,
        target,
        volumeNeeded: target - volume,
        by: period.endDate,
        rebateAtTarget,
        worth: rebateAtTarget - accrued,
      };
      break;
    }
  }

  const firstVersion = versions.reduce<string | undefined>(
    (m, x) => (m === undefined || x.effectiveFrom < m ? x.effectiveFrom : m),
    undefined,
  );
  const countFrom = Math.max(start, firstVersion ? startOfLocalDate(firstVersion, timeZone) : start);
  const lengthMs = end - countFrom;
  const elapsedMs = Math.min(now, end) - countFrom;
  if (elapsedMs >= DAY_MS && lengthMs > 0) {
    const projected = Number((BigInt(volume) * BigInt(lengthMs)) / BigInt(elapsedMs));
    base.projection = {
      elapsedMs,
      lengthMs,
      volume: projected,
      rebate: periodRebate(withExtra(segments, v.version, projected - volume), versions),
    };
  }
  return base;
}
