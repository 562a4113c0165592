import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { Purchase } from '@regulars/retention';

/** Who a customer id of the retention data is. */
export interface CustomerInfo {
  /** Member id, or `h:<history customer id>` for an imported customer not linked to a member. */
  customerId: string;
  name: string;
  source: 'member' | 'imported';
  /** Members: the local day they joined; imported customers: null. */
  joinedOn: string | null;
}

export interface RetentionData {
  /** asOf: today in the business's time zone (or the given day). */
  asOf: string;
  currency: string;
  timeZone: string;
  /** One entry per customer and purchase day (live and imported purchases merged), days in the business's time zone, amounts in minor units. */
  orders: Purchase[];
  /** One entry per customer, day and category (live lines at full value; imported rows with a category). */
  categoryLines: Purchase[];
  customers: Map<string, CustomerInfo>;
}

/**
 * Reads the purchases the retention reports work on from the precomputed
 * summaries (retention_customer_days / retention_category_days, kept current
 * by RetentionSummaryConsumer and the importer): live purchases (paid total
 * less the value of returned lines) and imported history, merged per customer
 * (an imported customer linked to a member by email is that member) and per
 * local day. Days after `asOf` are left out.
 */
@Injectable()
export class RetentionDataRepository {
  constructor(private readonly ds: DataSource) {}

  async today(
    businessId: string,
    now: Date,
  ): Promise<{ today: string; currency: string; timeZone: string } | null> {
    const r = await this.ds.query<{ today: string; currency: string; time_zone: string }[]>(
      `SELECT (($2::timestamptz) AT TIME ZONE time_zone)::date::text AS today, currency, time_zone
         FROM businesses WHERE id = $1`,
      [businessId, now],
    );
    return r[0] ? { today: r[0].today, currency: r[0].currency, timeZone: r[0].time_zone } : null;
  }

  /**
   * Rows as arrays straight from pg (rowMode 'array': no object per row; the
   * reports read up to millions of summary rows), through the DataSource's pool.
   */
  private async arrays(sql: string, params: unknown[]): Promise<string[][]> {
    const pool = (this.ds.driver as unknown as { master?: Pool }).master;
    if (!pool) {
      const rows = await this.ds.query<Record<string, string>[]>(sql, params);
      return rows.map((r) => Object.values(r));
    }
    const r = await pool.query<string[]>({ text: sql, values: params, rowMode: 'array' });
    return r.rows;
  }

  async load(
    businessId: string,
    asOf: string,
    currency: string,
    timeZone: string,
    opts: { categories?: boolean } = {},
  ): Promise<RetentionData> {
    // The precomputed summaries (summary.entities.ts): one row per customer and local day, no joins.
    const orders = await this.arrays(
      `SELECT customer_key, day::text, amount::text
         FROM retention_customer_days WHERE business_id = $1 AND day <= $2::date`,
      [businessId, asOf],
    );
    // Per category only for the reports that use it (the monthly review's category detector).
    const lines =
      opts.categories === false
        ? []
        : await this.arrays(
            `SELECT customer_key, day::text, amount::text, category
               FROM retention_category_days WHERE business_id = $1 AND day <= $2::date`,
            [businessId, asOf],
          );
    const people = await this.ds.query<
      { c: string; n: string; s: 'member' | 'imported'; j: string | null }[]
    >(
      `SELECT m.id::text AS c, trim(m.first_name || ' ' || coalesce(m.last_name, '')) AS n, 'member' AS s,
              (m.created_at AT TIME ZONE b.time_zone)::date::text AS j
         FROM members m JOIN businesses b ON b.id = m.business_id WHERE m.business_id = $1
       UNION ALL
       SELECT 'h:' || hc.id::text, coalesce(hc.name, hc.external_id), 'imported', NULL
         FROM history_customers hc WHERE hc.business_id = $1 AND hc.member_id IS NULL`,
      [businessId],
    );
    return {
      asOf,
      currency,
      timeZone,
      orders: orders.map((r) => ({ customerId: r[0], day: r[1], amount: Number(r[2]) })),
      categoryLines: lines.map((r) => ({
        customerId: r[0],
        day: r[1],
        amount: Number(r[2]),
        category: r[3],
      })),
      customers: new Map(
        people.map((p) => [p.c, { customerId: p.c, name: p.n, source: p.s, joinedOn: p.j }]),
      ),
    };
  }
}
