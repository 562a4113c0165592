import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface RedemptionMonthRow {
  month: string;
  reward_id: string;
  name: string;
  n: number;
  cost: string;
}

/** The redemption report's SQL. */
@Injectable()
export class RedemptionsRepository {
  constructor(private readonly db: Db) {}

  /** Redeemed (not restored) redemptions per local month and reward, from the month of `first` - 11 to asOf. */
  async months(businessId: string, first: string, asOf: string): Promise<RedemptionMonthRow[]> {
    const r = await this.db.pool.query<RedemptionMonthRow>(
      `SELECT to_char((r.created_at AT TIME ZONE bz.time_zone)::date, 'YYYY-MM') AS month, r.reward_id, w.name,
              count(*)::int AS n, sum(r.cost)::text AS cost
         FROM redemptions r
         JOIN businesses bz ON bz.id = r.business_id
         JOIN rewards w ON w.business_id = r.business_id AND w.id = r.reward_id
        WHERE r.business_id = $1 AND r.status = 'redeemed'
          AND (r.created_at AT TIME ZONE bz.time_zone)::date BETWEEN ($2::date - interval '11 months')::date AND $3::date
        GROUP BY 1, 2, 3 ORDER BY 1, 3, 2`,
      [businessId, first, asOf],
    );
    return r.rows;
  }

  /** Each member's first redemption day (local) up to asOf. */
  async firstRedemptions(businessId: string, asOf: string): Promise<{ m: string; d: string }[]> {
    const r = await this.db.pool.query<{ m: string; d: string }>(
      `SELECT r.member_id::text AS m, min((r.created_at AT TIME ZONE bz.time_zone)::date)::text AS d
         FROM redemptions r JOIN businesses bz ON bz.id = r.business_id
        WHERE r.business_id = $1 AND r.status = 'redeemed' AND (r.created_at AT TIME ZONE bz.time_zone)::date <= $2::date
        GROUP BY 1`,
      [businessId, asOf],
    );
    return r.rows;
  }
}
