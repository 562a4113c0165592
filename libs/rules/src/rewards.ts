/** Rewards catalogue helpers: what a member can afford, and what a reward takes off a purchase. */
import { DomainError, ErrorCode } from '@regulars/core';
import { divRound, toSafeNumber } from './arith';
import type { Reward, RoundingMode } from './types';

export interface PointsBalances {
  /** Spendable points now (pending and expired points excluded). */
  availablePoints: number;
}

/** Full cards completed and not yet redeemed, per stamp card id. */
export type StampCardBalances = Record<string, { completedCards: number }>;

export interface AffordableReward {
  reward: Reward;
  /** How many times the member could redeem it now (ignoring other rewards). */
  times: number;
}

/**
 * Active rewards of the catalogue the member can redeem now, in catalogue
 * order. A points reward needs availablePoints >= cost; a stamp-card reward
 * needs at least one completed card of that card.
 */
export function rewardsAffordable(
  balances: PointsBalances,
  stampProgress: StampCardBalances,
  catalogue: Reward[],
): AffordableReward[] {
  const points = Math.max(0, Math.trunc(balances.availablePoints));
  const out: AffordableReward[] = [];
  for (const reward of catalogue) {
    if (!reward.active) continue;
    let times: number;
    if (reward.cost.kind === 'points') {
      times = reward.cost.points > 0 ? Math.floor(points / reward.cost.points) : 0;
    } else {
      const id = reward.cost.cardId;
      const held = Object.hasOwn(stampProgress, id) ? stampProgress[id].completedCards : 0;
      times = Math.max(0, Math.trunc(held));
    }
    if (times > 0) out.push({ reward, times });
  }
  return out;
}

export interface AppliedReward {
  /** Minor units taken off the purchase; 0 <= discount <= purchaseTotal. */
  discount: number;
  totalAfter: number;
  /** How the discount was computed, e.g. "10% of 12.35, floor, capped at 5.00". */
  rule: string;
  rounding: RoundingMode | null;
}

/**
 * The discount a reward gives on a purchase total (minor units):
 * - free_item: the item's price if given (opts.itemPrice), capped by maxValue; maxValue otherwise;
 * - amount_off: the amount;
 * - percent_off: total * basisPoints / 10000 rounded by the reward's named rule, capped by maxAmount;
 * and never more than the purchase total.
 */
export function applyRewardToPurchase(
  reward: Reward,
  purchaseTotal: number,
  opts: { itemPrice?: number } = {},
): AppliedReward {
  if (!Number.isSafeInteger(purchaseTotal) || purchaseTotal < 0) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'purchaseTotal must be a non-negative integer', {
      purchaseTotal,
    });
  }
  if (opts.itemPrice !== undefined && (!Number.isSafeInteger(opts.itemPrice) || opts.itemPrice < 0)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'itemPrice must be a non-negative integer', {
      itemPrice: opts.itemPrice,
    });
  }
  const b = reward.benefit;
  let raw: number;
  let rule: string;
  let rounding: RoundingMode | null = null;
  switch (b.kind) {
    case 'free_item':
      raw = Math.min(opts.itemPrice ?? b.maxValue, b.maxValue);
      rule = `free item (${b.description}) worth up to ${b.maxValue}`;
      break;
    case 'amount_off':
      raw = b.amount;
      rule = `${b.amount} off`;
      break;
    case 'percent_off': {
      const v = divRound(BigInt(purchaseTotal) * BigInt(b.basisPoints), 10_000n, b.rounding);
      raw = toSafeNumber(v, 'discount');
      if (b.maxAmount !== null) raw = Math.min(raw, b.maxAmount);
      rounding = b.rounding;
      rule = `${b.basisPoints} bp of ${purchaseTotal}, ${b.rounding}${b.maxAmount !== null ? `, capped at ${b.maxAmount}` : ''}`;
      break;
    }
  }
  const discount = Math.max(0, Math.min(raw, purchaseTotal));
  return { discount, totalAfter: purchaseTotal - discount, rule, rounding };
}
