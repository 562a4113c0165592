import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { recordDashboardPostings } from './dashboard.repository';

/**
 * Keeps the dashboard's stored weeks current (dashboard.repository.ts): a purchase copies its own
 * ledger postings (keys `purchase:<purchase id>:<posting key>` of its evaluation; a reward redeemed with it is spent under
 * `redemption:<id>`, a ledger.posted) and marks the week of its occurredAt; `ledger.posted` (every other
 * earn, spend or capture, whoever wrote it) copies that one posting and marks its week. The
 * dashboard recomputes a marked week on its next read. Redeliveries copy nothing twice.
 *
 * Not subscribed, because they change no figure the dashboard shows: returns (their reversals and
 * reward restores are ledger kind 'reverse', which no figure counts), redemption.recorded (its spend, `redemption:<id>`, is a
 * ledger.posted), ledger.expired / matured, cards. New members are read
 * from members at request time (one pass over the business's members, also needed for the total).
 */
@Injectable()
export class DashboardConsumer implements EventConsumer {
  readonly name = 'events:dashboard';
  readonly types: readonly EventType[] = ['purchase.recorded', 'ledger.posted'];

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    if (event.type === 'purchase.recorded') {
      const p = event.payload as EventPayloads['purchase.recorded'];
      await recordDashboardPostings(event.businessId, { purchaseId: p.purchaseId }, [p.occurredAt], tx);
    } else if (event.type === 'ledger.posted') {
      const p = event.payload as EventPayloads['ledger.posted'];
      await recordDashboardPostings(event.businessId, { transactionId: p.ledgerTransactionId }, [], tx);
    }
  }
}
