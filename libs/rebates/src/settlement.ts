/**
 * Settlement maths. A period is paid out by documents (interim settlements,
 * the final settlement, later adjustments); each one pays the difference
 * between what is owed now and what was already paid, so together they pay
 * exactly rebate(final volume), whatever the order of events in between.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { apportion } from '@regulars/rules';
import { toSafeNumber } from '@regulars/rules/arith';
import { toInstant } from '@regulars/rules/time';

/**
 * - interim: during the period, pays what has accrued minus what was paid, never less than 0
 *   (an interim never claws back: a shortfall after returns is carried to the next settlement);
 * - final: at the period's end, rebate(final volume) minus what was paid; negative = the company owes it back;
 * - adjustment: after the final settlement, when a late event (e.g. a return after close) changed the
 *   closed period's rebate: the same difference, carried as an adjustment line on the next document.
 *   The closed documents are never edited.
 */
export type SettlementStage = 'interim' | 'final' | 'adjustment';

export interface SettlementDue {
  stage: SettlementStage;
  /** The period's rebate now (= its accrued total). */
  rebate: number;
  /** Sum of the amounts of every earlier document of the period (interims, final, adjustments). */
  alreadyPaid: number;
  /** To pay on this document (negative: to claw back). 0 = nothing to issue. */
  amount: number;
  /** Interim only: the negative difference carried to the next settlement (0 otherwise). */
  carried: number;
}

function int(v: number, what: string): number {
  if (!Number.isSafeInteger(v)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${what} must be a safe integer`, {
      errors: [{ path: what, message: 'must be a safe integer' }],
    });
  }
  return v;
}

/** The amount of a settlement document of a period (see SettlementStage). */
export function settlementDue(stage: SettlementStage, rebate: number, alreadyPaid: number): SettlementDue {
  int(rebate, 'rebate');
  int(alreadyPaid, 'alreadyPaid');
  if (rebate < 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'rebate must not be negative', {
      errors: [{ path: 'rebate', message: 'must not be negative' }],
    });
  }
  const diff = rebate - alreadyPaid;
  if (stage === 'interim' && diff < 0) return { stage, rebate, alreadyPaid, amount: 0, carried: diff };
  return { stage, rebate, alreadyPaid, amount: diff, carried: 0 };
}

export interface Contribution {
  companyId: string;
  /** The company's net eligible volume of the period (its buyers' purchases minus returns), >= 0. */
  volume: number;
}

export interface CompanyAmount {
  companyId: string;
  amount: number;
}

function weights(contributions: Contribution[]): bigint[] {
  const seen = new Set<string>();
  return contributions.map((c, i) => {
    if (seen.has(c.companyId)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'duplicate company in contributions', {
        errors: [{ path: `contributions[${i}].companyId`, message: `duplicate company "${c.companyId}"` }],
      });
    }
    seen.add(c.companyId);
    if (!Number.isSafeInteger(c.volume) || c.volume < 0) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'contribution volumes must be non-negative integers',
        {
          errors: [{ path: `contributions[${i}].volume`, message: 'must be a non-negative safe integer' }],
        },
      );
    }
    return BigInt(c.volume);
  });
}

/**
 * Splits a pooled group's amount across its companies in proportion to their
 * contributions, largest remainder method (ties to the earlier company): the
 * parts sum to `total` exactly and each differs from the exact share by less
 * than one minor unit. A negative total (a claw-back) is split the same way
 * and every part negated. All contributions zero: equal split.
 */
export function splitPooled(total: number, contributions: Contribution[]): CompanyAmount[] {
  int(total, 'total');
  const w = weights(contributions);
  const parts = apportion(BigInt(Math.abs(total)), w);
  return contributions.map((c, i) => {
    const p = toSafeNumber(parts[i], 'part');
    return { companyId: c.companyId, amount: total < 0 && p !== 0 ? -p : p };
  });
}

/**
 * Splits a group's settlement document so that, after it, each company has
 * received its largest-remainder share of everything paid for the period
 * (`paidTotalAfter` = earlier documents + this one), by the contributions
 * now. A company whose share fell since the last document gets a negative
 * part. After the final settlement each company holds exactly its share of
 * rebate(final volume) by the final contributions.
 */
export function splitPooledCumulative(
  paidTotalAfter: number,
  contributions: Contribution[],
  paidByCompany: Record<string, number>,
): CompanyAmount[] {
  int(paidTotalAfter, 'paidTotalAfter');
  if (paidTotalAfter < 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'paidTotalAfter must not be negative', {
      errors: [{ path: 'paidTotalAfter', message: 'must not be negative' }],
    });
  }
  for (const id of Object.keys(paidByCompany)) {
    if (!contributions.some((c) => c.companyId === id)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'paid company missing from contributions', {
        errors: [{ path: `paidByCompany.${id}`, message: 'is not among the contributions' }],
      });
    }
    int(paidByCompany[id], `paidByCompany.${id}`);
  }
  const targets = splitPooled(paidTotalAfter, contributions);
  return targets.map((t) => ({
    companyId: t.companyId,
    amount: t.amount - (paidByCompany[t.companyId] ?? 0),
  }));
}

/**
 * Which document a settlement run at `now` makes for a period: an interim
 * before the period's end, the final once it has ended, and adjustments
 * after the final one was issued.
 */
export function settlementStageAt(
  period: { end: string },
  now: string | Date,
  finalIssued: boolean,
): SettlementStage {
  const end = toInstant(period.end, 'period.end');
  if (toInstant(now, 'now') < end) {
    if (finalIssued) {
      throw new DomainError(
        ErrorCode.SETTLEMENT_BEFORE_PERIOD_END,
        'a final settlement before the period ended',
        {
          end: period.end,
        },
      );
    }
    return 'interim';
  }
  return finalIssued ? 'adjustment' : 'final';
}
