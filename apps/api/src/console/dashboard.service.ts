import { Injectable } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { BusinessesService } from '../businesses/businesses.service';
import { RulesService } from '../rules/rules.service';
import type { DashboardView, DashboardWeekView, TopRewardView } from './console.views';
import { ConsoleRepository } from './console.repository';

/**
 * The owner's dashboard, computed from the tables (members, purchases,
 * redemptions, ledger transactions and entries). Weeks run Monday to Sunday in
 * the business's time zone. `dashboard()` is the one entry point: when the
 * precomputed daily summaries land, it reads those instead and nothing else changes.
 *
 * Definitions: revenue is the sum of purchase totals as recorded (returns not
 * deducted); points issued are every points earn (purchases, promotions, manual
 * credits); points redeemed are points spends and captured holds, manual debits
 * (ledger keys `adjustment:…`) excluded; a stamp card is completed when an earn
 * takes the member's stamp balance of that card across a multiple of the card's
 * size (sizes of the rules in force now).
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repo: ConsoleRepository,
    private readonly businesses: BusinessesService,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {}

  async dashboard(businessId: string, weeks: number): Promise<DashboardView> {
    const now = this.clock.now();
    const business = await this.businesses.get(businessId);
    const { ruleSet } = await this.rules.rulesNow(businessId);
    const sizes = ruleSet.stampCards.map((c) => ({ unit: `stamps:${c.id}`, size: c.cardSize }));
    const { rows, top, totals } = await this.repo.dashboard(businessId, now, business.timeZone, weeks, sizes);
    return {
      currency: business.currency,
      timeZone: business.timeZone,
      asOf: now.toISOString(),
      totals: { members: Number(totals[0].members), activeMembers30d: Number(totals[0].active) },
      weeks: rows.map((r): DashboardWeekView => ({
        weekStart: r.week,
        newMembers: Number(r.new_members),
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
