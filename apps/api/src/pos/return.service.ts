import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import { evaluateReturn, TOTAL_LINE_ID } from '@regulars/rules';
import type { Principal } from '../auth/principal';
import { MembersService } from '../members/members.service';
import { RulesService } from '../rules/rules.service';
import { recordEvent } from '../events/events';
import { hashRequest } from './idempotency';
import { LoyaltyReadService, type LoyaltySummary } from './loyalty-read.service';
import type { ReturnDto } from './pos.dto';
import { BASE_POINTS_KEY } from './pos-common';
import { PosRepository } from './pos.repository';

/** The answer to a return. */
export interface ReturnAnswer {
  return: {
    id: string;
    purchaseId: string;
    lines: { lineId: string; quantity: number }[];
    fullyReturned: boolean;
  };
  reversed: { kind: string; key: string; amount: number; requested: number; reason: string }[];
  restoredRewards: { redemptionId: string; rewardId: string; amount: number }[];
  summary: LoyaltySummary;
  replayed: boolean;
}

/**
 * Returns at the counter: reverses exactly what the returned lines earned
 * (libs/rules evaluateReturn: its checks and its codes, VALIDATION_FAILED for
 * an unknown line, RETURN_EXCEEDS_PURCHASE for more than is left), under the
 * program's reversal policy, and gives back the rewards redeemed with a fully
 * returned purchase when the program says so.
 */
@Injectable()
export class ReturnService {
  constructor(
    private readonly repo: PosRepository,
    private readonly ledger: Ledger,
    private readonly members: MembersService,
    private readonly rules: RulesService,
    private readonly reads: LoyaltyReadService,
    private readonly clock: Clock,
  ) {}

  async returnPurchase(principal: Principal, dto: ReturnDto): Promise<ReturnAnswer> {
    const businessId = principal.businessId;
    const requestHash = hashRequest(dto);
    const now = this.clock.now();
    const named = (dto.lines ?? []).map((l) => l.lineId);
    if (new Set(named).size !== named.length) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'lineId must be unique within a return', {
        fields: [{ field: 'lines', problems: ['duplicate lineId'] }],
      });
    }
    const memberId = await this.repo.purchaseMember(businessId, dto.purchaseId);
    if (!memberId) throw new NotFoundError('Purchase');
    const member = await this.members.get(businessId, memberId);
    const program = await this.rules.program(businessId);
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const catalogue = await this.rules.listRewards(businessId);
    return this.repo.transaction(async (tx) => {
      const purchase = await this.repo.lockPurchase(businessId, dto.purchaseId, tx);
      if (!purchase || !purchase.evaluation) throw new NotFoundError('Purchase');
      const claim = await this.repo.claimReturn(
        businessId,
        {
          idempotencyKey: dto.idempotencyKey,
          purchaseId: dto.purchaseId,
          lines: dto.lines ?? 'all',
          createdAt: now,
          requestHash,
        },
        tx,
      );
      if ('replay' in claim) return { ...(claim.replay as ReturnAnswer), replayed: true };
      await this.repo.lockMember(businessId, purchase.member_id, tx);

      const stored = await this.repo.purchaseLineState(businessId, purchase.id, tx);
      // A purchase recorded without lines is one synthetic line of quantity 1 (full returns only).
      const lineState = stored.length
        ? stored.map((r) => ({ lineId: r.line_id, quantity: r.quantity, returned: r.returned_quantity }))
        : [
            {
              lineId: TOTAL_LINE_ID,
              quantity: 1,
              returned: (await this.repo.anyReturnRecorded(businessId, purchase.id, tx)) ? 1 : 0,
            },
          ];
      // The lines named, or everything left.
      const requested =
        dto.lines ??
        lineState
          .filter((l) => l.quantity > l.returned)
          .map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.returned }));
      if (!requested.length)
        throw new DomainError(
          ErrorCode.NOTHING_TO_RETURN,
          'Everything on this purchase has already been returned',
        );
      // The checks (unknown line, more than is left) are the rules library's.
      const result = evaluateReturn(
        purchase.evaluation,
        requested,
        lineState.filter((l) => l.returned > 0).map((l) => ({ lineId: l.lineId, quantity: l.returned })),
      );
      const reversed: ReturnAnswer['reversed'] = [];
      const earnKey = (postingKey: string) => `purchase:${purchase.id}:${postingKey}`;
      // A tier or club extra was posted with the base points (ledgerPostings): its own key has no
      // movement, the base key's movement holds it (purchases recorded before that: its own).
      const earnTx = await this.ledger.transactionIdsByKey({
        businessId,
        keys: [...result.reversals.map((r) => earnKey(r.postingKey)), earnKey(BASE_POINTS_KEY)],
        client: tx,
      });
      for (const rev of result.reversals) {
        const txId =
          earnTx.get(earnKey(rev.postingKey)) ??
          (rev.kind === 'points' ? earnTx.get(earnKey(BASE_POINTS_KEY)) : undefined);
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
          client: tx,
        });
        reversed.push({
          kind: rev.kind,
          key: rev.postingKey,
          amount: res.amount,
          requested: rev.amount,
          reason: rev.reason,
        });
      }
      if (stored.length) await this.repo.addReturnedQuantities(businessId, purchase.id, requested, tx);
      const restored: ReturnAnswer['restoredRewards'] = [];
      if (result.fullyReturned && program.restoreRewardsOnReturn) {
        for (const r of await this.repo.redemptionsToRestore(businessId, purchase.id, tx)) {
          const res = await this.ledger.reverse({
            businessId,
            idempotencyKey: `return:${claim.id}:restore:${r.id}`,
            at: now,
            transactionId: r.ledger_transaction_id,
            policy: 'refuse',
            reason: 'Reward given back: purchase returned',
            reference: `return:${purchase.transaction_id}`,
            client: tx,
          });
          await this.repo.markRedemptionRestored(businessId, r.id, tx);
          restored.push({ redemptionId: r.id, rewardId: r.reward_id, amount: res.amount });
        }
      }
      const summary = await this.reads.summary(businessId, member, tx, { ruleSet, catalogue });
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
      await this.repo.finishReturn(businessId, claim.id, response, requested, tx);
      const reversedOf = (kind: string) =>
        reversed.filter((r) => r.kind === kind).reduce((sum, r) => sum + r.amount, 0);
      await recordEvent(tx, {
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
}
