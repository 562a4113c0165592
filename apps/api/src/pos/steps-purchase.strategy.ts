import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import { applyRewardsToPurchase } from '@regulars/rules';
import { BusinessRepository } from '../businesses/businesses.repository';
import { RulesService, rewardOf } from '../rules/rules.service';
import { TiersService } from '../tiers/tiers.service';
import { CounterReadService } from './counter-read.service';
import { LoyaltyReadService, soonWindow } from './loyalty-read.service';
import {
  actorOf,
  earnedOf,
  earnInput,
  evaluateSale,
  isReceiptClash,
  linesJson,
  purchaseHead,
  saleLines,
  withBenefitMultipliers,
  benefitKeys,
  ledgerPostings,
  type PurchaseAnswer,
  type RedemptionOutcome,
} from './pos-common';
import { PosRepository } from './pos.repository';
import type { PurchaseRequest, PurchaseStrategy } from './purchase-strategy';
import { RedemptionService, findReward } from './redemption.service';

/**
 * The purchase as a transaction of several statements: claims the transaction
 * id, locks the member, reads balances and tier under the lock, evaluates,
 * earns, redeems the rewards named with the sale, and stores the answer. Takes
 * every purchase (with redemptions, debts to settle, and whatever the one-call
 * path gives up on).
 */
@Injectable()
export class StepsPurchase implements PurchaseStrategy {
  readonly name = 'steps' as const;

  constructor(
    private readonly repo: PosRepository,
    private readonly counter: CounterReadService,
    private readonly ledger: Ledger,
    private readonly businesses: BusinessRepository,
    private readonly rules: RulesService,
    private readonly tiers: TiersService,
    private readonly reads: LoyaltyReadService,
    private readonly redemptions: RedemptionService,
  ) {}

  async record(req: PurchaseRequest): Promise<PurchaseAnswer> {
    const { principal, dto, now, occurredAt } = req;
    const businessId = principal.businessId;
    const read = await this.counter.read(businessId, req.ref, now);
    const member = read.member;
    const lines = dto.lines ?? [];
    // Everything read from other tables is loaded before the transaction takes its connection:
    // a transaction never waits for a second pool connection (that deadlocks under load).
    const business = await this.businesses.findById(businessId);
    if (!business) throw new NotFoundError('Business');
    const { version, ruleSet } = await this.rules.rulesAt(businessId, occurredAt);
    const display =
      occurredAt.getTime() === now.getTime() ? ruleSet : (await this.rules.rulesAt(businessId, now)).ruleSet;
    const catalogue = await this.rules.listRewards(businessId);
    const [tiers, club] = await Promise.all([
      this.tiers.cachedSetup(businessId),
      this.tiers.counterClub(businessId),
    ]);
    // Rewards redeemed with the sale come off it before the rules see it: the free item
    // costs nothing and earns nothing; money off is not paid, so it earns nothing either.
    const rewards = (dto.redeem ?? []).map((item) => findReward(catalogue, item.rewardId));
    const sale = applyRewardsToPurchase(
      { occurredAt, total: dto.total, lines: saleLines(lines) },
      rewards.map(rewardOf),
      ruleSet.stampCards,
    );
    const paid = sale.purchase.total;

    for (let attempt = 0; ; attempt++) {
      try {
        return await this.repo.transaction(async (tx) => {
          const claim = await this.repo.claimPurchase(
            businessId,
            {
              id: uuidv7(),
              transactionId: dto.transactionId,
              memberId: member.id,
              locationId: dto.locationId ?? null,
              actor: actorOf(principal),
              occurredAt,
              recordedAt: now,
              total: paid,
              requestHash: req.requestHash,
            },
            tx,
          );
          if ('replay' in claim) return { ...(claim.replay as PurchaseAnswer), replayed: true };
          const purchaseId = claim.id;
          await this.repo.lockMember(businessId, member.id, tx);
          if (lines.length) await this.repo.insertPurchaseLines(businessId, purchaseId, linesJson(lines), tx);

          const snapshot = await this.ledger.holderSnapshot({
            businessId,
            ownerType: 'member',
            ownerId: member.id,
            ...soonWindow(now),
            client: tx,
          });
          // The tier and club events as stored now, under the member lock (race-free like the rules version).
          const benefits =
            tiers || club
              ? await this.repo.benefitStateOf(businessId, member.id, tx)
              : { tierState: null, clubEvents: [] };
          const rules = withBenefitMultipliers(
            ruleSet,
            tiers,
            club,
            { id: member.id, since: read.since },
            benefits,
            occurredAt,
          );
          const evaluation = evaluateSale(business, sale.purchase, occurredAt, rules, snapshot);
          for (const posting of ledgerPostings(evaluation.postings, benefitKeys(ruleSet, rules))) {
            await this.ledger.earn({
              ...earnInput(businessId, purchaseId, dto, member.id, now, posting),
              client: tx,
            });
          }
          await this.repo.recordPurchaseEvent(
            businessId,
            {
              purchaseId,
              transactionId: dto.transactionId,
              memberId: member.id,
              locationId: dto.locationId ?? null,
              occurredAt,
              now,
              paid, // what was paid: the sale less the rewards redeemed with it
              ruleVersion: version,
              evaluation,
            },
            tx,
          );

          const redemptions: RedemptionOutcome[] = [];
          for (const [i, reward] of rewards.entries()) {
            const outcome = await this.redemptions.redeemInTransaction(tx, {
              businessId,
              memberId: member.id,
              reward,
              purchaseId,
              idempotencyKey: `purchase:${dto.transactionId}:redeem:${i}`,
              applied: sale.applied[i],
              requestHash: req.requestHash,
              ruleSet,
            });
            // The keys are derived from this new purchase's own id: a replay here means a bug.
            if ('replay' in outcome) throw new DomainError(ErrorCode.CONFLICT, 'Redemption key collision');
            redemptions.push(outcome);
          }

          const summary = await this.reads.summary(businessId, member, tx, { ruleSet: display, catalogue });
          const response = {
            purchase: purchaseHead(purchaseId, dto, member.id, occurredAt, version, paid),
            earned: evaluation.postings.map(earnedOf),
            notes: evaluation.notes,
            redemptions,
            summary,
          };
          await this.repo.finishPurchase(businessId, purchaseId, evaluation, version, response, tx);
          return { ...response, replayed: false };
        });
      } catch (err) {
        if (attempt < 2 && isReceiptClash(err)) continue;
        throw err;
      }
    }
  }
}
