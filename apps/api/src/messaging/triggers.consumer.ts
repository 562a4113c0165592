import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Ledger } from '@regulars/ledger';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { MessagingService } from './messaging.service';
import type { MessageType, MessageVariables } from './templates';
import { TriggersRepository } from './triggers.repository';

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
  // The member's own balance reached a reward: information about their account.
  reward_unlocked: false,
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
    private readonly repo: TriggersRepository,
  ) {}

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    if (event.type === 'member.enrolled') {
      const p = event.payload as EventPayloads['member.enrolled'];
      await this.trigger(event.businessId, p.memberId, 'welcome', `welcome:${p.memberId}`, {});
      return;
    }
    if (event.type !== 'purchase.recorded') return;
    const p = event.payload as EventPayloads['purchase.recorded'];
    const thanks = await this.enabled(event.businessId, 'thank_you');
    const rewards = await this.enabled(event.businessId, 'reward_unlocked');
    if (!thanks && !rewards) return;
    const balances = await this.ledger.holderBalances({
      businessId: event.businessId,
      ownerType: 'member',
      ownerId: p.memberId,
    });
    const points = balances.find((x) => x.unit === 'points')?.balance.available ?? 0;
    if (rewards) await this.rewardUnlocked(tx, event.businessId, p, points);
    if (!thanks) return;
    // The purchase's local day in the business time zone (as the daily summaries count it).
    const day = await this.repo.localDay(event.businessId, event.occurredAt, tx);
    if (!day) return;
    await this.trigger(event.businessId, p.memberId, 'thank_you', `thank-you:${p.memberId}:${day}`, {
      points,
    });
  }

  /**
   * Reward unlocked, from a purchase: every stamp card it filled (key
   * reward-unlocked:<member>:stamps:<purchase>:<card>), and the most valuable
   * points reward the member's available balance now covers, once between
   * two redemptions of it (key reward-unlocked:<member>:<reward>:<times
   * redeemed>), so a member who keeps buying is told once, and again after
   * redeeming it and saving up anew.
   */
  private async rewardUnlocked(
    tx: PoolClient,
    businessId: string,
    p: EventPayloads['purchase.recorded'],
    available: number,
  ): Promise<void> {
    const catalogue = await this.repo.rewardsWithRedemptions(businessId, p.memberId, tx);
    if (p.stampCardsCompleted > 0) {
      const evaluation = await this.repo.purchaseEvaluation(businessId, p.purchaseId, tx);
      for (const posting of evaluation?.postings ?? []) {
        if (posting.kind !== 'stamps' || posting.cardsCompleted <= 0) continue;
        const reward = catalogue.find((r) => r.id === posting.rewardId);
        await this.trigger(
          businessId,
          p.memberId,
          'reward_unlocked',
          `reward-unlocked:${p.memberId}:stamps:${p.purchaseId}:${posting.cardId}`,
          { reward: reward?.name ?? posting.cardName },
        );
      }
    }
    const best = catalogue
      .filter((r) => r.cost.kind === 'points' && (r.cost.points ?? Infinity) <= available)
      .sort((a, b) => (b.cost.points ?? 0) - (a.cost.points ?? 0) || a.id.localeCompare(b.id))[0];
    if (best)
      await this.trigger(
        businessId,
        p.memberId,
        'reward_unlocked',
        `reward-unlocked:${p.memberId}:${best.id}:${best.redeemed}`,
        { reward: best.name, points: available },
      );
  }

  private async enabled(businessId: string, type: MessageType): Promise<boolean> {
    return (await this.messaging.template(businessId, type)).enabled;
  }

  private async trigger(
    businessId: string,
    memberId: string,
    type: MessageType,
    idempotencyKey: string,
    variables: MessageVariables,
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
