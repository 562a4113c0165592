/**
 * @regulars/tiers: club tiers and the members-only club as pure calculations.
 * No I/O, no clock reads, no Nest: every input (program versions, the member's
 * events, the business time zone, the instant) is an argument.
 */
export * from './types';
export {
  validateTierProgram,
  validateProgramChange,
  validateEffectiveFrom,
  validateClub,
  TIER_LIMITS,
} from './validate';
export {
  initialTierState,
  applyTierEvent,
  advanceTierState,
  tierTimeline,
  tierAt,
  summarise,
  prepareContext,
  nextTimer,
  tierStateDiff,
} from './engine';
export type { TierTimeline, PreparedContext } from './engine';
export { tierProgress, describeProgress, formatLocalDate } from './progress';
export type { ProgressItem, TierProgress } from './progress';
export { evaluatePeriodEnd, previewProgram } from './batch';
export { tierView, tierViewSnapshot, tierViewKey, programAt } from './view';
export type { TierViewData, TierViewSnapshot } from './view';
export type { PeriodEndResult, ProgramPreview } from './batch';
export {
  memberBenefits,
  benefitPromotions,
  rewardAllowed,
  rewardLock,
  tierForPurchase,
  birthdayBonus,
  memberBirthdayBonuses,
  birthdaysOn,
  tierHeldAt,
} from './benefits';
export type { MemberBenefits, BenefitSource, RewardLock } from './benefits';
export { clubMembership, checkInvitation, lastDayCovered } from './club';
export type {
  ClubAccess,
  ClubDefinition,
  ClubEvent,
  ClubMembership,
  ClubHistoryEntry,
  ClubStatusName,
  InvitationCheck,
} from './club';
