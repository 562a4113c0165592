import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { refreshCustomerSummaries } from './summary.repository';

/**
 * Keeps the retention summaries (retention_customer_days,
 * retention_category_days) current from the events: a purchase or a return
 * recomputes that member's rows from the sources, in the consumer's
 * transaction. Recomputing (rather than adding the event's delta) makes a
 * redelivered, late or reordered event harmless; a per-member lock orders
 * concurrent deliveries (summary.repository.ts). Not on the counter's path.
 */
@Injectable()
export class RetentionSummaryConsumer implements EventConsumer {
  readonly name = 'events:retention-summary';
  readonly types: readonly EventType[] = ['purchase.recorded', 'return.recorded'];

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    const memberId =
      event.type === 'purchase.recorded'
        ? (event.payload as EventPayloads['purchase.recorded']).memberId
        : event.type === 'return.recorded'
          ? (event.payload as EventPayloads['return.recorded']).memberId
          : null;
    if (!memberId) return;
    await refreshCustomerSummaries(event.businessId, [memberId], tx);
  }
}
