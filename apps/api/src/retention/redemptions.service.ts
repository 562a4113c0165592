import { Injectable } from '@nestjs/common';
import { Clock, NotFoundError } from '@regulars/core';
import { dayNumber, isoDay } from '@regulars/retention';
import { RetentionDataRepository } from './retention-data.repository';
import type { RedemptionReportView } from './redemptions.dto';
import { RedemptionsRepository } from './redemptions.repository';

/** Redemption data feeding retention: what is redeemed, and whether redeemers stay. */
@Injectable()
export class RedemptionsReportService {
  constructor(
    private readonly repo: RedemptionsRepository,
    private readonly data: RetentionDataRepository,
    private readonly clock: Clock,
  ) {}

  async report(businessId: string): Promise<RedemptionReportView> {
    const b = await this.data.today(businessId, this.clock.now());
    if (!b) throw new NotFoundError('Business');
    const asOf = b.today;
    const first = `${asOf.slice(0, 4)}-${asOf.slice(5, 7)}-01`;
    const months = await this.repo.months(businessId, first, asOf);
    const firstRedeemed = new Map(
      (await this.repo.firstRedemptions(businessId, asOf)).map((r) => [r.m, r.d]),
    );
    const redeemers = new Set(firstRedeemed.keys());
    const d = await this.data.load(businessId, asOf, b.currency, b.timeZone, { categories: false });
    const today = dayNumber(asOf);
    const recent = isoDay(today - 89);
    const year = isoDay(today - 364);
    const stats = new Map<string, { active: boolean; days: Set<string> }>();
    for (const o of d.orders) {
      if (d.customers.get(o.customerId)?.source !== 'member') continue;
      const s = stats.get(o.customerId) ?? { active: false, days: new Set<string>() };
      if (o.day >= recent) s.active = true;
      if (o.day >= year) s.days.add(o.day);
      stats.set(o.customerId, s);
    }
    const group = (name: 'redeemers' | 'non-redeemers') => {
      const members = [...stats]
        .filter(([id]) => redeemers.has(id) === (name === 'redeemers'))
        .map(([, s]) => s);
      const n = members.length;
      return {
        group: name,
        customers: n,
        activeShare: n ? members.filter((s) => s.active).length / n : 0,
        visitsPerMonth: n ? members.reduce((a, s) => a + s.days.size, 0) / n / 12 : 0,
      };
    };
    // Before vs after the first redemption: visit days in the 90 days before it and the 90 days from it.
    const visitDays = new Map<string, Set<number>>();
    for (const o of d.orders) {
      if (!firstRedeemed.has(o.customerId)) continue;
      const set = visitDays.get(o.customerId) ?? new Set<number>();
      set.add(dayNumber(o.day));
      visitDays.set(o.customerId, set);
    }
    const eligible = [...firstRedeemed].filter(([, day]) => dayNumber(day) <= today - 90);
    let before = 0;
    let after = 0;
    for (const [m, day] of eligible) {
      const r = dayNumber(day);
      for (const v of visitDays.get(m) ?? []) {
        if (v >= r - 90 && v < r) before++;
        else if (v >= r && v < r + 90) after++;
      }
    }
    return {
      asOf,
      definition:
        'Redemptions: status redeemed (restored ones left out), by local month of the redemption and reward, for the 12 ' +
        'calendar months to this one; cost in the reward’s unit. Groups: members with at least one purchase (live, or ' +
        'imported history linked to them); redeemers redeemed at least once up to today. Active: a purchase in the 90 days ' +
        'to today. Visits a month: distinct purchase days in the 365 days to today / 12, averaged over the group. Before/after: redeemers whose first redemption is at least 90 days old; ' +
        'visit days in the 90 days before it and in the 90 days from it (its day included), averaged.',
      months: months.map((m) => ({
        month: m.month,
        rewardId: m.reward_id,
        rewardName: m.name,
        redemptions: m.n,
        cost: Number(m.cost),
      })),
      groups: [group('redeemers'), group('non-redeemers')],
      firstRedemption: {
        customers: eligible.length,
        visitsBefore: eligible.length ? before / eligible.length : 0,
        visitsAfter: eligible.length ? after / eligible.length : 0,
      },
    };
  }
}
