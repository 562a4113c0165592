import { createHash } from 'node:crypto';
import type { MessageType } from './templates';

/**
 * Holdout groups (pure: no I/O). A campaign-like trigger (win-back, points
 * expiring) may keep a random share of the eligible members back, to measure
 * whether the message brings anyone back. The assignment is a stable hash of
 * (business, trigger, member): the same member is in or out of the holdout on
 * every run, in every instance, without storing the draw.
 */
export const HOLDOUT_TYPES = ['win_back', 'points_expiring'] as const satisfies readonly MessageType[];
export type HoldoutType = (typeof HOLDOUT_TYPES)[number];

/** The largest share a business may hold back: half (basis points). */
export const MAX_HOLDOUT_BP = 5000;

/** The report windows, in days after the message. */
export const HOLDOUT_WINDOWS = [30, 60, 90] as const;

export const isHoldoutType = (t: string): t is HoldoutType =>
  (HOLDOUT_TYPES as readonly string[]).includes(t);

/** A number in [0, 10000) drawn from sha256(business, trigger, member): uniform, stable. */
export function holdoutDraw(businessId: string, type: string, memberId: string): number {
  const h = createHash('sha256').update(`${businessId}\n${type}\n${memberId}`).digest();
  // 48 bits are plenty for a uniform draw over 10,000 buckets.
  return Math.floor((h.readUIntBE(0, 6) / 2 ** 48) * 10_000);
}

/** Whether the member is held back from this trigger at a share of `shareBp` basis points. */
export function inHoldout(businessId: string, type: string, memberId: string, shareBp: number): boolean {
  return shareBp > 0 && holdoutDraw(businessId, type, memberId) < shareBp;
}
