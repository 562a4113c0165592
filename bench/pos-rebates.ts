/**
 * BENCH_REBATES=1 for bench/pos.bench.ts: the bench's members become buyers of
 * business customers with an active annual volume rebate agreement, so every
 * purchase of the load is also a rebate event (the accrual consumer
 * events:rebate-accrual runs on the worker, which BENCH_REBATES turns on).
 *
 * Companies and agreements go through the API; the 100k buyer links and the
 * back-dating of the agreements to the start of the year are SQL (like the
 * seed's back-dated rules: the API never backdates a version).
 */
import type { Client } from 'pg';

export interface RebateSetup {
  companies: number;
  agreements: number;
  buyers: number;
  reused: boolean;
}

type Http = <T>(method: string, path: string, body: unknown, auth?: string) => Promise<T>;

const OWNER_PASSWORD = 'bench owner password';

/** Bench owner's token (the seed signed the owner up with a fixed password). */
export async function ownerToken(c: Client, http: Http, businessId: string): Promise<string> {
  const owner = await c.query<{ email: string }>(
    `SELECT email FROM staff_users WHERE business_id = $1 AND role = 'owner' ORDER BY created_at LIMIT 1`,
    [businessId],
  );
  const login = await http<{ accessToken: string }>('POST', '/api/auth/staff/login', {
    email: owner.rows[0].email,
    password: OWNER_PASSWORD,
  });
  return login.accessToken;
}

/**
 * `companies` companies (each a retroactive agreement, the issue's worked example brackets
 * scaled to a café: 2 % from 100.00, 4 % from 250.00), every member a buyer of one of them
 * (round robin). Reused when already there.
 */
export async function setupRebates(
  c: Client,
  http: Http,
  businessId: string,
  timeZone: string,
  companies: number,
): Promise<RebateSetup> {
  const existing = await c.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM rebate_companies WHERE business_id = $1 AND tax_id LIKE 'BENCH-%'`,
    [businessId],
  );
  const token = await ownerToken(c, http, businessId);
  if (Number(existing.rows[0].n) === 0) {
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv', { timeZone });
    for (let i = 0; i < companies; i++) {
      const co = await http<{ id: string }>(
        'POST',
        '/api/rebates/companies',
        {
          legalName: `Bench Company ${i + 1}`,
          taxId: `BENCH-${i + 1}`,
          billingName: 'Accounts payable',
          billingEmail: `ap${i + 1}@bench.example`,
        },
        token,
      );
      await http(
        'POST',
        '/api/rebates/agreements',
        {
          name: `Bench rebate ${i + 1}`,
          settings: {
            period: { kind: 'calendar_year' },
            basis: 'net_amount',
            payout: 'store_credit',
            assignment: { kind: 'company', companyId: co.id },
            schedule: 'quarterly',
          },
          version: {
            effectiveFrom: tomorrow,
            terms: {
              mode: 'retroactive',
              scope: { kind: 'all' },
              brackets: [
                { threshold: 10_000, value: { kind: 'rate', rateBp: 200 } },
                { threshold: 25_000, value: { kind: 'rate', rateBp: 400 } },
              ],
              minimumVolume: 10_000,
            },
          },
        },
        token,
      );
    }
    // In force since 1 January, and every member a buyer (round robin) since the seed's history start.
    await c.query('BEGIN');
    await c.query(
      `UPDATE rebate_agreement_versions v SET effective_from = date_trunc('year', now() AT TIME ZONE $2)::date
         FROM rebate_agreements a WHERE a.business_id = v.business_id AND a.id = v.agreement_id
          AND a.business_id = $1 AND a.name LIKE 'Bench rebate %'`,
      [businessId, timeZone],
    );
    await c.query(
      `WITH co AS (SELECT id, row_number() OVER (ORDER BY tax_id) - 1 AS k, count(*) OVER () AS n
                     FROM rebate_companies WHERE business_id = $1 AND tax_id LIKE 'BENCH-%'),
            m AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM members WHERE business_id = $1)
       INSERT INTO rebate_buyers (business_id, company_id, member_id, started_at)
       SELECT $1, co.id, m.id, now() - interval '1 day' FROM m JOIN co ON co.k = m.k % co.n
       ON CONFLICT DO NOTHING`,
      [businessId],
    );
    await c.query('COMMIT');
    await c.query('ANALYZE rebate_buyers');
  }
  const count = async (sql: string) => Number((await c.query<{ n: string }>(sql, [businessId])).rows[0].n);
  return {
    companies: await count(`SELECT count(*)::text AS n FROM rebate_companies WHERE business_id = $1`),
    agreements: await count(`SELECT count(*)::text AS n FROM rebate_agreements WHERE business_id = $1`),
    buyers: await count(
      `SELECT count(*)::text AS n FROM rebate_buyers WHERE business_id = $1 AND ended_at IS NULL`,
    ),
    reused: Number(existing.rows[0].n) > 0,
  };
}

/**
 * After the load: the accrual backlog it left (events not yet relayed, accrual jobs queued),
 * how long the worker took to drain it (up to 5 minutes), the accruals posted, and the
 * rebate verify of the app (rebate(volume) = ledger = accrued = sum of deltas).
 */
export async function rebateReport(
  c: Client,
  baseUrl: string,
  token: string,
  businessId: string,
  accrualsBefore: number,
  workerOn: boolean,
): Promise<string[]> {
  if (!workerOn) {
    // The counter's own cost with agreements in force: nothing consumes the events (BENCH_WORKER=0).
    const e = await c.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM domain_events WHERE business_id = $1 AND dispatched_at IS NULL`,
      [businessId],
    );
    return [`rebates: worker off; ${e.rows[0].n} purchase events left for the consumers (not drained here)`];
  }
  const backlog = async () => {
    const e = await c.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM domain_events WHERE business_id = $1 AND dispatched_at IS NULL`,
      [businessId],
    );
    const j = await c.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM graphile_worker.jobs WHERE task_identifier = 'events:rebate-accrual'`,
    );
    return { events: Number(e.rows[0].n), jobs: Number(j.rows[0].n) };
  };
  const atEnd = await backlog();
  const t0 = Date.now();
  let left = atEnd;
  while ((left.events > 0 || left.jobs > 0) && Date.now() - t0 < 300_000) {
    await new Promise((r) => setTimeout(r, 500));
    left = await backlog();
  }
  const drained = ((Date.now() - t0) / 1000).toFixed(1);
  const accruals = (await accrualCount(c, businessId)) - accrualsBefore;
  const r = await fetch(`${baseUrl}/api/rebates/verify`, { headers: { authorization: `Bearer ${token}` } });
  const v = (await r.json()) as { ok: boolean; periods: number; violations: unknown[] };
  return [
    `rebates: at the end of the load ${atEnd.events} events not yet relayed and ${atEnd.jobs} accrual jobs queued; ` +
      (left.events || left.jobs ? `NOT drained after ${drained} s` : `drained in ${drained} s`) +
      `; ${accruals} accruals posted`,
    `rebates verify: ${v.ok ? 'clean' : `${v.violations.length} VIOLATIONS`} over ${v.periods} agreement periods`,
  ];
}

export async function accrualCount(c: Client, businessId: string): Promise<number> {
  const r = await c.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM rebate_accruals WHERE business_id = $1`,
    [businessId],
  );
  return Number(r.rows[0].n);
}
