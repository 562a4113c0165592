import { Injectable } from '@nestjs/common';
import {
  dayNumber,
  type CustomerCategoryHistory,
  type CustomerHistory,
  type Purchase,
} from '@regulars/retention';
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

/** A retention_customer_histories row's JSON (days ascending). */
interface StoredHistory {
  d: number[];
  a: number[];
  c: Record<string, number[]>;
}

/** How many of the ascending days are <= last. */
function upTo(days: readonly number[], last: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= last) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
   * Each customer's purchase days to asOf (day numbers, ascending) with the day's amount, and
   * their days per category, in customer key order: one row per customer from
   * retention_customer_histories (kept with the day summaries), read in one pass.
   */
  async histories(
    businessId: string,
    asOf: string,
  ): Promise<{ histories: CustomerHistory[]; categories: CustomerCategoryHistory[] }> {
    const rows = await this.arrays(
      `SELECT customer_key, history FROM retention_customer_histories WHERE business_id = $1 ORDER BY customer_key`,
      [businessId],
    );
    const last = dayNumber(asOf);
    const histories: CustomerHistory[] = [];
    const categories: CustomerCategoryHistory[] = [];
    for (const [customerId, raw] of rows) {
      const h = raw as unknown as StoredHistory;
      const n = upTo(h.d, last);
      if (n === 0) continue;
      histories.push({
        customerId,
        days: n === h.d.length ? h.d : h.d.slice(0, n),
        amounts: n === h.a.length ? h.a : h.a.slice(0, n),
      });
      const names = Object.keys(h.c).sort();
      if (!names.length) continue;
      const all = new Set<number>();
      const mine: CustomerCategoryHistory['categories'] = [];
      for (const category of names) {
        const ds = h.c[category];
        const m = upTo(ds, last);
        if (m === 0) continue;
        const days = m === ds.length ? ds : ds.slice(0, m);
        for (const d of days) all.add(d);
        if (category !== '') mine.push({ category, days });
      }
      if (all.size) categories.push({ customerId, days: [...all].sort((a, b) => a - b), categories: mine });
    }
    return { histories, categories };
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
