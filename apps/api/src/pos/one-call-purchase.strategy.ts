import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { NotFoundError } from '@regulars/core';
import {
  Ledger,
  parseHolderSnapshot,
  rawHolderSnapshot,
  toDomainError,
  type RawHolderSnapshot,
} from '@regulars/ledger';
import { BusinessRepository } from '../businesses/businesses.repository';
import { RulesService } from '../rules/rules.service';
import { storedViewAt, TiersService } from '../tiers/tiers.service';
import { CounterReadService } from './counter-read.service';
import { idempotencyConflict } from './idempotency';
import { buildSummary, soonWindow } from './loyalty-read.service';
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
  clubSeqOf,
  type PurchaseAnswer,
} from './pos-common';
import { PosRepository } from './pos.repository';
import { purchaseCallArgument } from './purchase-call';
import type { PurchaseRequest, PurchaseStrategy } from './purchase-strategy';
import { predictAfterEarns } from './predict';

/** How often a stale read (balances, member, card, rules, tier) is re-evaluated before giving up. */
const ATTEMPTS = 3;

/**
 * The purchase as one database call (pos_record_purchase): the app reads the
 * member's balances, evaluates the rules and computes the whole answer; the
 * function writes it all in one statement after checking, under the member
 * lock, that the rules, balances and tier used are still current, and that
 * the balances afterwards are the ones the answer shows. A stale read is
 * re-evaluated (up to 3 times); null sends the purchase to StepsPurchase
 * (redemptions with the purchase, debts to settle, mispredictions).
 *
 * The member, card, balances and tier come from the scan just before when this
 * instance served it (CounterReadService), else from a read now. Reusing them
 * is safe because the call checks each under the member lock: the balances
 * (RG001, with the fresh snapshot), the rule versions (RG002), the card still
 * active and the member's name unchanged (RG004), the stored tier and the
 * newest club event (RG005).
 */
@Injectable()
export class OneCallPurchase implements PurchaseStrategy {
  readonly name = 'one-call' as const;

  constructor(
    private readonly repo: PosRepository,
    private readonly counter: CounterReadService,
    private readonly ledger: Ledger,
    private readonly businesses: BusinessRepository,
    private readonly rules: RulesService,
    private readonly tiers: TiersService,
  ) {}

  async record(req: PurchaseRequest): Promise<PurchaseAnswer | null> {
    const { principal, dto, now, occurredAt, ref } = req;
    if (dto.redeem?.length) return null;
    const businessId = principal.businessId;
    let read = this.counter.remembered(ref) ?? (await this.counter.read(businessId, ref, now));
    const business = await this.businesses.findById(businessId);
    if (!business) throw new NotFoundError('Business');
    const lines = dto.lines ?? [];
    // Time-ordered (UUIDv7): the purchase's primary key, its lines' keys and its ledger
    // idempotency keys (purchase:<id>:...) land at the right edge of their indexes, whose
    // pages stay cached, instead of a random page of an index far larger than shared_buffers.
    let purchaseId = uuidv7();
    const window = soonWindow(now);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { member, snapshot } = read;
      const [{ version, ruleSet }, display, catalogue, tiers, club] = await Promise.all([
        this.rules.cachedRulesAt(businessId, occurredAt),
        this.rules.cachedRulesAt(businessId, now),
        this.rules.listRewards(businessId),
        this.tiers.cachedSetup(businessId),
        this.tiers.counterClub(businessId),
      ]);
      // The tier from the stored view when it is exact at occurredAt, else from the state.
      const tierView = tiers ? storedViewAt(tiers, read.tierView, occurredAt) : undefined;
      const tierState = tiers && !tierView ? await this.counter.tierStateOf(businessId, read) : null;
      const rules = withBenefitMultipliers(
        ruleSet,
        tiers,
        club,
        { id: member.id, since: read.since },
        { tierState, tierView, clubEvents: read.clubEvents },
        occurredAt,
      );
      const evaluation = evaluateSale(
        business,
        { total: dto.total, lines: saleLines(lines) },
        occurredAt,
        rules,
        snapshot,
      );
      const earns = ledgerPostings(evaluation.postings, benefitKeys(ruleSet, rules)).map((posting) => ({
        posting,
        prepared: this.ledger.prepareEarn(earnInput(businessId, purchaseId, dto, member.id, now, posting)),
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
        redemptions: [],
        summary: buildSummary(member, after, display.ruleSet, catalogue),
      };
      let outcome;
      try {
        outcome = await this.repo.recordPurchaseCall(
          businessId,
          purchaseCallArgument({
            businessId,
            purchaseId,
            transactionId: dto.transactionId,
            memberId: member.id,
            cardId: read.cardId,
            firstName: member.firstName,
            lastName: member.lastName,
            locationId: dto.locationId ?? null,
            actor: actorOf(principal),
            occurredAt,
            recordedAt: now,
            total: dto.total,
            requestHash: req.requestHash,
            lines: linesJson(lines),
            ruleVersion: version,
            displayRuleVersion: display.version,
            evaluation,
            earns: earns.map((e) => ({ ...e.prepared, postingKey: e.posting.key })),
            soonUntil: window.until,
            before: rawHolderSnapshot(snapshot),
            after: rawHolderSnapshot(after),
            tierId: read.tierId,
            clubSeq: clubSeqOf(read.clubEvents),
            response,
          }),
        );
      } catch (err) {
        const e = err as { code?: string; detail?: string };
        if (e.code === 'RG001' && e.detail) {
          read = { ...read, snapshot: parseHolderSnapshot(JSON.parse(e.detail) as RawHolderSnapshot) };
          this.counter.remember(ref, read);
          continue;
        }
        if (e.code === 'RG004' || e.code === 'RG005') {
          // The member, card, tier or club membership changed: read everything again.
          this.counter.forget(ref);
          read = await this.counter.read(businessId, ref, now);
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
      if (outcome.status === 'replay') return { ...(outcome.response as PurchaseAnswer), replayed: true };
      this.counter.remember(ref, { ...read, snapshot: after });
      return { ...response, replayed: false };
    }
    return null;
  }
}
