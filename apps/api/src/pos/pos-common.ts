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
import {
  benefitPromotions,
  clubMembership,
  memberBenefits,
  programAt,
  tierForPurchase,
  type ClubDefinition,
  type TierProgram,
  type TierState,
} from '@regulars/tiers';
import { toClubEvent } from '../tiers/club.repository';
import type { TierSetup } from '../tiers/tiers.service';
import type { StoredTierView } from '../tiers/tiers.repository';
import type { Principal } from '../auth/principal';
import type { BusinessEntity } from '../businesses/business.entities';
import type { PurchaseDto, PurchaseLineDto } from './pos.dto';
import type { CounterClubEvent } from './pos.repository';
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

/** A business's club as the purchase evaluation needs it (TiersService.counterClub). */
export interface CounterClub {
  definition: ClubDefinition;
  timeZone: string;
}

/** What the counter read of the member's tier and club: the stored tier state and the club events. */
export interface BenefitState {
  tierState: TierState | null;
  /** The stored tier view when it is exact at the purchase's instant (storedViewAt): used instead of the state. */
  tierView?: StoredTierView;
  clubEvents: CounterClubEvent[];
}

/** The seq of the newest club event read (as text), or null: what pos_record_purchase checks (RG005 'club'). */
export function clubSeqOf(events: CounterClubEvent[]): string | null {
  let max: bigint | null = null;
  for (const e of events) if (max === null || BigInt(e.seq) > max) max = BigInt(e.seq);
  return max === null ? null : max.toString();
}

/** Whether the member is an active member of the club at `at`, from their events of that club. */
export function clubActiveAt(
  club: CounterClub,
  memberId: string,
  events: CounterClubEvent[],
  at: Date,
): boolean {
  const own = events
    .filter((e) => e.clubId === club.definition.id)
    .map((e) =>
      toClubEvent({
        kind: e.kind,
        at: new Date(e.at),
        consent: e.consent,
        source: null,
        paymentId: e.paymentId,
        amount: e.amount === null ? null : Number(e.amount),
        code: e.code,
        expiresAt: null,
        actorId: null,
      }),
    );
  if (!own.length) return false;
  return clubMembership(club.definition, own, at, { timeZone: club.timeZone, memberId }).status === 'active';
}

/**
 * The rule set a member's purchase is evaluated under: the business's rules
 * plus the points multipliers of the member's tier and of the club when they
 * are an active member (libs/tiers benefit promotions), so each extra is its
 * own posting whose reason ("Gold tier +12", "Friends of the Roastery +4")
 * shows in the member's history. The extras add up, they do not compound
 * (memberBenefits).
 *
 * Semantics: the tier is the one the member holds just before the purchase
 * (tierForPurchase: the stored state with timers due by `occurredAt` applied
 * in memory), and the club membership is the one their club events give at
 * `occurredAt` (a paid term that ended before it no longer counts). A purchase
 * that crosses a tier threshold, or pays the club fee, therefore earns at the
 * old status; the consumers apply the change after it commits, and the next
 * purchase earns at the new one. A member without a stored tier state (not yet
 * evaluated) earns no tier extra, as the scan shows no tier for them.
 */
export function withBenefitMultipliers(
  ruleSet: RuleSet,
  setup: TierSetup | null,
  club: CounterClub | null,
  member: { id: string; since: Date },
  state: BenefitState,
  occurredAt: Date,
): RuleSet {
  let program: TierProgram | null = null;
  let tierId: string | null = null;
  const stored = state.tierState;
  if (setup && state.tierView) {
    // The view stored with the state says which tier the member holds at occurredAt (the same
    // answer as tierForPurchase: libs/tiers tierViewSnapshot), without advancing the state.
    program = programAt(setup.versions, occurredAt);
    tierId = state.tierView.effectiveTierId;
  } else if (setup && stored && stored.asOf !== null) {
    ({ program, tierId } = tierForPurchase(
      { memberId: member.id, memberSince: member.since, timeZone: setup.timeZone, versions: setup.versions },
      stored,
      occurredAt,
    ));
  }
  const clubs =
    club &&
    club.definition.benefits.multiplierBp > 10000 &&
    clubActiveAt(club, member.id, state.clubEvents, occurredAt)
      ? [club.definition]
      : [];
  if (!program && !clubs.length) return ruleSet;
  const extra = benefitPromotions(memberBenefits(program, tierId, clubs));
  return extra.length ? { ...ruleSet, promotions: [...ruleSet.promotions, ...extra] } : ruleSet;
}

/** The keys of the postings a benefit promotion (tier or club extra) makes: those withBenefitMultipliers appended. */
export function benefitKeys(ruleSet: RuleSet, withBenefits: RuleSet): Set<string> {
  return new Set(
    withBenefits.promotions.slice(ruleSet.promotions.length).map((p) => `points:promotion:${p.id}`),
  );
}

/** The key of a purchase's base points posting (libs/rules evaluatePurchase): its tier and club extras post with it. */
export const BASE_POINTS_KEY = 'points:base';

/**
 * The ledger movements of a purchase's postings: each posting its own movement,
 * except the tier and club extras, which go into the base points movement (one
 * movement, one lot, whose reason names each part: "10 points for €10.00 spent;
 * Gold tier +5"). The evaluation keeps them apart (the answer lists them, a
 * return reverses each by its key: ReturnService finds an extra's movement
 * under the base key). A movement fewer per purchase for a member with a tier.
 */
export function ledgerPostings(postings: Posting[], benefit: ReadonlySet<string>): Posting[] {
  const base = postings.find((p) => p.kind === 'points' && p.key === BASE_POINTS_KEY);
  if (!base || benefit.size === 0) return postings;
  const extras = postings.filter(
    (p) =>
      p.kind === 'points' &&
      benefit.has(p.key) &&
      p.availableAt === base.availableAt &&
      p.expiresAt === base.expiresAt,
  );
  if (!extras.length) return postings;
  const merged: Posting = {
    ...base,
    amount: extras.reduce((sum, p) => sum + p.amount, base.amount),
    reason: [base.reason, ...extras.map((p) => p.reason)].join('; '),
  };
  return postings.filter((p) => !extras.includes(p)).map((p) => (p === base ? merged : p));
}
