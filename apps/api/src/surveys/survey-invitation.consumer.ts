import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { SurveysService } from './surveys.service';

/**
 * The survey trigger: after `purchase.recorded`, an NPS survey invitation
 * (a marketing e-mail of type `survey` with a signed link), at most one per
 * member in 90 days; on while the business's `survey` template is enabled.
 */
@Injectable()
export class SurveyInvitationConsumer implements EventConsumer {
  readonly name = 'events:survey-invitations';
  readonly types: readonly EventType[] = ['purchase.recorded'];

  constructor(private readonly surveys: SurveysService) {}

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    if (event.type !== 'purchase.recorded') return;
    const p = event.payload as EventPayloads['purchase.recorded'];
    await this.surveys.inviteAfterPurchase(tx, event.businessId, {
      purchaseId: p.purchaseId,
      memberId: p.memberId,
      locationId: p.locationId,
      occurredAt: new Date(p.occurredAt),
    });
  }
}
