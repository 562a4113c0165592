import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainError, ErrorCode } from '@regulars/core';
import type { DailyCounts } from '../events/daily-summary.consumer';

export interface DailyReportRow extends DailyCounts {
  /** Local day in the business's time zone, YYYY-MM-DD. */
  day: string;
}

interface SummaryRow {
  day: string;
  purchases: number;
  revenue: string;
  returns: number;
  points_issued: string;
  points_redeemed: string;
  points_expired: string;
  stamp_cards_completed: number;
  new_members: number;
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
    private readonly dataSource: DataSource,
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
    const range = await this.dataSource.query<{ from: string; to: string; days: number }[]>(
      `SELECT coalesce($3::date, x.t - 29)::text AS "from", x.t::text AS "to", (x.t - coalesce($3::date, x.t - 29)) + 1 AS days
         FROM (SELECT coalesce($2::date, ($4::timestamptz AT TIME ZONE b.time_zone)::date) AS t
                 FROM businesses b WHERE b.id = $1) x`,
      [businessId, to ?? null, from ?? null, this.clock.now()],
    );
    const r = range[0];
    if (!r || r.days < 1 || r.days > MAX_DAYS) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `from must be on or before to, at most ${MAX_DAYS} days`,
        {
          fields: [{ field: 'from', problems: [`on or before to, at most ${MAX_DAYS} days before it`] }],
        },
      );
    }
    const rows = await this.dataSource.query<SummaryRow[]>(
      `SELECT day::text AS day, purchases, revenue, returns, points_issued, points_redeemed, points_expired,
              stamp_cards_completed, new_members
         FROM daily_business_summaries
        WHERE business_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [businessId, r.from, r.to],
    );
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
