import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Clock } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import { accrue, eventContribution, type RebateLine } from '@regulars/rebates';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { RebatesRepository, toVersions } from './rebates.repository';

/** The ledger account holding an agreement period's accrued rebate (a liability to the company or group). */
export function accrualAccount(agreementId: string, periodKey: string) {
  return { unit: `rebate:${agreementId}`, ownerType: 'customer' as const, ownerId: `period:${periodKey}` };
}

interface PurchaseFacts {
  purchaseId: string;
  memberId: string;
  purchasedAt: Date;
  lines: RebateLine[];
}

/**
 * Accrues annual volume rebates from the counter's purchases and returns
 * (docs/REBATES.md). For each agreement covering the company the buyer
 * belonged to when the purchase was made: the event's eligible volume under
 * the version in force (libs/rebates), applied with the (agreement, period)
 * row locked, and the accrual delta rebate(after) − rebate(before) posted to
 * the agreement's accrual account in the ledger with the event as the
 * idempotency key. Concurrent events of one company queue on that row, so
 * the accrued total is always rebate(volume) exactly.
 */
@Injectable()
export class RebateAccrualConsumer implements EventConsumer {
  readonly name = 'events:rebate-accrual';
  readonly types: readonly EventType[] = ['purchase.recorded', 'return.recorded'];

  constructor(
    private readonly repo: RebatesRepository,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {}

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    const kind = event.type === 'purchase.recorded' ? 'purchase' : 'return';
    let facts: PurchaseFacts | null;
    let company: { company_id: string } | undefined;
    if (kind === 'purchase') {
      // Most purchases are not a company buyer's: one indexed lookup and done.
      const p = (event as StoredEvent<'purchase.recorded'>).payload;
      company = await this.repo.companyOfBuyerAt(event.businessId, p.memberId, new Date(p.occurredAt), tx);
      if (!company) return;
      facts = await this.purchaseFacts(tx, event as StoredEvent<'purchase.recorded'>);
    } else {
      facts = await this.returnFacts(tx, event as StoredEvent<'return.recorded'>);
      if (!facts) return;
      company = await this.repo.companyOfBuyerAt(event.businessId, facts.memberId, facts.purchasedAt, tx);
      if (!company) return;
    }
    const agreements = await this.repo.agreementsOfCompany(event.businessId, company.company_id, tx);
    if (agreements.length === 0) return;
    const { timeZone } = await this.repo.business(event.businessId, tx);
    for (const agreement of agreements) {
      const versions = toVersions(await this.repo.versions(event.businessId, agreement.id, tx));
      const c = eventContribution(
        agreement.settings,
        versions,
        { kind, purchasedAt: facts.purchasedAt, lines: facts.lines },
        timeZone,
      );
      if (!c || c.volumeChange === 0) continue;
      const now = this.clock.now();
      const period = await this.repo.lockPeriod(event.businessId, agreement.id, c.period.key, now, tx);
      if (await this.repo.accrualExists(event.businessId, agreement.id, event.id, tx)) continue;
      const a = accrue(period.segments, { version: c.version, volume: c.volumeChange }, versions);
      let ledgerTransactionId: string | null = null;
      if (a.delta !== 0) {
        const write = {
          businessId: event.businessId,
          idempotencyKey: `rebate-accrual:${agreement.id}:${event.id}`,
          at: event.occurredAt,
          account: accrualAccount(agreement.id, c.period.key),
          amount: Math.abs(a.delta),
          reason: a.delta > 0 ? 'rebate accrual' : 'rebate claw-back',
          reference:
            kind === 'purchase'
              ? facts.purchaseId
              : (event.payload as EventPayloads['return.recorded']).returnId,
          client: tx,
        };
        const r = a.delta > 0 ? await this.ledger.earn(write) : await this.ledger.spend(write);
        ledgerTransactionId = r.transactionId;
      }
      await this.repo.recordAccrual(
        event.businessId,
        {
          agreementId: agreement.id,
          eventId: event.id,
          periodKey: c.period.key,
          companyId: company.company_id,
          kind,
          version: c.version,
          volumeChange: c.volumeChange,
          delta: a.delta,
          ledgerTransactionId,
          segmentsAfter: a.segmentsAfter,
          volumeAfter: a.volumeAfter,
          rebateAfter: a.rebateAfter,
        },
        now,
        tx,
      );
    }
  }

  private async purchaseFacts(tx: PoolClient, e: StoredEvent<'purchase.recorded'>): Promise<PurchaseFacts> {
    const lines = await this.repo.purchaseLines(e.businessId, e.payload.purchaseId, tx);
    return {
      purchaseId: e.payload.purchaseId,
      memberId: e.payload.memberId,
      purchasedAt: new Date(e.payload.occurredAt),
      // A purchase recorded without lines counts its total as one line without sku or category.
      lines: lines.length
        ? lines.map((l) => ({ sku: l.sku, category: l.category, quantity: l.quantity, netAmount: l.net }))
        : [{ sku: null, category: null, quantity: 1, netAmount: Number(e.payload.total) }],
    };
  }

  private async returnFacts(
    tx: PoolClient,
    e: StoredEvent<'return.recorded'>,
  ): Promise<PurchaseFacts | null> {
    const purchase = await this.repo.purchase(e.businessId, e.payload.purchaseId, tx);
    if (!purchase) return null;
    const all = await this.repo.purchaseLines(e.businessId, e.payload.purchaseId, tx);
    const byId = new Map(all.map((l) => [l.line_id, l]));
    const lines: RebateLine[] = [];
    for (const r of e.payload.lines) {
      const l = byId.get(r.lineId);
      if (l)
        lines.push({
          sku: l.sku,
          category: l.category,
          quantity: r.quantity,
          netAmount: r.quantity * l.unit,
        });
    }
    if (all.length === 0 && e.payload.fullyReturned)
      lines.push({ sku: null, category: null, quantity: 1, netAmount: Number(purchase.total) });
    return {
      purchaseId: e.payload.purchaseId,
      memberId: purchase.member_id,
      purchasedAt: purchase.occurred_at,
      lines,
    };
  }
}
