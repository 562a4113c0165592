import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Clock } from '@regulars/core';
import type { EventConsumer } from './consumer';
import { addToDailySummary } from './events.repository';
import type { EventPayloads, EventType, StoredEvent } from './events';

/** The counters of one business on one local day (daily_business_summaries). */
export interface DailyCounts {
  purchases: number;
  /** Minor units, purchase totals as recorded (returns do not subtract). */
  revenue: number;
  returns: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  stampCardsCompleted: number;
  newMembers: number;
}

const ZERO: DailyCounts = {
  purchases: 0,
  revenue: 0,
  returns: 0,
  pointsIssued: 0,
  pointsRedeemed: 0,
  pointsExpired: 0,
  stampCardsCompleted: 0,
  newMembers: 0,
};

/**
 * What one event adds to its day. The day is the event's occurred_at in the
 * business's time zone: a purchase counts on the day it happened (occurredAt,
 * which may be earlier than when it was recorded), everything else on the day
 * it was done.
 */
export function dailyDelta(event: StoredEvent): DailyCounts | null {
  switch (event.type) {
    case 'purchase.recorded': {
      const p = event.payload as EventPayloads['purchase.recorded'];
      return {
        ...ZERO,
        purchases: 1,
        revenue: Number(p.total),
        pointsIssued: Number(p.points),
        stampCardsCompleted: Number(p.stampCardsCompleted),
      };
    }
    case 'return.recorded':
      return { ...ZERO, returns: 1 };
    case 'redemption.recorded': {
      const p = event.payload as EventPayloads['redemption.recorded'];
      return p.unit === 'points' ? { ...ZERO, pointsRedeemed: Number(p.cost) } : null;
    }
    case 'member.enrolled':
      return { ...ZERO, newMembers: 1 };
    case 'ledger.expired': {
      const p = event.payload as EventPayloads['ledger.expired'];
      return p.unit === 'points' && p.ownerType === 'member'
        ? { ...ZERO, pointsExpired: Number(p.amount) }
        : null;
    }
    case 'card.revoked':
    case 'card.reissued':
    case 'ledger.matured':
    case 'ledger.posted':
      return null;
  }
}

/**
 * Daily per-business report summaries, kept current from the events: the
 * owner's reports read one row per day instead of scanning purchases and the
 * ledger (GET /api/reports/daily).
 */
@Injectable()
export class DailySummaryConsumer implements EventConsumer {
  readonly name = 'events:daily-summary';
  readonly types: readonly EventType[] = [
    'purchase.recorded',
    'return.recorded',
    'redemption.recorded',
    'member.enrolled',
    'ledger.expired',
  ];

  constructor(private readonly clock: Clock) {}

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    const d = dailyDelta(event);
    if (!d) return;
    await addToDailySummary(tx, event.businessId, event.occurredAt, d, this.clock.now());
  }
}
