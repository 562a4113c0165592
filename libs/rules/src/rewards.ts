/** Rewards catalogue helpers: what a member can afford, and what a reward takes off a purchase. */
import { DomainError, ErrorCode } from '@regulars/core';
import { divRound, toSafeNumber } from './arith';
import { lineMatches } from './evaluate';
import type { Purchase, PurchaseLine, Reward, RoundingMode, StampCard } from './types';

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

/** One reward redeemed with a purchase, as applied to it. */
export interface RewardOnPurchase {
  rewardId: string;
  /** Minor units taken off the sale by this reward. */
  discount: number;
  /** How the discount was computed. */
  rule: string;
  /** The line whose unit it made free (free_item on a line), else null (a discount on the whole sale). */
  lineId: string | null;
}

export interface RewardsOnPurchase {
  /** The purchase to evaluate: lines with their free units and reward discounts, total after the rewards. */
  purchase: Purchase;
  applied: RewardOnPurchase[];
  /** Sum of the discounts. */
  discount: number;
}

/**
 * Applies rewards redeemed together with a purchase to it, in order.
 * `purchase.total` is the amount of the sale before the rewards.
 *
 * - `free_item`: one unit of a line of the sale becomes free: a line with the
 *   reward's sku, or (for a stamp-card reward) a line the card counts; the
 *   dearest such unit still paid for. It is taken off that line at
 *   min(unit price, maxValue) and earns no stamps; what it paid no longer earns
 *   points. A sale with lines but none the reward can be given on is refused
 *   (REWARD_NOT_APPLICABLE); a sale without lines, or a free item the lines cannot
 *   identify (no sku, points cost), takes maxValue off the whole sale.
 * - `amount_off`, `percent_off`: off the whole sale (what is left of it), apportioned
 *   across its lines by the evaluation like any discount.
 *
 * The returned purchase's total is what is paid: never negative.
 */
export function applyRewardsToPurchase(
  purchase: Purchase,
  rewards: Reward[],
  stampCards: StampCard[],
): RewardsOnPurchase {
  const lines: PurchaseLine[] = purchase.lines.map((l) => ({ ...l }));
  let remaining = Math.max(0, purchase.total);
  const applied: RewardOnPurchase[] = [];
  for (const reward of rewards) {
    const b = reward.benefit;
    if (b.kind === 'free_item' && lines.length > 0) {
      const card =
        reward.cost.kind === 'stamp_card'
          ? stampCards.find((c) => reward.cost.kind === 'stamp_card' && c.id === reward.cost.cardId)
          : undefined;
      const identifiable = b.sku !== null || card !== undefined;
      if (identifiable) {
        let best: PurchaseLine | null = null;
        for (const l of lines) {
          const fits =
            (b.sku !== null && l.sku === b.sku) || (card !== undefined && lineMatches(card.match, l));
          if (!fits || (l.freeQuantity ?? 0) >= l.quantity) continue;
          if (best === null || l.unitPrice > best.unitPrice) best = l;
        }
        if (!best) {
          throw new DomainError(
            ErrorCode.REWARD_NOT_APPLICABLE,
            `${reward.name}: the sale has no item it can be given on (${b.description}). Add the item to the sale first.`,
            { rewardId: reward.id },
          );
        }
        const value = Math.min(best.unitPrice, b.maxValue, remaining);
        best.freeQuantity = (best.freeQuantity ?? 0) + 1;
        best.rewardDiscount = (best.rewardDiscount ?? 0) + value;
        remaining -= value;
        applied.push({
          rewardId: reward.id,
          discount: value,
          rule: `one ${best.sku ?? best.category ?? 'item'} free (${b.description}), worth up to ${b.maxValue}`,
          lineId: best.lineId,
        });
        continue;
      }
    }
    const a = applyRewardToPurchase(reward, remaining);
    remaining = a.totalAfter;
    applied.push({ rewardId: reward.id, discount: a.discount, rule: a.rule, lineId: null });
  }
  return {
    purchase: { ...purchase, total: remaining, lines },
    applied,
    discount: applied.reduce((s, a) => s + a.discount, 0),
  };
}
