import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import {
  birthdaysOn,
  memberBirthdayBonuses,
  tierHeldAt,
  tierTimeline,
  type TierState,
} from '@regulars/tiers';
import { Db } from '../database/db';
import { ClubService } from './club.service';
import { TiersRepository } from './tiers.repository';

/**
 * The birthday bonus posting (cron task tiers:birthdays, every 15 minutes):
 * for each member whose local birthday (business time zone) is today, the
 * bonus of the tier they hold and of each active club
 * (@regulars/tiers memberBirthdayBonuses), posted to the ledger under the
 * library's key (one per member, source and year). The ledger's idempotency
 * key makes it once however many workers run it and however often.
 */
@Injectable()
export class BirthdayBonusService {
  private readonly logger = new Logger('Tiers');
  private readonly pool: Pool;

  constructor(
    db: Db,
    private readonly store: TiersRepository,
    private readonly clubs: ClubService,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {
    this.pool = db.pool;
  }

  async runOnce(at: Date = this.clock.now()): Promise<{ posted: number; points: number }> {
    let posted = 0;
    let points = 0;
    const repo = this.clubs.repository;
    for (const b of await repo.bonusBusinesses(this.pool)) {
      const { year, monthDays } = birthdaysOn(at, b.timeZone);
      const members = await repo.birthdayMembers(b.id, monthDays, this.pool);
      if (!members.length) continue;
      const versions = await this.store.versions(b.id);
      const since = await this.store.memberSince(
        b.id,
        members.map((m) => m.id),
      );
      const states = await this.store.states(
        b.id,
        members.map((m) => m.id),
      );
      for (const m of members) {
        let tier: ReturnType<typeof tierHeldAt> = null;
        const joined = since.get(m.id);
        if (versions.length && joined) {
          const ctx = { memberId: m.id, memberSince: joined.toISOString(), timeZone: b.timeZone, versions };
          let state: TierState | undefined = states.get(m.id);
          // Not evaluated yet (no purchase since the program started): derive it from history.
          if (!state || state.asOf === null)
            state = tierTimeline(ctx, await this.store.memberEvents(b.id, m.id, at), at).state;
          tier = tierHeldAt(ctx, state, at);
        }
        const clubs = await this.clubs.activeClubs(this.pool, b.id, m.id, at);
        const { bonuses } = memberBirthdayBonuses({
          memberId: m.id,
          birthday: m.birthday,
          year,
          timeZone: b.timeZone,
          tier,
          clubs,
        });
        for (const bonus of bonuses) {
          if (Date.parse(bonus.at) > at.getTime()) continue; // not the local birthday yet
          const r = await this.ledger.earn({
            businessId: b.id,
            idempotencyKey: bonus.key,
            at,
            account: { unit: 'points', ownerType: 'member', ownerId: m.id },
            amount: bonus.points,
            reason: bonus.reason,
            reference: bonus.key,
            metadata: { birthday: true, source: bonus.tierId, year },
          });
          if (!r.replayed) {
            posted++;
            points += bonus.points;
          }
        }
      }
    }
    if (posted) this.logger.log({ posted, points }, 'birthday bonuses posted');
    return { posted, points };
  }
}
