/**
 * @regulars/rebates: annual volume rebates for business customers, as pure
 * calculations. No I/O, no clock reads, no Nest: agreements, versions,
 * volumes, instants and the business time zone are arguments.
 */
export * from './types';
export {
  validateAgreement,
  validateTerms,
  validateVersion,
  REBATE_LIMITS,
  DEFAULT_ROUNDING,
  SCHEDULES,
} from './validate';
export type { VersionContext } from './validate';
export { rebate, scaledRebate, bracketAt, bracketIndexAt, SCALE } from './brackets';
export { periodAt, nextPeriod, parseLocalDate, localDateOf, startOfLocalDate } from './period';
export { eligibleVolume, inScope } from './volume';
export { versionAt, periodRebate, accrue, eventContribution, normaliseSegments } from './versions';
export type { Accrual, RebateEvent, EventContribution } from './versions';
export { settlementDue, settlementStageAt, splitPooled, splitPooledCumulative } from './settlement';
export type { SettlementStage, SettlementDue, Contribution, CompanyAmount } from './settlement';
export { statement } from './statement';
export type { StatementInput, Statement, BracketInfo, NextBracket, Projection } from './statement';
export { interimDates, scheduledRunAt } from './schedule';
export type { ScheduledRun } from './schedule';
