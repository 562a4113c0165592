import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import type { Principal } from '../auth/principal';
import { Db } from '../database/db';
import { PurchaseService } from '../pos/purchase.service';
import { ClubRepository } from '../tiers/club.repository';
import { ClubService } from '../tiers/club.service';
import type { ClubPaymentView } from '../tiers/club.views';

/**
 * The paid club's fee at the counter: a purchase of the membership product
 * through the purchase path (PurchaseService.recordPurchase, one line of the
 * club's sku at the fee; a retry with the same transactionId is the same
 * purchase), then the payment recorded from that purchase at once (the
 * purchase consumer records it too, for the till's own sales: once per
 * purchase line unit either way).
 */
@Injectable()
export class ClubPaymentsService {
  private readonly pool: Pool;

  constructor(
    db: Db,
    private readonly pos: PurchaseService,
    private readonly clubs: ClubService,
    private readonly repo: ClubRepository,
  ) {
    this.pool = db.pool;
  }

  async pay(
    principal: Principal,
    memberId: string,
    dto: { transactionId: string; locationId?: string },
  ): Promise<ClubPaymentView> {
    const businessId = principal.businessId;
    const member = await this.repo.memberExists(businessId, memberId, this.pool);
    if (!member) throw new NotFoundError('Member');
    const club = await this.repo.club(businessId, this.pool);
    if (!club) throw new NotFoundError('Club');
    const a = club.definition.access;
    if (a.kind !== 'paid' || !club.membershipSku)
      throw new DomainError(ErrorCode.CLUB_ACCESS_MISMATCH, `This club is ${a.kind}, not paid`, {
        access: a.kind,
      });
    const result = (await this.pos.recordPurchase(principal, {
      transactionId: dto.transactionId,
      member: { memberNumber: member.memberNumber },
      ...(dto.locationId ? { locationId: dto.locationId } : {}),
      total: a.fee,
      lines: [
        {
          lineId: 'club-fee',
          sku: club.membershipSku,
          category: 'club-membership',
          quantity: 1,
          unitPrice: a.fee,
        },
      ],
    })) as unknown as { purchase: { id: string } };
    const purchaseId = result.purchase.id;
    const membership =
      (await this.clubs.recordPurchasePayments(businessId, purchaseId)) ??
      (await this.clubs.membership(businessId, memberId));
    return { purchaseId, fee: a.fee, currency: await this.clubs.currency(businessId), membership };
  }
}
