import { Injectable } from '@nestjs/common';
import type { CustomerCategoryHistory, CustomerHistory, Purchase } from '@regulars/retention';
import { Db } from '../database/db';

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

/** A pg int[] / bigint[] in its text form ('{1,2,3}') as numbers. */
function numbers(text: string): number[] {
  const out: number[] = [];
  let v = 0;
  let neg = false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 125) {
      out.push(neg ? -v : v);
      v = 0;
      neg = false;
    } else if (c === 45) neg = true;
    else v = v * 10 + (c - 48);
  }
  return text.length > 2 ? out : [];
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
  constructor(private readonly db: Db) {}

  async today(
    businessId: string,
    now: Date,
  ): Promise<{ today: string; currency: string; timeZone: string } | null> {
    const r = await this.db.pool.query<{ today: string; currency: string; time_zone: string }>(
      `SELECT (($2::timestamptz) AT TIME ZONE time_zone)::date::text AS today, currency, time_zone
         FROM businesses WHERE id = $1`,
      [businessId, now],
    );
    const row = r.rows[0];
    return row ? { today: row.today, currency: row.currency, timeZone: row.time_zone } : null;
  }

  /** Rows as arrays straight from pg (rowMode 'array': no object per row; the reports read up to millions of summary rows). */
  private async arrays(sql: string, params: unknown[]): Promise<string[][]> {
    const r = await this.db.pool.query<string[]>({ text: sql, values: params, rowMode: 'array' });
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
    // Per category only for the reports that use it.
    const lines =
      opts.categories === false
        ? []
        : await this.arrays(
            `SELECT customer_key, day::text, amount::text, category
               FROM retention_category_days WHERE business_id = $1 AND day <= $2::date`,
            [businessId, asOf],
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
      customers: await this.customers(businessId),
    };
  }

  /**
   * Each customer's purchase days to asOf (day numbers, ascending) with the day's amount, in
   * customer key order: one row per customer, the days aggregated by PostgreSQL along the
   * primary key (the monthly review's input; 100k customers and 1M days in about a second).
   */
  async histories(businessId: string, asOf: string): Promise<CustomerHistory[]> {
    const rows = await this.arrays(
      `SELECT customer_key, array_agg(day - DATE '1970-01-01' ORDER BY day)::text,
              array_agg(amount ORDER BY day)::text
         FROM retention_customer_days WHERE business_id = $1 AND day <= $2::date
        GROUP BY customer_key ORDER BY customer_key`,
      [businessId, asOf],
    );
    return rows.map((r) => ({ customerId: r[0], days: numbers(r[1]), amounts: numbers(r[2]) }));
  }

  /** Each customer's categorised purchase days to asOf, per category (customer key, then category order). */
  async categoryHistories(businessId: string, asOf: string): Promise<CustomerCategoryHistory[]> {
    const rows = await this.arrays(
      `SELECT customer_key, category, array_agg(day - DATE '1970-01-01' ORDER BY day)::text
         FROM retention_category_days WHERE business_id = $1 AND day <= $2::date
        GROUP BY customer_key, category ORDER BY customer_key, category`,
      [businessId, asOf],
    );
    const out: CustomerCategoryHistory[] = [];
    let current: CustomerCategoryHistory | undefined;
    for (const r of rows) {
      if (current?.customerId !== r[0]) {
        if (current) current.days = [...new Set(current.days)].sort((a, b) => a - b);
        current = { customerId: r[0], days: [], categories: [] };
        out.push(current);
      }
      const days = numbers(r[2]);
      for (const d of days) current.days.push(d);
      if (r[1] !== '') current.categories.push({ category: r[1], days });
    }
    if (current) current.days = [...new Set(current.days)].sort((a, b) => a - b);
    return out;
  }

  /** Members and imported customers not linked to a member, by customer key. */
  async customers(businessId: string): Promise<Map<string, CustomerInfo>> {
    const people = await this.arrays(
      `SELECT m.id::text AS c, trim(m.first_name || ' ' || coalesce(m.last_name, '')) AS n, 'member' AS s,
              (m.created_at AT TIME ZONE b.time_zone)::date::text AS j
         FROM members m JOIN businesses b ON b.id = m.business_id WHERE m.business_id = $1
       UNION ALL
       SELECT 'h:' || hc.id::text, coalesce(hc.name, hc.external_id), 'imported', NULL
         FROM history_customers hc WHERE hc.business_id = $1 AND hc.member_id IS NULL`,
      [businessId],
    );
    return new Map(
      people.map(([c, n, s, j]) => [
        c,
        { customerId: c, name: n, source: s as 'member' | 'imported', joinedOn: j ?? null },
      ]),
    );
  }
}
