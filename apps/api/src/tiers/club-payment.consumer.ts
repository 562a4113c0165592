import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { ClubService } from './club.service';

/**
 * Paid club: a purchase with lines of the club's membership sku (sold by a
 * till like any product) records one membership payment per unit, in the
 * consumer's transaction; the payment ids (purchase, line, unit) make it once.
 * A return of such lines refunds those payments (their terms come off).
 */
@Injectable()
export class ClubPaymentConsumer implements EventConsumer {
  readonly name = 'events:club-payments';
  readonly types: readonly EventType[] = ['purchase.recorded', 'return.recorded'];

  constructor(private readonly clubs: ClubService) {}

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    if (event.type === 'return.recorded') {
      const { returnId } = event.payload as EventPayloads['return.recorded'];
      await this.clubs.recordReturnRefunds(event.businessId, returnId, tx);
      return;
    }
    const { purchaseId } = event.payload as EventPayloads['purchase.recorded'];
    await this.clubs.recordPurchasePayments(event.businessId, purchaseId, tx);
  }
}
