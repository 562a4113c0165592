/** Helpers shared by the counter's services and the two purchase strategies (no I/O). */
import type { HolderAccountRef, HolderSnapshot } from '@regulars/ledger';
import {
  evaluatePurchase,
  type PostingIntent as Posting,
  type PurchaseEvaluation,
  type PurchaseLine,
  type RuleSet,
} from '@regulars/rules';
import { currencyDigits } from '@regulars/core';
import { benefitPromotions, memberBenefits, tierForPurchase, type TierState } from '@regulars/tiers';
import type { TierSetup } from '../tiers/tiers.service';
import type { Principal } from '../auth/principal';
import type { BusinessEntity } from '../businesses/business.entities';
import type { PurchaseDto, PurchaseLineDto } from './pos.dto';
import type { LoyaltySummary } from './loyalty-read.service';

export const pointsAccount = (memberId: string): HolderAccountRef => ({
  unit: 'points',
  ownerType: 'member',
  ownerId: memberId,
});
export const stampsAccount = (memberId: string, cardId: string): HolderAccountRef => ({
  unit: `stamps:${cardId}`,
  ownerType: 'member',
  ownerId: memberId,
});

export function actorOf(p: Principal): string {
  switch (p.kind) {
    case 'staff':
      return `staff:${p.staffId}`;
    case 'api_key':
      return `key:${p.apiKeyId}`;
    case 'member':
      return `member:${p.memberId}`;
  }
}

/** A purchase's lines as stored (purchase_lines columns). */
export const linesJson = (lines: PurchaseLineDto[]) =>
  lines.map((l) => ({
    line_id: l.lineId,
    sku: l.sku ?? null,
    category: l.category ?? null,
    quantity: l.quantity,
    unit_price: l.unitPrice,
  }));

/**
 * The short code printed on the receipt: the last 8 hex digits of the purchase id
 * (the random part of a UUIDv7), upper case. The database sets the same value at
 * insert (trigger purchases_receipt_code) and keeps it unique per business.
 */
export const receiptCodeOf = (purchaseId: string) => purchaseId.slice(-8).toUpperCase();

/** A receipt code as typed at the counter ("3fa9-0c21", " 3FA90C21 "), or null when it cannot be one. */
export function normaliseReceiptCode(text: string): string | null {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return /^[0-9A-F]{8}$/.test(code) ? code : null;
}

/** The purchase itself, as its answer shows it. `paid`: the total after rewards redeemed with it. */
export const purchaseHead = (
  id: string,
  dto: PurchaseDto,
  memberId: string,
  occurredAt: Date,
  ruleVersion: number | null,
  paid = dto.total,
) => ({
  id,
  receiptCode: receiptCodeOf(id),
  transactionId: dto.transactionId,
  memberId,
  occurredAt: occurredAt.toISOString(),
  /** What the member pays: the sale less the rewards redeemed with it. */
  total: paid,
  /** The sale before the rewards redeemed with it. */
  saleAmount: dto.total,
  rewardDiscount: dto.total - paid,
  ruleVersion,
});

/** A purchase's lines as the rules library takes them. */
export const saleLines = (lines: PurchaseLineDto[]): PurchaseLine[] =>
  lines.map((l) => ({
    lineId: l.lineId,
    sku: l.sku ?? null,
    category: l.category ?? null,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
  }));

/** A unique violation of the receipt code (a clash of two ids' last 8 hex digits): retried with a new id. */
export const isReceiptClash = (err: unknown) =>
  (err as { code?: string; constraint?: string }).code === '23505' &&
  (err as { constraint?: string }).constraint === 'uq_purchases_receipt';

/** A posting as the purchase answer shows it. */
export const earnedOf = (posting: Posting) => ({
  kind: posting.kind,
  key: posting.key,
  amount: posting.amount,
  reason: posting.reason,
  ...(posting.kind === 'stamps' ? { cardId: posting.cardId, cardsCompleted: posting.cardsCompleted } : {}),
  availableAt: posting.availableAt,
  expiresAt: posting.expiresAt,
});

/** A redemption as its answer (and the purchase answer) shows it. */
export interface RedemptionOutcome {
  id: string;
  rewardId: string;
  rewardName: string;
  unit: string;
  cost: number;
  discount: number | null;
  rule: string | null;
}

/** The answer to a purchase (both strategies answer exactly this). */
export interface PurchaseAnswer {
  purchase: ReturnType<typeof purchaseHead>;
  earned: ReturnType<typeof earnedOf>[];
  notes: PurchaseEvaluation['notes'];
  redemptions: RedemptionOutcome[];
  summary: LoyaltySummary;
  replayed: boolean;
}

/** The rules' evaluation of a sale for this member (stamp progress from their balances). */
export function evaluateSale(
  business: BusinessEntity,
  sale: { total: number; lines: PurchaseLine[] },
  occurredAt: Date,
  ruleSet: RuleSet,
  snapshot: HolderSnapshot,
): PurchaseEvaluation {
  const stampProgress: Record<string, number> = {};
  for (const h of snapshot.balances)
    if (h.unit.startsWith('stamps:')) stampProgress[h.unit.slice('stamps:'.length)] = h.balance.available;
  return evaluatePurchase(
    { occurredAt: occurredAt.toISOString(), total: sale.total, lines: sale.lines },
    ruleSet,
    { stampProgress },
    { timeZone: business.timeZone, currencyDigits: currencyDigits(business.currency) },
  );
}

/** The ledger earn of one posting of a purchase. */
export function earnInput(
  businessId: string,
  purchaseId: string,
  dto: PurchaseDto,
  memberId: string,
  now: Date,
  posting: Posting,
) {
  const availableAt = new Date(posting.availableAt);
  return {
    businessId,
    idempotencyKey: `purchase:${purchaseId}:${posting.key}`,
    at: now,
    account: posting.kind === 'points' ? pointsAccount(memberId) : stampsAccount(memberId, posting.cardId),
    amount: posting.amount,
    expiresAt: posting.expiresAt ? new Date(posting.expiresAt) : null,
    pendingUntil: availableAt.getTime() > now.getTime() ? availableAt : null,
    reason: posting.reason,
    reference: `purchase:${dto.transactionId}`,
  };
}

/**
 * The rule set a member's purchase is evaluated under: the business's rules
 * plus the points multiplier of the member's tier (libs/tiers benefit
 * promotions), so each tier extra is its own posting whose reason ("Gold tier
 * +12") shows in the member's history.
 *
 * Semantics: the tier is the one the member holds just before the purchase
 * (tierForPurchase: the stored state with timers due by `occurredAt` applied
 * in memory). A purchase that crosses a threshold therefore earns at the old
 * tier; the tier consumer applies the upgrade after it commits, and the next
 * purchase earns at the new tier. A member without a stored tier state (not
 * yet evaluated) earns no tier extra, as the scan shows no tier for them.
 */
export function withTierMultiplier(
  ruleSet: RuleSet,
  setup: TierSetup | null,
  member: { id: string; since: Date },
  state: TierState | null,
  occurredAt: Date,
): RuleSet {
  if (!setup || !state || state.asOf === null) return ruleSet;
  const { program, tierId } = tierForPurchase(
    { memberId: member.id, memberSince: member.since, timeZone: setup.timeZone, versions: setup.versions },
    state,
    occurredAt,
  );
  const extra = benefitPromotions(memberBenefits(program, tierId));
  return extra.length ? { ...ruleSet, promotions: [...ruleSet.promotions, ...extra] } : ruleSet;
}
