import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode } from '@regulars/core';
import type { DailyCounts } from '../events/daily-summary.consumer';
import { ReportsRepository } from './reports.repository';

export interface DailyReportRow extends DailyCounts {
  /** Local day in the business's time zone, YYYY-MM-DD. */
  day: string;
}

const MAX_DAYS = 366;

function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * The owner's reports, read from daily_business_summaries (kept current by
 * the DailySummaryConsumer from the domain events; a few seconds behind the
 * counter) instead of scanning purchases and the ledger.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  async daily(
    businessId: string,
    from?: string,
    to?: string,
  ): Promise<{ from: string; to: string; days: DailyReportRow[] }> {
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && !isCalendarDate(value)) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, `${field} is not a calendar date`, {
          fields: [{ field, problems: ['must be a calendar date YYYY-MM-DD'] }],
        });
      }
    }
    const r = await this.repo.range(businessId, this.clock.now(), from ?? null, to ?? null);
    if (!r || r.days < 1 || r.days > MAX_DAYS) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `from must be on or before to, at most ${MAX_DAYS} days`,
        {
          fields: [{ field: 'from', problems: [`on or before to, at most ${MAX_DAYS} days before it`] }],
        },
      );
    }
    const rows = await this.repo.days(businessId, r.from, r.to);
    return {
      from: r.from,
      to: r.to,
      days: rows.map((x) => ({
        day: x.day,
        purchases: x.purchases,
        revenue: Number(x.revenue),
        returns: x.returns,
        pointsIssued: Number(x.points_issued),
        pointsRedeemed: Number(x.points_redeemed),
        pointsExpired: Number(x.points_expired),
        stampCardsCompleted: x.stamp_cards_completed,
        newMembers: x.new_members,
      })),
    };
  }
}
