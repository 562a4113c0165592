import type { INestApplication } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import { MembersService } from '../members/members.service';
import { PosService } from '../pos/pos.service';
import { MessagingService } from '../messaging/messaging.service';
import { PointsExpiringTrigger } from '../messaging/points-expiring.trigger';
import { ScheduledTriggers, localDateOf } from '../messaging/scheduled-triggers';
import { MESSAGE_TYPES } from '../messaging/templates';

const DAY = 86_400_000;

/**
 * The demo café's messages (docs/MESSAGING.md, "Demo"): every trigger on with
 * the shipped sample templates, and the occasions of the demo's story sent
 * through the real triggers into the development mailbox:
 * - a welcome to Jonas Becker, a regular who joined a while ago;
 * - Ana's birthday (her birthday is today);
 * - Jonas's points expiring (40 points carried over from the café's old
 *   paper card, valid for 10 more days);
 * - a win-back to Jonas, who came every ten days and has not been in for 25.
 * Quiet hours are off in the demo so the mailbox shows them whenever the demo
 * is started (a real café keeps the default 21:00-08:00).
 */
export async function seedDemoMessages(
  app: INestApplication,
  businessId: string,
  owner: { staffId: string },
  anaId: string,
): Promise<string> {
  const messaging = app.get(MessagingService);
  const members = app.get(MembersService);
  const clock = app.get(Clock);
  const now = clock.now();
  await messaging.updateSettings(businessId, {
    language: 'en',
    quietStart: null,
    quietEnd: null,
    weeklyCap: 3,
  });
  for (const type of MESSAGE_TYPES) {
    const t = await messaging.template(businessId, type);
    if (!t.enabled) await messaging.updateTemplate(businessId, type, { enabled: true });
  }

  // Ana's birthday is today in the café's time zone.
  const today = localDateOf(now.getTime(), 'Europe/Berlin');
  await members.update(businessId, anaId, { birthday: `1994-${today.slice(5)}` });

  // Jonas: a regular every ten days until 25 days ago; he joined at his first visit.
  const { member: jonas } = await members.enrol(businessId, {
    firstName: 'Jonas',
    lastName: 'Becker',
    email: 'jonas@example.test',
    marketingConsent: true,
  });
  const pos = app.get(PosService);
  const till = { kind: 'staff' as const, businessId, staffId: owner.staffId, role: 'owner' as const };
  for (const [i, daysAgo] of [55, 45, 35, 25].entries()) {
    await pos.recordPurchase(till, {
      transactionId: `DEMO-JONAS-${i + 1}`,
      member: { memberNumber: jonas.memberNumber },
      occurredAt: new Date(now.getTime() - daysAgo * DAY).toISOString(),
      total: 620,
      lines: [
        { lineId: '1', sku: 'CAPPUCCINO', category: 'coffee', quantity: 1, unitPrice: 320 },
        { lineId: '2', sku: 'ESPRESSO', category: 'coffee', quantity: 1, unitPrice: 240 },
      ],
    });
  }
  await app.get(Ledger).earn({
    businessId,
    idempotencyKey: `demo:old-card:${jonas.id}`,
    at: now,
    account: { unit: 'points', ownerType: 'member', ownerId: jonas.id },
    amount: 40,
    reason: 'Carried over from the old paper card',
    expiresAt: new Date(now.getTime() + 10 * DAY),
  });

  // The welcome is the enrolment's own trigger (the job queue's consumer); sent here so the
  // mailbox shows it even with WORKER_ENABLED=false. Its key makes the consumer's send a no-op.
  await messaging.send({
    businessId,
    memberId: jonas.id,
    type: 'welcome',
    channel: 'email',
    idempotencyKey: `welcome:${jonas.id}`,
    marketing: false,
  });
  const expiring = await app.get(PointsExpiringTrigger).runOnce();
  const scheduled = await app.get(ScheduledTriggers).runOnce();
  const delivered = await messaging.deliverDue();
  return `${delivered.sent} messages in the development mailbox (welcome, birthday ${scheduled.birthday}, points expiring ${expiring}, win-back ${scheduled.winBack})`;
}
