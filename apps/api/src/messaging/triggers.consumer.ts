import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Ledger } from '@regulars/ledger';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { MessagingService } from './messaging.service';
import type { MessageType } from './templates';

/**
 * Whether each trigger's message is marketing (needs marketing consent, counts
 * against the weekly cap, carries one-click unsubscribe) or a service message
 * (goes out unless the member withdrew service messages on the channel).
 * docs/MESSAGING.md, "Triggers".
 */
export const TRIGGER_MARKETING: Partial<Record<MessageType, boolean>> = {
  // The confirmation of an enrolment the member has just made.
  welcome: false,
  // A follow-up meant to bring the member back: marketing.
  thank_you: true,
};

/**
 * The message triggers on domain events: a welcome on `member.enrolled`, a
 * thank-you after `purchase.recorded` (at most one per member and local day
 * in the business time zone). Each is on while the business's template of
 * its type is enabled (PATCH /api/messages/templates/:type `{ enabled }`).
 *
 * The message is written by MessagingService.send() on its own connection,
 * not through `tx`: its idempotency key (per business) names the occasion, so
 * an event applied again after a rollback, or redelivered, finds the message
 * already there and adds none.
 */
@Injectable()
export class MessageTriggersConsumer implements EventConsumer {
  readonly name = 'events:message-triggers';
  readonly types: readonly EventType[] = ['member.enrolled', 'purchase.recorded'];

  constructor(
    private readonly messaging: MessagingService,
    private readonly ledger: Ledger,
  ) {}

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    if (event.type === 'member.enrolled') {
      const p = event.payload as EventPayloads['member.enrolled'];
      await this.trigger(event.businessId, p.memberId, 'welcome', `welcome:${p.memberId}`, {});
      return;
    }
    if (event.type !== 'purchase.recorded') return;
    const p = event.payload as EventPayloads['purchase.recorded'];
    if (!(await this.enabled(event.businessId, 'thank_you'))) return;
    // The purchase's local day in the business time zone (as the daily summaries count it).
    const r = await tx.query<{ day: string }>(
      `SELECT (($2::timestamptz) AT TIME ZONE b.time_zone)::date::text AS day FROM businesses b WHERE b.id = $1`,
      [event.businessId, event.occurredAt],
    );
    const day = r.rows[0]?.day;
    if (!day) return;
    const balances = await this.ledger.holderBalances({
      businessId: event.businessId,
      ownerType: 'member',
      ownerId: p.memberId,
    });
    const points = balances.find((x) => x.unit === 'points')?.balance.available ?? 0;
    await this.trigger(event.businessId, p.memberId, 'thank_you', `thank-you:${p.memberId}:${day}`, {
      points,
    });
  }

  private async enabled(businessId: string, type: MessageType): Promise<boolean> {
    return (await this.messaging.template(businessId, type)).enabled;
  }

  private async trigger(
    businessId: string,
    memberId: string,
    type: MessageType,
    idempotencyKey: string,
    variables: { points?: number },
  ): Promise<void> {
    // A trigger that is off writes nothing (no suppressed row either), so it can be turned on later.
    if (!(await this.enabled(businessId, type))) return;
    await this.messaging.send({
      businessId,
      memberId,
      type,
      channel: 'email',
      variables,
      idempotencyKey,
      marketing: TRIGGER_MARKETING[type] ?? true,
    });
  }
}
