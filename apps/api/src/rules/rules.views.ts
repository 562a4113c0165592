import type { RewardEntity, RuleSetVersionEntity } from './rules.entities';

export const versionView = (v: RuleSetVersionEntity) => ({
  version: v.version,
  effectiveFrom: v.effectiveFrom.toISOString(),
  ruleSet: v.rules,
  createdAt: v.createdAt.toISOString(),
  createdBy: v.createdBy,
});

export const rewardView = (r: RewardEntity) => ({
  id: r.id,
  name: r.name,
  cost: r.cost,
  benefit: r.benefit,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
});
