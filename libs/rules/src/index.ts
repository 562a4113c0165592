/**
 * @regulars/rules: the pure reward-rules library. No I/O, no clock reads, no
 * Nest: every input (purchase, rules, member state, time zone) is an argument.
 */
export * from './types';
export { validateRuleSet, validateRewardCatalogue, LIMITS } from './validate';
export { evaluatePurchase, advanceMemberState, purchaseIssues, lineMatches, TOTAL_LINE_ID } from './evaluate';
export { evaluateReturn } from './returns';
export { previewRuleChange } from './preview';
export type {
  PreviewPurchase,
  PreviewOptions,
  RuleChangePreview,
  RuleSetTotals,
  MemberPreview,
} from './preview';
export { rewardsAffordable, applyRewardToPurchase, applyRewardsToPurchase } from './rewards';
export type {
  PointsBalances,
  StampCardBalances,
  AffordableReward,
  AppliedReward,
  RewardOnPurchase,
  RewardsOnPurchase,
} from './rewards';
export { divRound, apportion } from './arith';
export { formatMoney } from './format';
export { expiryInstant, availableInstant, localParts, zonedToInstant, isValidTimeZone } from './time';
export { ruleSetInForce, stampHolding } from './versions';
export type { RuleSetVersion } from './versions';
