import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Ledger, type HolderAccountRef } from '@regulars/ledger';
import { checkScannedCard, MembersService } from '../members/members.service';
import { RebatesRepository } from './rebates.repository';
import type { RefundStoreCreditDto, SpendStoreCreditDto, StoreCreditMemberDto } from './store-credit.dto';
import { StoreCreditRepository } from './store-credit.repository';
import type { StoreCreditBalanceView, StoreCreditMovementView } from './store-credit.views';

/** A company's store-credit account: where store-credit settlements pay in (RebatesService.postSettlement). */
export const storeCreditAccount = (currency: string, companyId: string): HolderAccountRef => ({
  unit: `credit:${currency}`,
  ownerType: 'customer',
  ownerId: `company:${companyId}`,
});

/**
 * Store credit at the counter (issue 16): a buyer pays part of a sale with the
 * store credit of the company they buy for. Each spend is one ledger
 * transaction on the company's credit account (the ledger locks the account,
 * refuses more than the balance and answers a retried key with the first
 * result); a refund reverses a spend, in full or in part.
 */
@Injectable()
export class StoreCreditService {
  constructor(
    private readonly repo: StoreCreditRepository,
    private readonly rebates: RebatesRepository,
    private readonly members: MembersService,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {}

  /** The member named by exactly one of card, member number or id. */
  private async member(businessId: string, ref: StoreCreditMemberDto): Promise<string> {
    const given = [ref.cardPayload, ref.memberNumber, ref.memberId].filter((x) => x !== undefined);
    if (given.length !== 1)
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'Give exactly one of cardPayload, memberNumber and memberId',
        { fields: [{ field: 'member', problems: ['exactly one of cardPayload, memberNumber, memberId'] }] },
      );
    if (ref.cardPayload !== undefined) {
      const cardId = this.members.verifyScanPayload(businessId, ref.cardPayload);
      const card = await this.repo.card(businessId, cardId);
      checkScannedCard(card ? { status: card.status, revokedAt: null } : null);
      return card!.member_id;
    }
    const id =
      ref.memberNumber !== undefined
        ? await this.repo.memberByNumber(businessId, ref.memberNumber)
        : await this.repo.memberById(businessId, ref.memberId!);
    if (!id) throw new NotFoundError('Member');
    return id;
  }

  private async companyOf(businessId: string, memberId: string) {
    return this.rebates.companyOfBuyerAt(businessId, memberId, this.clock.now());
  }

  async balance(businessId: string, ref: StoreCreditMemberDto): Promise<StoreCreditBalanceView> {
    const memberId = await this.member(businessId, ref);
    const { currency } = await this.rebates.business(businessId);
    const company = await this.companyOf(businessId, memberId);
    if (!company) return { memberId, companyId: null, companyName: null, currency, balance: 0 };
    const b = await this.ledger.balance({
      businessId,
      account: storeCreditAccount(currency, company.company_id),
    });
    return {
      memberId,
      companyId: company.company_id,
      companyName: company.legal_name,
      currency,
      balance: b.available,
    };
  }

  async spend(businessId: string, dto: SpendStoreCreditDto): Promise<StoreCreditMovementView> {
    const memberId = await this.member(businessId, dto);
    const company = await this.companyOf(businessId, memberId);
    if (!company)
      throw new DomainError(
        ErrorCode.NOT_A_COMPANY_BUYER,
        'This member buys for no company: there is no store credit to pay with',
        { memberId },
      );
    const receiptCode = dto.receiptCode?.toUpperCase() ?? null;
    if (receiptCode && !(await this.repo.receiptExists(businessId, receiptCode)))
      throw new NotFoundError('Receipt', { receiptCode });
    const { currency } = await this.rebates.business(businessId);
    const r = await this.ledger.spend({
      businessId,
      idempotencyKey: `store-credit-spend:${dto.idempotencyKey}`,
      at: this.clock.now(),
      account: storeCreditAccount(currency, company.company_id),
      amount: dto.amount,
      reason: 'paid with store credit',
      reference: receiptCode,
      metadata: { memberId },
    });
    return {
      id: r.transactionId,
      kind: 'spend',
      memberId,
      companyId: company.company_id,
      companyName: company.legal_name,
      amount: r.amount,
      currency,
      balance: r.balance.available,
      receiptCode,
      replayed: r.replayed,
      at: r.effectiveAt.toISOString(),
    };
  }

  async refund(
    businessId: string,
    spendId: string,
    dto: RefundStoreCreditDto,
  ): Promise<StoreCreditMovementView> {
    const spend = await this.repo.creditSpend(businessId, spendId);
    if (!spend) throw new NotFoundError('Store-credit payment');
    const companyId = spend.owner_id.slice('company:'.length);
    const [company] = await this.rebates.companies(businessId, [companyId]);
    const r = await this.ledger.reverse({
      businessId,
      idempotencyKey: `store-credit-refund:${dto.idempotencyKey}`,
      at: this.clock.now(),
      transactionId: spendId,
      amount: dto.amount ?? null,
      reason: 'store credit given back (return or cancelled sale)',
      reference: spend.reference,
    });
    return {
      id: r.transactionId,
      kind: 'refund',
      memberId: spend.metadata?.memberId ?? '',
      companyId,
      companyName: company?.legal_name ?? '',
      amount: r.amount,
      currency: spend.unit.slice('credit:'.length),
      balance: r.balance.available,
      receiptCode: spend.reference,
      replayed: r.replayed,
      at: r.effectiveAt.toISOString(),
    };
  }
}
