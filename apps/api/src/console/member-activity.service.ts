import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { Clock, DomainError, ErrorCode } from '@regulars/core';
import { Ledger, type LedgerResult } from '@regulars/ledger';
import { expiryInstant } from '@regulars/rules';
import { poolOf } from '../ledger/ledger.module';
import { inTransaction } from '../pos/idempotency';
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

interface AdjustmentRow {
  id: string;
  member_id: string;
  staff_id: string;
  staff_name: string;
  amount: string;
  reason: string;
  ledger_transaction_id: string | null;
  created_at: Date;
}

const PURCHASES_PAGE = 20;

/**
 * What the console shows of one member beyond the profile: balances and stamp
 * progress, the full history with reasons, purchases with their lines, and
 * manual points adjustments (a ledger posting plus its audit row, atomically).
 * Every method takes the business id first and answers 404 for another business's member.
 */
@Injectable()
export class MemberActivityService {
  private readonly pool: Pool;
  constructor(
    dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly members: MembersService,
    private readonly businesses: BusinessesService,
    private readonly rules: RulesService,
    private readonly reads: LoyaltyReadService,
    private readonly clock: Clock,
  ) {
    this.pool = poolOf(dataSource);
  }

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
    const rows = (
      await this.pool.query<{
        id: string;
        transaction_id: string;
        occurred_at: Date;
        total: string;
        location_id: string | null;
        lines: {
          lineId: string;
          sku: string | null;
          category: string | null;
          quantity: number;
          unitPrice: string;
          returnedQuantity: number;
        }[];
      }>(
        `SELECT p.id, p.transaction_id, p.occurred_at, p.total, p.location_id,
              coalesce((SELECT jsonb_agg(jsonb_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category,
                        'quantity', l.quantity, 'unitPrice', l.unit_price::text, 'returnedQuantity', l.returned_quantity)
                        ORDER BY l.line_id)
                 FROM purchase_lines l WHERE l.business_id = p.business_id AND l.purchase_id = p.id), '[]') AS lines
         FROM purchases p
        WHERE p.business_id = $1 AND p.member_id = $2
          AND ($3::timestamptz IS NULL OR (p.occurred_at, p.id) < ($3::timestamptz, $4::uuid))
        ORDER BY p.occurred_at DESC, p.id DESC
        LIMIT ${PURCHASES_PAGE + 1}`,
        [businessId, memberId, after?.[0] ?? null, after?.[1] ?? null],
      )
    ).rows;
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
    const rows = (
      await this.pool.query<AdjustmentRow & { balance_after: string | null }>(
        `${ADJUSTMENT_SELECT} WHERE a.business_id = $1 AND a.member_id = $2 ORDER BY a.created_at DESC, a.id DESC LIMIT 200`,
        [businessId, memberId],
      )
    ).rows;
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
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO point_adjustments
           (business_id, idempotency_key, member_id, staff_id, amount, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (business_id, idempotency_key) DO NOTHING RETURNING id`,
        [businessId, dto.idempotencyKey, memberId, staffId, dto.amount, reason, now],
      );
      let row: AdjustmentRow;
      if (inserted.rows.length) {
        row = (
          await client.query<AdjustmentRow>(`${ADJUSTMENT_SELECT} WHERE a.business_id = $1 AND a.id = $2`, [
            businessId,
            inserted.rows[0].id,
          ])
        ).rows[0];
      } else {
        row = (
          await client.query<AdjustmentRow>(
            `${ADJUSTMENT_SELECT} WHERE a.business_id = $1 AND a.idempotency_key = $2`,
            [businessId, dto.idempotencyKey],
          )
        ).rows[0];
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
        client,
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
        await client.query(
          `UPDATE point_adjustments SET ledger_transaction_id = $3 WHERE business_id = $1 AND id = $2`,
          [businessId, row.id, result.transactionId],
        );
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

const ADJUSTMENT_SELECT = `
  SELECT a.id, a.member_id, a.staff_id, s.name AS staff_name, a.amount, a.reason, a.ledger_transaction_id,
         a.created_at,
         (SELECT (t.result -> 'balance' ->> 'available') FROM ledger_transactions t
           WHERE t.business_id = a.business_id AND t.idempotency_key = 'adjustment:' || a.idempotency_key) AS balance_after
    FROM point_adjustments a
    JOIN staff_users s ON s.business_id = a.business_id AND s.id = a.staff_id`;

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
