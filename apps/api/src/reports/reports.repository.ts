import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface SummaryRow {
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

/** The daily report's SQL (daily_business_summaries). */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: Db) {}

  /**
   * The report's range: to (default today in the business's time zone at `now`) and from
   * (default to - 29), with the number of days; null when the business does not exist.
   */
  async range(
    businessId: string,
    now: Date,
    from: string | null,
    to: string | null,
  ): Promise<{ from: string; to: string; days: number } | null> {
    const r = await this.db.pool.query<{ from: string; to: string; days: number }>(
      `SELECT coalesce($3::date, x.t - 29)::text AS "from", x.t::text AS "to", (x.t - coalesce($3::date, x.t - 29)) + 1 AS days
         FROM (SELECT coalesce($2::date, ($4::timestamptz AT TIME ZONE b.time_zone)::date) AS t
                 FROM businesses b WHERE b.id = $1) x`,
      [businessId, to, from, now],
    );
    return r.rows[0] ?? null;
  }

  async days(businessId: string, from: string, to: string): Promise<SummaryRow[]> {
    const r = await this.db.pool.query<SummaryRow>(
      `SELECT day::text AS day, purchases, revenue, returns, points_issued, points_redeemed, points_expired,
              stamp_cards_completed, new_members
         FROM daily_business_summaries
        WHERE business_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
      [businessId, from, to],
    );
    return r.rows;
  }
}
