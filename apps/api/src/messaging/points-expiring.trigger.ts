import { Injectable } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import { localParts } from '@regulars/rules';
import { AppConfig } from '../config/config';
import { MessagingService } from './messaging.service';
import { TriggersRepository } from './triggers.repository';

const DAY_MS = 86_400_000;

/**
 * The points-expiring reminder (cron task messages:points-expiring): for each
 * business whose `points_expiring` template is enabled, every member with
 * available points lapsing within MESSAGING_EXPIRY_DAYS gets one
 * service message per expiry date (key `points-expiring:<memberId>:<date>`),
 * the date being the last local day the points can be used in the business
 * time zone. Amounts come from the ledger's expiring-lots read.
 */
@Injectable()
export class PointsExpiringTrigger {
  constructor(
    private readonly triggers: TriggersRepository,
    private readonly ledger: Ledger,
    private readonly messaging: MessagingService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** One run; returns the number of reminders handed to send() (repeats are absorbed by their keys). */
  async runOnce(): Promise<number> {
    const days = this.config.messaging.expiryReminderDays;
    if (days === 0) return 0;
    const now = this.clock.now();
    const until = new Date(now.getTime() + days * DAY_MS);
    let n = 0;
    for (const b of await this.triggers.businesses()) {
      if (!(await this.messaging.template(b.id, 'points_expiring')).enabled) continue;
      for (const memberId of await this.triggers.pointsExpiringHolders(b.id, now, until)) {
        const lots = await this.ledger.expiring({
          businessId: b.id,
          account: { unit: 'points', ownerType: 'member', ownerId: memberId },
          from: now,
          until,
        });
        // Lots lapse at the start of a local day (exclusive instant): the last day of use is the one before.
        const byDate = new Map<string, number>();
        for (const lot of lots) {
          const p = localParts(lot.expiresAt.getTime() - 1, b.timeZone);
          const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
          byDate.set(date, (byDate.get(date) ?? 0) + lot.amount);
        }
        for (const [expiryDate, points] of byDate) {
          await this.messaging.send({
            businessId: b.id,
            memberId,
            type: 'points_expiring',
            channel: 'email',
            variables: { points, expiryDate },
            idempotencyKey: `points-expiring:${memberId}:${expiryDate}`,
            marketing: false,
          });
          n++;
        }
      }
    }
    return n;
  }
}
