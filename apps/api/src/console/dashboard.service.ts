import { Injectable } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { BusinessesService } from '../businesses/businesses.service';
import { RulesService } from '../rules/rules.service';
import type { DashboardView, DashboardWeekView, TopRewardView } from './console.views';
import { DashboardRepository, type DashboardWeekRow } from './dashboard.repository';

/**
 * The owner's dashboard. Weeks run Monday to Sunday in the business's time zone.
 *
 * Definitions: revenue is the sum of purchase totals as recorded (returns not
 * deducted); points issued are every points earn (purchases, promotions, manual
 * credits, import awards); points redeemed are points spends and captured holds, manual debits
 * (ledger keys `adjustment:…`) excluded; a stamp card is completed when an earn
 * takes the member's stamp balance of that card across a multiple of the card's
 * size (sizes of the rules in force now); active members are distinct purchasers.
 *
 * Reads stored weeks (dashboard_weeks), kept current by the consumer `events:dashboard`
 * (dashboard.consumer.ts): a week that is missing, marked since it was computed, or computed
 * under other card sizes or in another time zone is recomputed from purchases and
 * dashboard_postings by time (index range scans of that one week) and stored. New members and
 * the member total come from one pass over the business's members, active members in 30 days
 * from purchases by time, top rewards from redemptions by time (docs/RETENTION.md).
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repo: DashboardRepository,
    private readonly businesses: BusinessesService,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {}

  async dashboard(businessId: string, weeks: number): Promise<DashboardView> {
    const now = this.clock.now();
    const business = await this.businesses.get(businessId);
    const tz = business.timeZone;
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const sizes = JSON.stringify(
      ruleSet.stampCards
        .map((c) => ({ unit: `stamps:${c.id}`, size: c.cardSize }))
        .sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0)),
    );
    const win = await this.repo.window(now, tz, weeks);
    const stored = await this.repo.storedWeeks(businessId, win.weeks, sizes, tz);
    const rows: DashboardWeekRow[] = [];
    for (const w of stored) {
      rows.push(w.fresh ? w : await this.repo.recomputeWeek(businessId, w.week, tz, sizes, now));
    }
    const members = await this.repo.members(businessId, now, tz, win.first);
    const top = await this.repo.topRewards(businessId, win.lo, win.hi);
    return {
      currency: business.currency,
      timeZone: tz,
      asOf: now.toISOString(),
      totals: { members: members.members, activeMembers30d: members.active },
      weeks: rows.map((r): DashboardWeekView => ({
        weekStart: r.week,
        newMembers: members.perWeek.get(r.week) ?? 0,
        activeMembers: Number(r.active_members),
        purchases: Number(r.purchases),
        revenue: Number(r.revenue),
        pointsIssued: Number(r.points_issued),
        pointsRedeemed: Number(r.points_redeemed),
        stampCardsCompleted: Number(r.stamp_cards_completed),
      })),
      topRewards: top.map((t): TopRewardView => ({
        rewardId: t.reward_id,
        name: t.name,
        redemptions: Number(t.n),
      })),
    };
  }
}
