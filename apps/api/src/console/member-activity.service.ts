import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode } from '@regulars/core';
import { Ledger, type LedgerResult } from '@regulars/ledger';
import { expiryInstant } from '@regulars/rules';
import { Db } from '../database/db';
import { ConsoleRepository, type AdjustmentRow } from './console.repository';
import { LoyaltyReadService } from '../pos/loyalty-read.service';
import { MembersService } from '../members/members.service';
import { BusinessesService } from '../businesses/businesses.service';
import { RulesService } from '../rules/rules.service';
import type { AdjustPointsDto } from './console.dto';
import type {
  AdjustmentView,
  HistoryPageView,
  MemberLoyaltyView,
  MemberPurchasePageView,
  MemberPurchaseView,
} from './console.views';

const PURCHASES_PAGE = 20;

/**
 * What the console shows of one member beyond the profile: balances and stamp
 * progress, the full history with reasons, purchases with their lines, and
 * manual points adjustments (a ledger posting plus its audit row, atomically).
 * Every method takes the business id first and answers 404 for another business's member.
 */
@Injectable()
export class MemberActivityService {
  constructor(
    private readonly db: Db,
    private readonly repo: ConsoleRepository,
    private readonly ledger: Ledger,
    private readonly members: MembersService,
    private readonly businesses: BusinessesService,
    private readonly rules: RulesService,
    private readonly reads: LoyaltyReadService,
    private readonly clock: Clock,
  ) {}

  async loyalty(businessId: string, memberId: string): Promise<MemberLoyaltyView> {
    const member = await this.members.get(businessId, memberId);
    const s = await this.reads.summary(businessId, member);
    return {
      points: s.points,
      stampCards: s.stampCards,
      rewardsAvailable: s.rewardsAvailable.map((r) => ({
        id: r.id,
        name: r.name,
        cost: r.cost as Record<string, unknown>,
        benefit: r.benefit as Record<string, unknown>,
        times: r.times,
      })),
    };
  }

  async history(businessId: string, memberId: string, cursor?: string): Promise<HistoryPageView> {
    await this.members.get(businessId, memberId);
    if (cursor !== undefined && !/^\d{1,19}$/.test(cursor)) throw badCursor();
    return this.reads.history(businessId, memberId, cursor);
  }

  /** Newest first, 20 a page; the cursor is `<occurredAt ms>:<purchase id>` of the last one seen. */
  async purchases(businessId: string, memberId: string, cursor?: string): Promise<MemberPurchasePageView> {
    await this.members.get(businessId, memberId);
    let after: [Date, string] | null = null;
    if (cursor !== undefined) {
      const m = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(cursor);
      if (!m) throw badCursor();
      after = [new Date(Number(m[1])), m[2]];
    }
    const rows = await this.repo.memberPurchases(businessId, memberId, after, PURCHASES_PAGE + 1);
    const page = rows.slice(0, PURCHASES_PAGE);
    const items = page.map((r): MemberPurchaseView => ({
      id: r.id,
      transactionId: r.transaction_id,
      occurredAt: r.occurred_at.toISOString(),
      total: Number(r.total),
      locationId: r.location_id,
      lines: r.lines.map((l) => ({ ...l, unitPrice: Number(l.unitPrice) })),
    }));
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > PURCHASES_PAGE ? `${last.occurred_at.getTime()}:${last.id}` : null,
    };
  }

  async adjustments(businessId: string, memberId: string): Promise<AdjustmentView[]> {
    await this.members.get(businessId, memberId);
    const rows = await this.repo.adjustments(businessId, memberId);
    return rows.map((r) => adjustmentView(r, Number(r.balance_after ?? 0)));
  }

  /**
   * A manual points adjustment: an earn (positive) or a spend (negative) on the
   * member's points, with the staff member's reason on the member's statement,
   * and its audit row (who, when, why) in the same transaction. Idempotent by
   * the caller's key (ledger key `adjustment:<key>`): a retry returns the first
   * answer; the same key with another member, amount or reason is a conflict.
   * A credit follows the program's points expiry like earned points.
   */
  async adjust(
    businessId: string,
    staffId: string,
    memberId: string,
    dto: AdjustPointsDto,
  ): Promise<AdjustmentView> {
    await this.members.get(businessId, memberId);
    const reason = dto.reason.trim();
    const business = await this.businesses.get(businessId);
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const inserted = await this.repo.insertAdjustment(
        businessId,
        { idempotencyKey: dto.idempotencyKey, memberId, staffId, amount: dto.amount, reason, createdAt: now },
        tx,
      );
      let row: AdjustmentRow;
      if (inserted) {
        row = await this.repo.adjustmentById(businessId, inserted, tx);
      } else {
        row = await this.repo.adjustmentByKey(businessId, dto.idempotencyKey, tx);
        if (row.member_id !== memberId || Number(row.amount) !== dto.amount || row.reason !== reason)
          throw new DomainError(
            ErrorCode.IDEMPOTENCY_CONFLICT,
            'This key was already used for a different adjustment',
          );
      }
      // The posting is computed from the stored row, so a retry is the very same ledger request.
      const at = row.created_at;
      const common = {
        businessId,
        idempotencyKey: `adjustment:${dto.idempotencyKey}`,
        at,
        account: { unit: 'points', ownerType: 'member' as const, ownerId: memberId },
        reason: `Adjustment: ${row.reason}`,
        reference: `adjustment:${row.id}`,
        metadata: { adjustmentId: row.id, staffId: row.staff_id },
        client: tx.client,
      };
      const amount = Number(row.amount);
      let result: LedgerResult;
      if (amount > 0) {
        const months = ruleSet.pointsExpiry?.afterMonths;
        result = await this.ledger.earn({
          ...common,
          amount,
          expiresAt: months ? new Date(expiryInstant(at.getTime(), months, business.timeZone)) : null,
        });
      } else {
        result = await this.ledger.spend({ ...common, amount: -amount });
      }
      if (row.ledger_transaction_id === null) {
        await this.repo.setAdjustmentLedgerTransaction(businessId, row.id, result.transactionId, tx);
        row.ledger_transaction_id = result.transactionId;
      }
      return adjustmentView(row, result.balance.available);
    });
  }
}

const badCursor = () =>
  new DomainError(ErrorCode.VALIDATION_FAILED, 'cursor is not one this list gave', {
    fields: [{ field: 'cursor', problems: ['unknown cursor'] }],
  });

function adjustmentView(r: AdjustmentRow, balanceAfter: number): AdjustmentView {
  return {
    id: r.id,
    memberId: r.member_id,
    amount: Number(r.amount),
    reason: r.reason,
    staffId: r.staff_id,
    staffName: r.staff_name,
    createdAt: r.created_at.toISOString(),
    ledgerTransactionId: r.ledger_transaction_id,
    balanceAfter,
  };
}
