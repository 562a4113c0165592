import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PointsPosition {
  available: number;
  pending: number;
  held: number;
  /** Members holding any points. */
  holders: number;
}

export interface BreakageFacts {
  /** Points of earn lots (not voided) whose expiry has passed. */
  lapsedIssued: number;
  /** Of those, expired unused: settled expiries plus what is still left on lapsed lots not settled yet. */
  expired: number;
  expiredSettled: number;
  expiredUnsettled: number;
}

export interface RedemptionCostRow {
  rewardId: string;
  rewardName: string;
  /** 'points' or 'stamps:<card>'. */
  unit: string;
  redemptions: number;
  /** Points or stamps spent. */
  cost: number;
  /** Minor units: recorded discounts, or the reward's face value when none was recorded. */
  money: number;
}

export interface RewardFace {
  rewardId: string;
  name: string;
  points: number;
  /** Minor units; null for percent-off rewards (no fixed value). */
  faceValue: number | null;
}

/** The SQL of the points liability, breakage and program cost report (program.service via RedemptionsReportService). */
@Injectable()
export class ProgramRepository {
  constructor(private readonly ds: DataSource) {}

  async pointsPosition(businessId: string): Promise<PointsPosition> {
    const r = await this.ds.query<{ a: string; p: string; h: string; n: number }[]>(
      `SELECT coalesce(sum(available), 0)::text AS a, coalesce(sum(pending), 0)::text AS p,
              coalesce(sum(held), 0)::text AS h,
              count(*) FILTER (WHERE available + pending + held > 0)::int AS n
         FROM ledger_accounts WHERE business_id = $1 AND unit = 'points' AND owner_type = 'member'`,
      [businessId],
    );
    return { available: Number(r[0].a), pending: Number(r[0].p), held: Number(r[0].h), holders: r[0].n };
  }

  async breakage(businessId: string, now: Date): Promise<BreakageFacts> {
    const r = await this.ds.query<{ issued: string; settled: string; unsettled: string }[]>(
      `SELECT
         (SELECT coalesce(sum(l.amount), 0) FROM ledger_lots l
            JOIN ledger_accounts a ON a.business_id = l.business_id AND a.id = l.account_id
           WHERE l.business_id = $1 AND a.unit = 'points' AND a.owner_type = 'member'
             AND l.kind = 'earn' AND l.status <> 'voided' AND l.expires_at <= $2)::text AS issued,
         (SELECT coalesce(sum(t.amount), 0) FROM ledger_transactions t
            JOIN ledger_accounts a ON a.business_id = t.business_id AND a.id = t.account_id
           WHERE t.business_id = $1 AND t.kind = 'expire' AND a.unit = 'points' AND a.owner_type = 'member'
             AND t.effective_at <= $2)::text AS settled,
         (SELECT coalesce(sum(l.remaining), 0) FROM ledger_lots l
            JOIN ledger_accounts a ON a.business_id = l.business_id AND a.id = l.account_id
           WHERE l.business_id = $1 AND a.unit = 'points' AND a.owner_type = 'member'
             AND l.kind = 'earn' AND l.status = 'available' AND l.remaining > 0 AND l.expires_at <= $2)::text AS unsettled`,
      [businessId, now],
    );
    const settled = Number(r[0].settled);
    const unsettled = Number(r[0].unsettled);
    return {
      lapsedIssued: Number(r[0].issued),
      expired: settled + unsettled,
      expiredSettled: settled,
      expiredUnsettled: unsettled,
    };
  }

  /** Redemptions (status redeemed) from `from` (a local day) to `to` (inclusive), per reward. */
  async redemptionCosts(businessId: string, from: string, to: string): Promise<RedemptionCostRow[]> {
    const r = await this.ds.query<
      { id: string; name: string; unit: string; n: number; cost: string; money: string }[]
    >(
      `SELECT r.reward_id AS id, w.name, r.unit, count(*)::int AS n, sum(r.cost)::text AS cost,
              sum(CASE WHEN r.discount > 0 THEN r.discount
                       WHEN w.benefit->>'kind' = 'amount_off' THEN (w.benefit->>'amount')::bigint
                       WHEN w.benefit->>'kind' = 'free_item' THEN (w.benefit->>'maxValue')::bigint
                       ELSE 0 END)::text AS money
         FROM redemptions r
         JOIN businesses b ON b.id = r.business_id
         JOIN rewards w ON w.business_id = r.business_id AND w.id = r.reward_id
        WHERE r.business_id = $1 AND r.status = 'redeemed'
          AND (r.created_at AT TIME ZONE b.time_zone)::date BETWEEN $2::date AND $3::date
        GROUP BY 1, 2, 3 ORDER BY 2, 1`,
      [businessId, from, to],
    );
    return r.map((x) => ({
      rewardId: x.id,
      rewardName: x.name,
      unit: x.unit,
      redemptions: x.n,
      cost: Number(x.cost),
      money: Number(x.money),
    }));
  }

  /** Active rewards paid in points, with their face value. */
  async pointRewards(businessId: string): Promise<RewardFace[]> {
    const r = await this.ds.query<{ id: string; name: string; points: string; face: string | null }[]>(
      `SELECT id, name, (cost->>'points')::text AS points,
              CASE WHEN benefit->>'kind' = 'amount_off' THEN benefit->>'amount'
                   WHEN benefit->>'kind' = 'free_item' THEN benefit->>'maxValue' END AS face
         FROM rewards WHERE business_id = $1 AND active AND cost->>'kind' = 'points' ORDER BY name, id`,
      [businessId],
    );
    return r.map((x) => ({
      rewardId: x.id,
      name: x.name,
      points: Number(x.points),
      faceValue: x.face === null ? null : Number(x.face),
    }));
  }

  /** Members' purchases (live and imported history linked to them, net of returns) from `from` to `to`, from the summaries. */
  async memberRevenue(
    businessId: string,
    from: string,
    to: string,
  ): Promise<{ revenue: number; members: number }> {
    const r = await this.ds.query<{ a: string; n: number }[]>(
      `SELECT coalesce(sum(amount), 0)::text AS a, count(DISTINCT customer_key)::int AS n
         FROM retention_customer_days
        WHERE business_id = $1 AND customer_key NOT LIKE 'h:%' AND day BETWEEN $2::date AND $3::date`,
      [businessId, from, to],
    );
    return { revenue: Number(r[0].a), members: r[0].n };
  }
}
