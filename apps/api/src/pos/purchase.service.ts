import { Injectable } from '@nestjs/common';
import { Clock, currencyDigits, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import type { Principal } from '../auth/principal';
import { BusinessRepository } from '../businesses/businesses.repository';
import { purchaseLimitsOf } from '../businesses/currency';
import { CounterReadService } from './counter-read.service';
import { hashRequest } from './idempotency';
import { normaliseReceiptCode, type PurchaseAnswer } from './pos-common';
import type { PurchaseDto } from './pos.dto';
import { PosRepository, type PurchaseListRow } from './pos.repository';
import { OneCallPurchase } from './one-call-purchase.strategy';
import { StepsPurchase } from './steps-purchase.strategy';
import type { PurchaseStrategy } from './purchase-strategy';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

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

/**
 * Purchases at the counter: checks the request (time, lines, amount limit),
 * then hands it to the strategies in order (one call, then steps; the first
 * that answers wins). Every write is idempotent by the POS's transactionId and
 * atomic with its ledger postings. Also the purchase look-ups for returns.
 */
@Injectable()
export class PurchaseService {
  private readonly strategies: PurchaseStrategy[];

  constructor(
    private readonly repo: PosRepository,
    private readonly counter: CounterReadService,
    private readonly businesses: BusinessRepository,
    private readonly clock: Clock,
    oneCall: OneCallPurchase,
    steps: StepsPurchase,
  ) {
    this.strategies = [oneCall, steps];
  }

  async recordPurchase(principal: Principal, dto: PurchaseDto): Promise<PurchaseAnswer> {
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
    const request = {
      principal,
      dto,
      requestHash: hashRequest({ ...dto, occurredAt: dto.occurredAt ?? null }),
      now,
      occurredAt,
      ref: this.counter.ref(businessId, dto.member),
    };
    for (const strategy of this.strategies) {
      const answer = await strategy.record(request);
      if (answer) return answer;
    }
    // The last strategy (steps) takes every purchase.
    throw new Error('no purchase strategy answered');
  }

  /**
   * Refuses a sale above the business's hard amount limit (AMOUNT_OVER_LIMIT,
   * nothing written): the total or the sum of the lines, whichever is larger.
   */
  private async checkAmountLimit(businessId: string, dto: PurchaseDto): Promise<void> {
    const business = await this.businesses.findById(businessId);
    if (!business) throw new NotFoundError('Business');
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

  /** The member's most recent purchases, newest first, with what is left to return of each line. */
  async recentPurchases(businessId: string, memberId: string, limit = 10): Promise<PurchaseListItem[]> {
    return (await this.repo.recentPurchases(businessId, memberId, limit)).map(purchaseListItem);
  }

  /** The purchase with this receipt code (as printed, dashes and case ignored). */
  async purchaseByReceipt(businessId: string, text: string): Promise<PurchaseListItem> {
    const code = normaliseReceiptCode(text);
    if (!code) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'A receipt code is 8 characters 0-9 and A-F', {
        fields: [{ field: 'code', problems: ['must be 8 characters 0-9 and A-F'] }],
      });
    }
    const row = await this.repo.purchaseByReceipt(businessId, code);
    if (!row) throw new NotFoundError('Purchase', { receiptCode: code });
    return purchaseListItem(row);
  }

  /** A recorded purchase as it was answered. */
  async getPurchase(businessId: string, id: string): Promise<PurchaseAnswer> {
    const row = await this.repo.purchaseResponse(businessId, id);
    if (!row) throw new NotFoundError('Purchase');
    return row.response as PurchaseAnswer;
  }
}
