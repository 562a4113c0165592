import { Injectable } from '@nestjs/common';
import { Db } from '../database/db';

export interface LastCallRow {
  k: string;
  called_at: Date;
  reached: boolean;
  outcome: string;
  reason: string | null;
  follow_up_on: string | null;
}

export interface CallRow {
  k: string;
  called_at: Date;
  reached: boolean;
  reason: string | null;
  reason_text: string | null;
}

/** The defection workflow's SQL (calls, and the purchases that show a called customer came back). */
@Injectable()
export class DefectionRepository {
  constructor(private readonly db: Db) {}

  /** The latest call of each of these customers (member ids, unlinked history customer ids). */
  async lastCalls(businessId: string, members: string[], history: string[]): Promise<LastCallRow[]> {
    const r = await this.db.pool.query<LastCallRow>(
      `SELECT DISTINCT ON (k) k, called_at, reached, outcome, reason, follow_up_on::text
         FROM (SELECT coalesce(member_id::text, 'h:' || history_customer_id::text) AS k, * FROM defection_calls
                WHERE business_id = $1 AND (member_id = ANY($2::uuid[]) OR history_customer_id = ANY($3::uuid[]))) c
        ORDER BY k, called_at DESC, id`,
      [businessId, members, history],
    );
    return r.rows;
  }

  /** Whether a member, or an imported customer not linked to a member, exists in the business. */
  async customerExists(businessId: string, id: string, isHistory: boolean): Promise<boolean> {
    const r = await this.db.pool.query(
      isHistory
        ? `SELECT 1 FROM history_customers WHERE business_id = $1 AND id = $2 AND member_id IS NULL`
        : `SELECT 1 FROM members WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    );
    return r.rows.length > 0;
  }

  /** Calls recorded on local days from..to, oldest first. */
  async calls(businessId: string, from: string, to: string): Promise<CallRow[]> {
    const r = await this.db.pool.query<CallRow>(
      `SELECT coalesce(c.member_id::text, 'h:' || c.history_customer_id::text) AS k, c.called_at, c.reached, c.reason, c.reason_text
         FROM defection_calls c JOIN businesses b ON b.id = c.business_id
        WHERE c.business_id = $1 AND (c.called_at AT TIME ZONE b.time_zone)::date BETWEEN $2::date AND $3::date
        ORDER BY c.called_at, c.id`,
      [businessId, from, to],
    );
    return r.rows;
  }

  /** The purchase times (live and imported) of these customers, by customer key. */
  async purchaseTimes(
    businessId: string,
    members: string[],
    history: string[],
  ): Promise<{ k: string; at: Date }[]> {
    const r = await this.db.pool.query<{ k: string; at: Date }>(
      `SELECT p.member_id::text AS k, p.occurred_at AS at FROM purchases p
        WHERE p.business_id = $1 AND p.member_id = ANY($2::uuid[])
       UNION ALL
       SELECT coalesce(hc.member_id::text, 'h:' || hc.id::text), h.occurred_at
         FROM history_purchases h JOIN history_customers hc ON hc.business_id = h.business_id AND hc.id = h.customer_id
        WHERE h.business_id = $1 AND (hc.member_id = ANY($2::uuid[]) OR hc.id = ANY($3::uuid[]))`,
      [businessId, members, history],
    );
    return r.rows;
  }
}
