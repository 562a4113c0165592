import type { TierState } from '@regulars/tiers';
import { TiersService } from '../tiers/tiers.service';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import {
  Ledger,
  parseHolderSnapshot,
  rawHolderSnapshot,
  toDomainError,
  type HolderAccountRef,
  type HolderSnapshot,
  type RawHolderSnapshot,
} from '@regulars/ledger';
import {
  applyRewardToPurchase,
  applyRewardsToPurchase,
  evaluatePurchase,
  evaluateReturn,
  TOTAL_LINE_ID,
  type PostingIntent as Posting,
  type PurchaseEvaluation,
  type PurchaseLine,
  type Reward,
  type RuleSet,
} from '@regulars/rules';
import { poolOf } from '../ledger/ledger.module';
import { TtlCache } from '../common/ttl-cache';
import { BusinessRepository } from '../businesses/businesses.repository';
import type { BusinessEntity } from '../businesses/business.entities';
import { currencyDigits, purchaseLimitsOf } from '../businesses/currency';
import { checkScannedCard, MembersService } from '../members/members.service';
import { RulesService, rewardOf } from '../rules/rules.service';
import type { RewardEntity } from '../rules/rules.entities';
import type { Principal } from '../auth/principal';
import {
  buildSummary,
  LoyaltyReadService,
  soonWindow,
  type CounterMember,
  type LoyaltySummary,
} from './loyalty-read.service';
import { claimKey, hashRequest, idempotencyConflict, inTransaction } from './idempotency';
import { predictAfterEarns } from './predict';
import { recordEvent } from '../events/events';
import type { MemberRefDto, PurchaseDto, PurchaseLineDto, RedemptionDto, ReturnDto } from './pos.dto';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

const pointsAccount = (memberId: string): HolderAccountRef => ({
  unit: 'points',
  ownerType: 'member',
  ownerId: memberId,
});
const stampsAccount = (memberId: string, cardId: string): HolderAccountRef => ({
  unit: `stamps:${cardId}`,
  ownerType: 'member',
  ownerId: memberId,
});

function actorOf(p: Principal): string {
  switch (p.kind) {
    case 'staff':
      return `staff:${p.staffId}`;
    case 'api_key':
      return `key:${p.apiKeyId}`;
    case 'member':
      return `member:${p.memberId}`;
  }
}

interface CounterRow {
  id: string;
  member_number: string;
  first_name: string;
  last_name: string | null;
  snapshot: RawHolderSnapshot;
  created_at: Date;
  /** The member's stored tier state (member_tier_states), joined into the same query; null without one. */
  tier_state: TierState | null;
  card_status?: string;
  revoked_at?: Date | null;
}

/** A member reference from the counter, checked (counterRef). */
type CounterRef = { key: string } & ({ cardId: string } | { memberNumber: string });

/** What the counter read: the member, their balances, and the card scanned (null for a member number). */
interface CounterRead {
  member: CounterMember;
  snapshot: HolderSnapshot;
  cardId: string | null;
  since: Date;
  tierState: TierState | null;
}

/**
 * How long a counter read is reused by the purchase that follows the scan. The
 * purchase call checks everything it reuses (card, member, balances) under the
 * member lock, so this bounds memory, not correctness.
 */
const COUNTER_READ_TTL_MS = 30_000;

const linesJson = (lines: PurchaseLineDto[]) =>
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
const purchaseHead = (
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
const saleLines = (lines: PurchaseLineDto[]): PurchaseLine[] =>
  lines.map((l) => ({
    lineId: l.lineId,
    sku: l.sku ?? null,
    category: l.category ?? null,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
  }));

/** A unique violation of the receipt code (a clash of two ids' last 8 hex digits): retried with a new id. */
const isReceiptClash = (err: unknown) =>
  (err as { code?: string; constraint?: string }).code === '23505' &&
  (err as { constraint?: string }).constraint === 'uq_purchases_receipt';

/** A posting as the purchase answer shows it. */
const earnedOf = (posting: Posting) => ({
  kind: posting.kind,
  key: posting.key,
  amount: posting.amount,
  reason: posting.reason,
  ...(posting.kind === 'stamps' ? { cardId: posting.cardId, cardsCompleted: posting.cardsCompleted } : {}),
  availableAt: posting.availableAt,
  expiresAt: posting.expiresAt,
});

interface PurchaseListRow {
  id: string;
  receipt_code: string;
  occurred_at: Date;
  total: string;
  member_id: string;
  member_number: string;
  first_name: string;
  last_name: string | null;
  earned: { kind: string; amount: number; reason: string }[] | null;
  lines: {
    lineId: string;
    sku: string | null;
    category: string | null;
    quantity: number;
    unitPrice: number;
    returnedQuantity: number;
  }[];
  any_return: boolean;
}

/** A purchase as the counter lists it (to pick a return from). */
export interface PurchaseListItem {
  id: string;
  receiptCode: string;
  occurredAt: string;
  total: number;
  member: { id: string; memberNumber: string; firstName: string; lastName: string | null };
  lines: PurchaseListRow['lines'];
  earned: { kind: string; amount: number; reason: string }[];
  /** Nothing is left to return. */
  fullyReturned: boolean;
}

const PURCHASE_LIST_SQL = `
  SELECT p.id, p.receipt_code, p.occurred_at, p.total, p.member_id, m.member_number, m.first_name, m.last_name,
         p.response -> 'earned' AS earned,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category,
                    'quantity', l.quantity, 'unitPrice', l.unit_price, 'returnedQuantity', l.returned_quantity)
                    ORDER BY l.line_id)
                     FROM purchase_lines l WHERE l.business_id = p.business_id AND l.purchase_id = p.id),
                  '[]'::jsonb) AS lines,
         EXISTS (SELECT 1 FROM purchase_returns r
                  WHERE r.business_id = p.business_id AND r.purchase_id = p.id AND r.response IS NOT NULL) AS any_return
    FROM purchases p JOIN members m ON m.business_id = p.business_id AND m.id = p.member_id`;

const purchaseListItem = (r: PurchaseListRow): PurchaseListItem => ({
  id: r.id,
  receiptCode: r.receipt_code,
  occurredAt: r.occurred_at.toISOString(),
  total: Number(r.total),
  member: {
    id: r.member_id,
    memberNumber: String(r.member_number),
    firstName: r.first_name,
    lastName: r.last_name,
  },
  lines: r.lines.map((l) => ({ ...l, unitPrice: Number(l.unitPrice) })),
  earned: (r.earned ?? []).map((e) => ({ kind: e.kind, amount: e.amount, reason: e.reason })),
  fullyReturned: r.lines.length ? r.lines.every((l) => l.returnedQuantity >= l.quantity) : r.any_return,
});

interface RedemptionOutcome {
  id: string;
  rewardId: string;
  rewardName: string;
  unit: string;
  cost: number;
  discount: number | null;
  rule: string | null;
}

/**
 * The counter: purchases (earn points and stamps under the rules of their
 * time), redemptions, returns. Every write is idempotent by a client key and
 * atomic with its ledger postings (one database transaction).
 */
@Injectable()
export class PosService {
  private readonly pool: Pool;
  /** The last counter read per card or member number (see COUNTER_READ_TTL_MS). */
  private readonly counterReads = new TtlCache<CounterRead>(COUNTER_READ_TTL_MS, 50_000);

  constructor(
    dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly members: MembersService,
    private readonly businesses: BusinessRepository,
    private readonly rules: RulesService,
    private readonly reads: LoyaltyReadService,
    private readonly clock: Clock,
    private readonly tiers: TiersService,
  ) {
    this.pool = poolOf(dataSource);
  }

  /**
   * The card or member number named at the counter, checked: exactly one of
   * them, and a card payload's signature and business.
   */
  private counterRef(businessId: string, ref: MemberRefDto & { payload?: string }): CounterRef {
    const payload = ref.cardPayload ?? ref.payload;
    if ((payload === undefined) === (ref.memberNumber === undefined)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Give exactly one of cardPayload and memberNumber', {
        fields: [{ field: 'member', problems: ['exactly one of cardPayload, memberNumber'] }],
      });
    }
    if (payload !== undefined) {
      const cardId = this.members.verifyScanPayload(businessId, payload);
      return { cardId, key: `${businessId}|card|${cardId}` };
    }
    return { memberNumber: ref.memberNumber!, key: `${businessId}|number|${ref.memberNumber}` };
  }

  /**
   * The member named at the counter (card payload or member number) in the
   * caller's business, with their balances and points expiring soon: one query.
   * The read is remembered for the purchase that usually follows the scan
   * (see recordPurchase).
   */
  async counterRead(
    businessId: string,
    ref: MemberRefDto & { payload?: string },
    now: Date,
  ): Promise<CounterRead> {
    return this.readCounter(businessId, this.counterRef(businessId, ref), now);
  }

  private async readCounter(businessId: string, ref: CounterRef, now: Date): Promise<CounterRead> {
    const w = soonWindow(now);
    const columns = `m.id, m.member_number, m.first_name, m.last_name, m.created_at,
      ledger_holder_snapshot(m.business_id, 'member', m.id::text, $3, $4, $5) AS snapshot,
      (SELECT s.state FROM member_tier_states s WHERE s.business_id = m.business_id AND s.member_id = m.id) AS tier_state`;
    let row: CounterRow | undefined;
    if ('cardId' in ref) {
      const { cardId } = ref;
      // Named: prepared once per connection (the counter's hottest statements skip parse and plan).
      const r = await this.pool.query<CounterRow>({
        name: 'counter_read_card',
        text: `SELECT ${columns}, c.status AS card_status, c.revoked_at
           FROM member_cards c JOIN members m ON m.business_id = c.business_id AND m.id = c.member_id
          WHERE c.business_id = $1 AND c.id = $2`,
        values: [businessId, cardId, w.expiringUnit, w.from, w.until],
      });
      row = r.rows[0];
      checkScannedCard(row ? { status: row.card_status!, revokedAt: row.revoked_at ?? null } : null);
    } else {
      const n = ref.memberNumber;
      if (/^\d{1,18}$/.test(n)) {
        const r = await this.pool.query<CounterRow>({
          name: 'counter_read_number',
          text: `SELECT ${columns} FROM members m WHERE m.business_id = $1 AND m.member_number = $2`,
          values: [businessId, n, w.expiringUnit, w.from, w.until],
        });
        row = r.rows[0];
      }
      if (!row) throw new NotFoundError('Member');
    }
    const read: CounterRead = {
      member: {
        id: row!.id,
        memberNumber: String(row!.member_number),
        firstName: row!.first_name,
        lastName: row!.last_name,
      },
      snapshot: parseHolderSnapshot(row!.snapshot),
      cardId: 'cardId' in ref ? ref.cardId : null,
      since: row!.created_at,
      tierState: row!.tier_state,
    };
    this.counterReads.set(ref.key, read);
    return read;
  }

  async scan(businessId: string, ref: MemberRefDto & { payload?: string }): Promise<LoyaltySummary> {
    const now = this.clock.now();
    const [{ member, snapshot, since, tierState }, { ruleSet }, catalogue, tiers] = await Promise.all([
      this.counterRead(businessId, ref, now),
      this.rules.cachedRulesAt(businessId, now),
      this.rules.listRewards(businessId),
      this.tiers.cachedSetup(businessId),
    ]);
    const summary = buildSummary(member, snapshot, ruleSet, catalogue);
    // The tier comes from the state the same query read (no extra round trip); a member without a stored
    // state yet (no purchase since the program started, not yet evaluated) shows none until then.
    if (tiers && tierState && tierState.asOf !== null)
      summary.tier = this.tiers.view(tiers, { id: member.id, since }, tierState, now);
    return this.tiers.lockSummaryRewards(businessId, summary, catalogue, now);
  }

  /** The member named at the counter, without balances (redemptions). */
  private async resolveMember(businessId: string, ref: MemberRefDto): Promise<CounterMember> {
    return (await this.counterRead(businessId, ref, this.clock.now())).member;
  }

  private async business(businessId: string): Promise<BusinessEntity> {
    const b = await this.businesses.findById(businessId);
    if (!b) throw new NotFoundError('Business');
    return b;
  }

  private async lockMember(client: PoolClient, businessId: string, memberId: string): Promise<void> {
    // Serialises the counter operations of one member (stamp progress shown in reasons stays exact).
    // NO KEY UPDATE: the foreign keys of rows this transaction already inserted hold KEY SHARE on
    // the member row; a plain FOR UPDATE would deadlock two concurrent operations of one member.
    await client.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
      businessId,
      memberId,
    ]);
  }

  // ---------------------------------------------------------------- purchases

  async recordPurchase(principal: Principal, dto: PurchaseDto) {
    const businessId = principal.businessId;
    const now = this.clock.now();
    const occurredAt = dto.occurredAt ? new Date(dto.occurredAt) : now;
    if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'occurredAt is in the future', {
        fields: [{ field: 'occurredAt', problems: ['must not be in the future'] }],
      });
    }
    const lines = dto.lines ?? [];
    const ids = new Set(lines.map((l) => l.lineId));
    if (ids.size !== lines.length) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'lineId must be unique within a purchase', {
        fields: [{ field: 'lines', problems: ['duplicate lineId'] }],
      });
    }
    await this.checkAmountLimit(businessId, dto);
    const requestHash = hashRequest({ ...dto, occurredAt: dto.occurredAt ?? null });
    const ref = this.counterRef(businessId, dto.member);
    if (!dto.redeem?.length) {
      const done = await this.purchaseInOneCall(principal, dto, requestHash, now, occurredAt, ref);
      if (done) return done;
    }
    const read = await this.readCounter(businessId, ref, now);
    return this.purchaseInSteps(principal, dto, requestHash, now, occurredAt, read.member);
  }

  /**
   * Refuses a sale above the business's hard amount limit (AMOUNT_OVER_LIMIT,
   * nothing written): the total or the sum of the lines, whichever is larger.
   */
  private async checkAmountLimit(businessId: string, dto: PurchaseDto): Promise<void> {
    const business = await this.business(businessId);
    const { limit } = purchaseLimitsOf(business);
    const lines = (dto.lines ?? []).reduce((s, l) => s + l.quantity * l.unitPrice, 0);
    const amount = Math.max(dto.total, lines);
    if (amount > limit) {
      const digits = currencyDigits(business.currency);
      const major = (v: number) => `${business.currency} ${(v / 10 ** digits).toFixed(digits)}`;
      throw new DomainError(
        ErrorCode.AMOUNT_OVER_LIMIT,
        `${major(amount)} is above this shop's limit of ${major(limit)} for one purchase. Nothing was recorded.`,
        { amount, limit },
      );
    }
  }

  /**
   * The purchase as one database call (pos_record_purchase): the app reads the
   * member's balances, evaluates the rules and computes the whole answer; the
   * function writes it all in one statement after checking, under the member
   * lock, that the rules and balances used are still current, and that the
   * balances afterwards are the ones the answer shows. A stale read is
   * re-evaluated (up to 3 times); null sends the purchase to purchaseInSteps
   * (redemptions with the purchase, debts to settle, mispredictions).
   *
   * The member, card and balances come from the scan just before when this
   * instance served it (counterReads), else from a read now. Reusing them is
   * safe because the call checks each under the member lock: the balances
   * (RG001, with the fresh snapshot), the card still active and the member's
   * name unchanged (RG004: read again, which also answers a revoked card).
   */
  private async purchaseInOneCall(
    principal: Principal,
    dto: PurchaseDto,
    requestHash: string,
    now: Date,
    occurredAt: Date,
    ref: CounterRef,
  ): Promise<object | null> {
    const businessId = principal.businessId;
    let read = this.counterReads.get(ref.key) ?? (await this.readCounter(businessId, ref, now));
    const business = await this.business(businessId);
    const lines = dto.lines ?? [];
    // Time-ordered (UUIDv7): the purchase's primary key, its lines' keys and its ledger
    // idempotency keys (purchase:<id>:...) land at the right edge of their indexes, whose
    // pages stay cached, instead of a random page of an index far larger than shared_buffers.
    let purchaseId = uuidv7();
    const window = soonWindow(now);
    for (let attempt = 0; attempt < 3; attempt++) {
      const { member, snapshot } = read;
      const [{ version, ruleSet }, display, catalogue] = await Promise.all([
        this.rules.cachedRulesAt(businessId, occurredAt),
        this.rules.cachedRulesAt(businessId, now),
        this.rules.listRewards(businessId),
      ]);
      const evaluation = this.evaluate(
        business,
        { total: dto.total, lines: saleLines(lines) },
        occurredAt,
        ruleSet,
        snapshot,
      );
      const earns = evaluation.postings.map((posting) => ({
        posting,
        prepared: this.ledger.prepareEarn(
          this.earnInput(businessId, purchaseId, dto, member.id, now, posting),
        ),
      }));
      const after = predictAfterEarns(
        snapshot,
        earns.map((e) => ({
          unit: e.prepared.unit,
          amount: e.prepared.amount,
          pending: e.prepared.pendingUntil !== null,
          expiresAt: e.prepared.expiresAt ? new Date(e.prepared.expiresAt) : null,
        })),
        window,
      );
      if (!after) return null;
      const response = {
        purchase: purchaseHead(purchaseId, dto, member.id, occurredAt, version),
        earned: evaluation.postings.map(earnedOf),
        notes: evaluation.notes,
        redemptions: [] as RedemptionOutcome[],
        summary: buildSummary(member, after, display.ruleSet, catalogue),
      };
      let outcome: { status: 'ok' | 'replay' | 'conflict'; response?: object };
      try {
        const r = await this.pool.query<{ r: typeof outcome }>({
          name: 'pos_record_purchase',
          text: `SELECT pos_record_purchase($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) AS r`,
          values: [
            businessId,
            purchaseId,
            dto.transactionId,
            member.id,
            read.cardId,
            member.firstName,
            member.lastName,
            dto.locationId ?? null,
            actorOf(principal),
            occurredAt,
            now,
            dto.total,
            requestHash,
            JSON.stringify(linesJson(lines)),
            version,
            display.version,
            JSON.stringify(evaluation),
            JSON.stringify(earns.map((e) => ({ ...e.prepared, postingKey: e.posting.key }))),
            window.until,
            JSON.stringify(rawHolderSnapshot(snapshot)),
            JSON.stringify(rawHolderSnapshot(after)),
            JSON.stringify(response),
          ],
        });
        outcome = r.rows[0].r;
      } catch (err) {
        const e = err as { code?: string; detail?: string };
        if (e.code === 'RG001' && e.detail) {
          read = { ...read, snapshot: parseHolderSnapshot(JSON.parse(e.detail) as RawHolderSnapshot) };
          this.counterReads.set(ref.key, read);
          continue;
        }
        if (e.code === 'RG004') {
          this.counterReads.delete(ref.key);
          read = await this.readCounter(businessId, ref, now);
          continue;
        }
        if (e.code === 'RG002') {
          this.rules.evictCachedRules(businessId);
          continue;
        }
        if (e.code === 'RG003') return null;
        if (isReceiptClash(err)) {
          purchaseId = uuidv7();
          continue;
        }
        throw toDomainError(err);
      }
      if (outcome.status === 'conflict') throw idempotencyConflict();
      if (outcome.status === 'replay') return { ...outcome.response, replayed: true };
      this.counterReads.set(ref.key, { ...read, snapshot: after });
      return { ...response, replayed: false };
    }
    return null;
  }

  private evaluate(
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

  private earnInput(
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

  /** The purchase as a transaction of several statements (with redemptions, and the fallback of purchaseInOneCall). */
  private async purchaseInSteps(
    principal: Principal,
    dto: PurchaseDto,
    requestHash: string,
    now: Date,
    occurredAt: Date,
    member: CounterMember,
  ) {
    const businessId = principal.businessId;
    const lines = dto.lines ?? [];
    // Everything read from other tables is loaded before the transaction takes its connection:
    // a transaction never waits for a second pool connection (that deadlocks under load).
    const business = await this.business(businessId);
    const { version, ruleSet } = await this.rules.rulesAt(businessId, occurredAt);
    const display =
      occurredAt.getTime() === now.getTime() ? ruleSet : (await this.rules.rulesAt(businessId, now)).ruleSet;
    const catalogue = await this.rules.listRewards(businessId);
    // Rewards redeemed with the sale come off it before the rules see it: the free item
    // costs nothing and earns nothing; money off is not paid, so it earns nothing either.
    const rewards = (dto.redeem ?? []).map((item) => this.findReward(catalogue, item.rewardId));
    const sale = applyRewardsToPurchase(
      { occurredAt, total: dto.total, lines: saleLines(lines) },
      rewards.map(rewardOf),
      ruleSet.stampCards,
    );
    const paid = sale.purchase.total;

    for (let attempt = 0; ; attempt++) {
      try {
        return await this.purchaseTransaction(principal, dto, requestHash, now, occurredAt, member, {
          business,
          version,
          ruleSet,
          display,
          catalogue,
          rewards,
          sale,
          paid,
        });
      } catch (err) {
        if (attempt < 2 && isReceiptClash(err)) continue;
        throw err;
      }
    }
  }

  private async purchaseTransaction(
    principal: Principal,
    dto: PurchaseDto,
    requestHash: string,
    now: Date,
    occurredAt: Date,
    member: CounterMember,
    c: {
      business: BusinessEntity;
      version: number | null;
      ruleSet: RuleSet;
      display: RuleSet;
      catalogue: RewardEntity[];
      rewards: RewardEntity[];
      sale: ReturnType<typeof applyRewardsToPurchase>;
      paid: number;
    },
  ) {
    const businessId = principal.businessId;
    const lines = dto.lines ?? [];
    const { business, version, ruleSet, display, catalogue, sale, paid } = c;
    return inTransaction(this.pool, async (client) => {
      const claim = await claimKey(
        client,
        `INSERT INTO purchases (business_id, id, transaction_id, member_id, location_id, recorded_by, occurred_at, recorded_at, total, request_hash)
         VALUES ($1, $10, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (business_id, transaction_id) DO NOTHING RETURNING id`,
        [
          businessId,
          dto.transactionId,
          member.id,
          dto.locationId ?? null,
          actorOf(principal),
          occurredAt,
          now,
          paid,
          requestHash,
          uuidv7(),
        ],
        `SELECT request_hash, response FROM purchases WHERE business_id = $1 AND transaction_id = $2`,
        [businessId, dto.transactionId],
        requestHash,
      );
      if ('replay' in claim) return { ...(claim.replay as object), replayed: true };
      const purchaseId = claim.id;
      await this.lockMember(client, businessId, member.id);
      if (lines.length) {
        await client.query(
          `INSERT INTO purchase_lines (business_id, purchase_id, line_id, sku, category, quantity, unit_price)
           SELECT $1, $2, l.line_id, l.sku, l.category, l.quantity, l.unit_price
             FROM jsonb_to_recordset($3::jsonb) AS l(line_id text, sku text, category text, quantity int, unit_price bigint)`,
          [businessId, purchaseId, JSON.stringify(linesJson(lines))],
        );
      }

      const snapshot = await this.ledger.holderSnapshot({
        businessId,
        ownerType: 'member',
        ownerId: member.id,
        ...soonWindow(now),
        client,
      });
      const evaluation = this.evaluate(business, sale.purchase, occurredAt, ruleSet, snapshot);
      for (const posting of evaluation.postings) {
        await this.ledger.earn({
          ...this.earnInput(businessId, purchaseId, dto, member.id, now, posting),
          client,
        });
      }
      // The purchase.recorded event, built by the same SQL function as in the one-call path.
      await client.query(`SELECT pos_record_purchase_event($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        businessId,
        purchaseId,
        dto.transactionId,
        member.id,
        dto.locationId ?? null,
        occurredAt,
        now,
        paid, // what was paid: the sale less the rewards redeemed with it
        version,
        JSON.stringify(evaluation),
      ]);
      const earned = evaluation.postings.map(earnedOf);

      const redemptions: RedemptionOutcome[] = [];
      for (const [i, reward] of c.rewards.entries()) {
        const outcome = await this.redeemInTransaction(client, {
          businessId,
          memberId: member.id,
          reward,
          purchaseId,
          idempotencyKey: `purchase:${dto.transactionId}:redeem:${i}`,
          applied: sale.applied[i],
          requestHash,
          ruleSet,
        });
        // The keys are derived from this new purchase's own id: a replay here means a bug.
        if ('replay' in outcome) throw new DomainError(ErrorCode.CONFLICT, 'Redemption key collision');
        redemptions.push(outcome);
      }

      const summary = await this.reads.summary(businessId, member, client, { ruleSet: display, catalogue });
      const response = {
        purchase: purchaseHead(purchaseId, dto, member.id, occurredAt, version, paid),
        earned,
        notes: evaluation.notes,
        redemptions,
        summary,
      };
      await client.query(
        `UPDATE purchases SET evaluation = $3, rule_version = $4, response = $5 WHERE business_id = $1 AND id = $2`,
        [businessId, purchaseId, JSON.stringify(evaluation), version, JSON.stringify(response)],
      );
      return { ...response, replayed: false };
    });
  }

  /** The member's most recent purchases, newest first, with what is left to return of each line. */
  async recentPurchases(businessId: string, memberId: string, limit = 10): Promise<PurchaseListItem[]> {
    const r = await this.pool.query<PurchaseListRow>(
      `${PURCHASE_LIST_SQL} WHERE p.business_id = $1 AND p.member_id = $2
        ORDER BY p.occurred_at DESC, p.id DESC LIMIT $3`,
      [businessId, memberId, limit],
    );
    return r.rows.map(purchaseListItem);
  }

  /** The purchase with this receipt code (as printed, dashes and case ignored). */
  async purchaseByReceipt(businessId: string, text: string): Promise<PurchaseListItem> {
    const code = normaliseReceiptCode(text);
    if (!code) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'A receipt code is 8 characters 0-9 and A-F', {
        fields: [{ field: 'code', problems: ['must be 8 characters 0-9 and A-F'] }],
      });
    }
    const r = await this.pool.query<PurchaseListRow>(
      `${PURCHASE_LIST_SQL} WHERE p.business_id = $1 AND p.receipt_code = $2`,
      [businessId, code],
    );
    if (!r.rows.length) throw new NotFoundError('Purchase', { receiptCode: code });
    return purchaseListItem(r.rows[0]);
  }

  async getPurchase(businessId: string, id: string) {
    const r = await this.pool.query<{ response: unknown }>(
      `SELECT response FROM purchases WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    );
    if (!r.rows.length) throw new NotFoundError('Purchase');
    return r.rows[0].response;
  }

  // -------------------------------------------------------------- redemptions

  async redeem(principal: Principal, dto: RedemptionDto) {
    const businessId = principal.businessId;
    const requestHash = hashRequest(dto);
    const member = await this.resolveMember(businessId, dto.member);
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const catalogue = await this.rules.listRewards(businessId);
    const reward = this.findReward(catalogue, dto.rewardId);
    return inTransaction(this.pool, async (client) => {
      if (dto.purchaseId) {
        const p = await client.query(
          `SELECT 1 FROM purchases WHERE business_id = $1 AND id = $2 AND member_id = $3`,
          [businessId, dto.purchaseId, member.id],
        );
        if (!p.rows.length) throw new NotFoundError('Purchase');
      }
      const outcome = await this.redeemInTransaction(client, {
        businessId,
        memberId: member.id,
        reward,
        purchaseId: dto.purchaseId ?? null,
        idempotencyKey: dto.idempotencyKey,
        purchaseTotal: dto.purchaseTotal,
        requestHash,
        ruleSet,
      });
      if ('replay' in outcome) return { ...(outcome.replay as object), replayed: true };
      const summary = await this.reads.summary(businessId, member, client, { ruleSet, catalogue });
      const response = { redemption: outcome, summary };
      await client.query(`UPDATE redemptions SET response = $3 WHERE business_id = $1 AND id = $2`, [
        businessId,
        outcome.id,
        JSON.stringify(response),
      ]);
      return { ...response, replayed: false };
    });
  }

  /**
   * One redemption inside the caller's transaction: claims the key, spends the
   * reward's cost from the member's points or stamp card (refused below zero),
   * records the discount. Returns a replay marker for a repeated key.
   */
  private async redeemInTransaction(
    client: PoolClient,
    a: {
      businessId: string;
      memberId: string;
      reward: RewardEntity;
      purchaseId: string | null;
      idempotencyKey: string;
      purchaseTotal?: number;
      /** The reward as applied to the purchase it is redeemed with (applyRewardsToPurchase). */
      applied?: { discount: number; rule: string };
      requestHash: string;
      ruleSet: RuleSet;
    },
  ): Promise<RedemptionOutcome | { replay: unknown }> {
    const reward: Reward = rewardOf(a.reward);
    if (!reward.active) throw new DomainError(ErrorCode.UNPROCESSABLE, 'This reward is no longer offered');
    // Rewards limited to tiers or club members (issue 15): REWARD_LOCKED for anyone else.
    await this.tiers.assertRewardAllowed(client, a.businessId, a.memberId, reward.id, this.clock.now());
    let account: HolderAccountRef;
    let cost: number;
    if (reward.cost.kind === 'points') {
      account = pointsAccount(a.memberId);
      cost = reward.cost.points;
    } else {
      const cardId = reward.cost.cardId;
      const card = a.ruleSet.stampCards.find((c) => c.id === cardId);
      if (!card)
        throw new DomainError(
          ErrorCode.UNPROCESSABLE,
          'The stamp card of this reward is no longer in the rules',
        );
      account = stampsAccount(a.memberId, cardId);
      cost = card.cardSize;
    }
    const createdAt = this.clock.now();
    const claim = await claimKey(
      client,
      `INSERT INTO redemptions (business_id, id, idempotency_key, member_id, reward_id, purchase_id, cost, unit, discount, status, created_at, request_hash)
       VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6, $7, 0, 'redeemed', $8, $9)
       ON CONFLICT (business_id, idempotency_key) DO NOTHING RETURNING id`,
      [
        a.businessId,
        a.idempotencyKey,
        a.memberId,
        reward.id,
        a.purchaseId,
        cost,
        account.unit,
        createdAt,
        a.requestHash,
      ],
      `SELECT request_hash, response FROM redemptions WHERE business_id = $1 AND idempotency_key = $2`,
      [a.businessId, a.idempotencyKey],
      a.requestHash,
    );
    if ('replay' in claim) return claim;
    await this.lockMember(client, a.businessId, a.memberId);
    const spent = await this.ledger.spend({
      businessId: a.businessId,
      idempotencyKey: `redemption:${claim.id}`,
      at: this.clock.now(),
      account,
      amount: cost,
      reason: `Redeemed: ${reward.name}`,
      reference: `redemption:${claim.id}`,
      client,
    });
    let discount: number | null = null;
    let rule: string | null = null;
    if (a.applied) {
      discount = a.applied.discount;
      rule = a.applied.rule;
    } else if (a.purchaseTotal !== undefined || reward.benefit.kind !== 'percent_off') {
      const applied = applyRewardToPurchase(reward, a.purchaseTotal ?? Number.MAX_SAFE_INTEGER);
      discount = applied.discount;
      rule = applied.rule;
    }
    await client.query(
      `UPDATE redemptions SET ledger_transaction_id = $3, discount = $4 WHERE business_id = $1 AND id = $2`,
      [a.businessId, claim.id, spent.transactionId, discount ?? 0],
    );
    await recordEvent(client, {
      businessId: a.businessId,
      type: 'redemption.recorded',
      payload: {
        redemptionId: claim.id,
        memberId: a.memberId,
        rewardId: reward.id,
        purchaseId: a.purchaseId,
        unit: account.unit,
        cost,
        discount: discount ?? 0,
      },
      occurredAt: createdAt,
      recordedAt: createdAt,
    });
    return {
      id: claim.id,
      rewardId: reward.id,
      rewardName: reward.name,
      unit: account.unit,
      cost,
      discount,
      rule,
    };
  }

  // ------------------------------------------------------------------ returns

  async returnPurchase(principal: Principal, dto: ReturnDto) {
    const businessId = principal.businessId;
    const requestHash = hashRequest(dto);
    const now = this.clock.now();
    const found = await this.pool.query<{ member_id: string }>(
      `SELECT member_id FROM purchases WHERE business_id = $1 AND id = $2`,
      [businessId, dto.purchaseId],
    );
    if (!found.rows.length) throw new NotFoundError('Purchase');
    const member = await this.members.get(businessId, found.rows[0].member_id);
    const program = await this.rules.program(businessId);
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const catalogue = await this.rules.listRewards(businessId);
    return inTransaction(this.pool, async (client) => {
      const purchaseRow = await client.query<{
        id: string;
        member_id: string;
        transaction_id: string;
        evaluation: PurchaseEvaluation | null;
      }>(
        `SELECT id, member_id, transaction_id, evaluation FROM purchases WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`,
        [businessId, dto.purchaseId],
      );
      const purchase = purchaseRow.rows[0];
      if (!purchase || !purchase.evaluation) throw new NotFoundError('Purchase');
      const claim = await claimKey(
        client,
        `INSERT INTO purchase_returns (business_id, id, idempotency_key, purchase_id, lines, created_at, request_hash)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6)
         ON CONFLICT (business_id, idempotency_key) DO NOTHING RETURNING id`,
        [
          businessId,
          dto.idempotencyKey,
          dto.purchaseId,
          JSON.stringify(dto.lines ?? 'all'),
          now,
          requestHash,
        ],
        `SELECT request_hash, response FROM purchase_returns WHERE business_id = $1 AND idempotency_key = $2`,
        [businessId, dto.idempotencyKey],
        requestHash,
      );
      if ('replay' in claim) return { ...(claim.replay as object), replayed: true };
      await this.lockMember(client, businessId, purchase.member_id);

      const stored = await client.query<{ line_id: string; quantity: number; returned_quantity: number }>(
        `SELECT line_id, quantity, returned_quantity FROM purchase_lines WHERE business_id = $1 AND purchase_id = $2`,
        [businessId, purchase.id],
      );
      // A purchase recorded without lines is one synthetic line of quantity 1 (full returns only).
      const lineState = stored.rows.length
        ? stored.rows.map((r) => ({ lineId: r.line_id, quantity: r.quantity, returned: r.returned_quantity }))
        : [
            {
              lineId: TOTAL_LINE_ID,
              quantity: 1,
              returned: (await this.totalReturned(client, businessId, purchase.id)) ? 1 : 0,
            },
          ];
      const byId = new Map(lineState.map((l) => [l.lineId, l]));
      const requested =
        dto.lines ??
        lineState
          .filter((l) => l.quantity > l.returned)
          .map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.returned }));
      if (!requested.length)
        throw new DomainError(
          ErrorCode.UNPROCESSABLE,
          'Everything on this purchase has already been returned',
        );
      const seen = new Set<string>();
      for (const r of requested) {
        const l = byId.get(r.lineId);
        if (!l || seen.has(r.lineId))
          throw new DomainError(ErrorCode.UNPROCESSABLE, `Unknown or repeated line ${r.lineId}`, {
            lineId: r.lineId,
          });
        seen.add(r.lineId);
        if (r.quantity > l.quantity - l.returned) {
          throw new DomainError(
            ErrorCode.UNPROCESSABLE,
            `Line ${r.lineId}: only ${l.quantity - l.returned} left to return`,
            {
              lineId: r.lineId,
              returnable: l.quantity - l.returned,
            },
          );
        }
      }
      const result = evaluateReturn(
        purchase.evaluation,
        requested,
        lineState.filter((l) => l.returned > 0).map((l) => ({ lineId: l.lineId, quantity: l.returned })),
      );
      const reversed: { kind: string; key: string; amount: number; requested: number; reason: string }[] = [];
      const earnKey = (postingKey: string) => `purchase:${purchase.id}:${postingKey}`;
      const earnTx = await this.ledger.transactionIdsByKey({
        businessId,
        keys: result.reversals.map((r) => earnKey(r.postingKey)),
        client,
      });
      for (const rev of result.reversals) {
        const txId = earnTx.get(earnKey(rev.postingKey));
        if (!txId) continue;
        const res = await this.ledger.reverse({
          businessId,
          idempotencyKey: `return:${claim.id}:${rev.postingKey}`,
          at: now,
          transactionId: txId,
          amount: rev.amount,
          policy: program.reversalPolicy,
          reason: rev.reason,
          reference: `return:${purchase.transaction_id}`,
          client,
        });
        reversed.push({
          kind: rev.kind,
          key: rev.postingKey,
          amount: res.amount,
          requested: rev.amount,
          reason: rev.reason,
        });
      }
      if (stored.rows.length) {
        await client.query(
          `UPDATE purchase_lines pl SET returned_quantity = pl.returned_quantity + r.quantity
             FROM jsonb_to_recordset($3::jsonb) AS r(line_id text, quantity int)
            WHERE pl.business_id = $1 AND pl.purchase_id = $2 AND pl.line_id = r.line_id`,
          [
            businessId,
            purchase.id,
            JSON.stringify(requested.map((r) => ({ line_id: r.lineId, quantity: r.quantity }))),
          ],
        );
      }
      const restored: { redemptionId: string; rewardId: string; amount: number }[] = [];
      if (result.fullyReturned && program.restoreRewardsOnReturn) {
        const reds = await client.query<{ id: string; reward_id: string; ledger_transaction_id: string }>(
          `SELECT id, reward_id, ledger_transaction_id FROM redemptions
            WHERE business_id = $1 AND purchase_id = $2 AND status = 'redeemed' AND ledger_transaction_id IS NOT NULL FOR UPDATE`,
          [businessId, purchase.id],
        );
        for (const r of reds.rows) {
          const res = await this.ledger.reverse({
            businessId,
            idempotencyKey: `return:${claim.id}:restore:${r.id}`,
            at: now,
            transactionId: r.ledger_transaction_id,
            policy: 'refuse',
            reason: 'Reward given back: purchase returned',
            reference: `return:${purchase.transaction_id}`,
            client,
          });
          await client.query(
            `UPDATE redemptions SET status = 'restored' WHERE business_id = $1 AND id = $2`,
            [businessId, r.id],
          );
          restored.push({ redemptionId: r.id, rewardId: r.reward_id, amount: res.amount });
        }
      }
      const summary = await this.reads.summary(businessId, member, client, { ruleSet, catalogue });
      const response = {
        return: {
          id: claim.id,
          purchaseId: purchase.id,
          lines: requested,
          fullyReturned: result.fullyReturned,
        },
        reversed,
        restoredRewards: restored,
        summary,
      };
      await client.query(
        `UPDATE purchase_returns SET response = $3, lines = $4 WHERE business_id = $1 AND id = $2`,
        [businessId, claim.id, JSON.stringify(response), JSON.stringify(requested)],
      );
      const reversedOf = (kind: string) =>
        reversed.filter((r) => r.kind === kind).reduce((sum, r) => sum + r.amount, 0);
      await recordEvent(client, {
        businessId,
        type: 'return.recorded',
        payload: {
          returnId: claim.id,
          purchaseId: purchase.id,
          memberId: purchase.member_id,
          lines: requested,
          fullyReturned: result.fullyReturned,
          pointsReversed: reversedOf('points'),
          stampsReversed: reversedOf('stamps'),
          rewardsRestored: restored.length,
        },
        occurredAt: now,
        recordedAt: now,
      });
      return { ...response, replayed: false };
    });
  }

  private findReward(catalogue: RewardEntity[], id: string): RewardEntity {
    const r = catalogue.find((x) => x.id === id);
    if (!r) throw new NotFoundError('Reward');
    return r;
  }

  private async totalReturned(client: PoolClient, businessId: string, purchaseId: string): Promise<boolean> {
    const r = await client.query(
      `SELECT 1 FROM purchase_returns WHERE business_id = $1 AND purchase_id = $2 AND response IS NOT NULL LIMIT 1`,
      [businessId, purchaseId],
    );
    return r.rows.length > 0;
  }
}
