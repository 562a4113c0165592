/**
 * npm run bench:reports
 *
 * The owner's retention reports on the bench data set, against one
 * PostgreSQL (DATABASE_URL, or the app's embedded server):
 *   1. seeds the data set unless it is there: `bench/pos.bench.ts` with
 *      BENCH_SEED_ONLY=1 (a café, 100k members, 1M purchases with lines and
 *      ledger rows over the last 360 days; resumable) into BENCH_DB;
 *   2. applies pending migrations (the retention summaries' migration fills
 *      them from the existing purchases the first time; timed);
 *   3. rebuilds the retention summaries from the sources (the
 *      POST /api/retention/summaries/rebuild path; BENCH_REBUILD=0 skips it);
 *   4. times, in the same run:
 *        - a plain `SELECT count(*) FROM purchases` (the yardstick);
 *        - the whole monthly review of the current month (RetentionService.review:
 *          every trend alert with evidence, 80/20, value segments, cohorts),
 *          the lost-customers report and the redemption report, each as the
 *          API computes it (reading the summaries);
 *        - the BG/NBD + Gamma-Gamma fit (fitRetentionModels, weeks) on every
 *          customer's summary, the customer summaries built from the same data;
 *        - the owner's dashboard (12 weeks): the former computation from the sources
 *          (test/console/dashboard-former.ts), then DashboardService.dashboard with
 *          no stored week (12 recomputed), every week stored, and the current week
 *          marked by the consumer (one recomputed); the consumer's work for one purchase;
 *   5. prints each time beside the count(*) time and the targets
 *      (monthly review < 10 s, fit on 100k customers < 5 s).
 *
 * BENCH_ONLY=dashboard times only count(*) and the dashboard (no rebuild, no review, no fit).
 *
 * Environment: BENCH_DB (regulars_bench_reports), BENCH_MEMBERS (100000),
 * BENCH_PURCHASES (1000000) for a smaller set, BENCH_RUNS (3) timed runs of
 * each, BENCH_REBUILD (1).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SystemClock } from '../libs/core/src';
import { dayNumber, fitRetentionModels, summarize } from '../libs/retention/src';
import { simulatePurchases } from '../libs/retention/test/synthetic';
import { dataSourceOptions, runMigrations } from '../apps/api/src/database/data-source';
import { Db } from '../apps/api/src/database/db';
import { resolveDatabase } from '../apps/api/src/database/resolve-database';
import { RetentionDataRepository } from '../apps/api/src/retention/retention-data.repository';
import { RetentionService } from '../apps/api/src/retention/retention.service';
import { RedemptionsReportService } from '../apps/api/src/retention/redemptions.service';
import { RedemptionsRepository } from '../apps/api/src/retention/redemptions.repository';
import { rebuildSummaries } from '../apps/api/src/retention/summary.repository';
import type { BusinessesService } from '../apps/api/src/businesses/businesses.service';
import { DashboardRepository, recordDashboardPostings } from '../apps/api/src/console/dashboard.repository';
import { DashboardService } from '../apps/api/src/console/dashboard.service';
import type { RulesService } from '../apps/api/src/rules/rules.service';
import { formerDashboard } from '../test/console/dashboard-former';

const ROOT = resolve(__dirname, '..');
const BENCH_DB = process.env.BENCH_DB ?? 'regulars_bench_reports';
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 1_000_000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const ONLY_DASHBOARD = process.env.BENCH_ONLY === 'dashboard';
const REBUILD = !ONLY_DASHBOARD && !['0', 'false', 'no'].includes(process.env.BENCH_REBUILD ?? '1');
const REVIEW_TARGET_S = 10;
const FIT_TARGET_S = 5;

const log = (line: string) => process.stdout.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Runs fn RUNS times; returns every time and the last value. */
async function runs<T>(label: string, fn: () => Promise<T> | T): Promise<{ times: number[]; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(fn);
    times.push(r.ms);
    value = r.value;
    log(`  ${label} run ${i + 1}: ${secs(r.ms)}`);
  }
  return { times, value };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function seeded(url: string): Promise<{ business_id: string } | null> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
  } catch {
    return null;
  }
  try {
    const r = await c.query<{ business_id: string; members: number; purchases: number }>(
      `SELECT business_id, members, purchases FROM bench_pos_meta WHERE complete`,
    );
    const row = r.rows[0];
    if (!row) return null;
    if (row.members !== MEMBERS || row.purchases !== PURCHASES)
      throw new Error(
        `${BENCH_DB} holds ${row.members} members / ${row.purchases} purchases, not ${MEMBERS} / ${PURCHASES}: ` +
          `choose another BENCH_DB`,
      );
    return row;
  } catch (e) {
    if (e instanceof Error && /does not exist/.test(e.message)) return null;
    throw e;
  } finally {
    await c.end();
  }
}

function seed(databaseUrl: string): Promise<void> {
  log(`seeding ${BENCH_DB} with bench/pos.bench.ts (BENCH_SEED_ONLY=1) ...`);
  return new Promise((res, rej) => {
    const child = spawn('npx', ['tsx', 'bench/pos.bench.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        BENCH_DB,
        BENCH_MEMBERS: String(MEMBERS),
        BENCH_PURCHASES: String(PURCHASES),
        BENCH_SEED_ONLY: '1',
        BENCH_VERIFY_BEFORE: '0',
      },
    });
    child.on('error', rej);
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`seeding exited with ${code}`))));
  });
}

async function main() {
  const db = await resolveDatabase(process.env, (l) => log(`embedded postgres: ${l}`));
  const benchUrl = withDatabase(db.url, BENCH_DB);
  try {
    const version = await (async () => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        return (await c.query<{ v: string }>(`SELECT split_part(version(), ' on ', 1) AS v`)).rows[0].v;
      } finally {
        await c.end();
      }
    })();
    log(`${version} (${db.embedded ? 'embedded' : 'DATABASE_URL'})`);
    log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM; ` +
        `node ${process.version}; load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
    );
    log(
      `data set: ${BENCH_DB}, ${MEMBERS.toLocaleString('en')} members, ${PURCHASES.toLocaleString('en')} purchases`,
    );

    if (!(await seeded(benchUrl))) await seed(db.url);
    const meta = await seeded(benchUrl);
    if (!meta) throw new Error('the data set is not seeded');
    const businessId = meta.business_id;

    const migrated = await timed(() => runMigrations(benchUrl));
    log(
      `migrations: ${migrated.value.length ? migrated.value.join(', ') : 'none pending'} (${secs(migrated.ms)}` +
        `${migrated.value.length ? ', including any first fill of summaries they create' : ''})`,
    );

    const ds = new DataSource(dataSourceOptions(benchUrl, 4));
    await ds.initialize();
    try {
      await ds.query('ANALYZE purchases');
      await ds.query('ANALYZE retention_customer_days');
      if (REBUILD) {
        const r = await timed(() => ds.transaction((m) => rebuildSummaries(businessId, m)));
        log(
          `summary rebuild (POST /api/retention/summaries/rebuild): ${secs(r.ms)} for ${r.value.customers.toLocaleString('en')} customers, ` +
            `${r.value.days.toLocaleString('en')} customer-days, ${r.value.categoryDays.toLocaleString('en')} category-days`,
        );
        await ds.query('ANALYZE retention_customer_days');
        await ds.query('ANALYZE retention_category_days');
        // Straight after the bulk rewrite the visibility map is empty: every index-only read of the
        // summaries visits the heap until (auto)vacuum has run. Timed once, then VACUUM as autovacuum
        // would after 2-3M inserted rows.
        const cold = await timed(() =>
          new RetentionService(new RetentionDataRepository(new Db(ds)), new SystemClock(), ds).review(
            businessId,
            {},
          ),
        );
        log(`monthly review right after the rebuild, before VACUUM: ${secs(cold.ms)}`);
        const vac = await timed(() =>
          ds.query('VACUUM ANALYZE retention_customer_days, retention_category_days'),
        );
        log(`VACUUM ANALYZE of the summaries: ${secs(vac.ms)}`);
      }

      await benchDashboard(ds, businessId);
      if (ONLY_DASHBOARD) return;

      const clock = new SystemClock();
      const data = new RetentionDataRepository(new Db(ds));
      const retention = new RetentionService(data, clock, ds);
      const redemptions = new RedemptionsReportService(new RedemptionsRepository(new Db(ds)), data, clock);

      log('timings:');
      const count = await runs('SELECT count(*) FROM purchases', async () =>
        Number((await ds.query<{ n: string }[]>('SELECT count(*) AS n FROM purchases'))[0].n),
      );
      const review = await runs('monthly review', () => retention.review(businessId, {}));
      const lost = await runs('lost customers report', () => retention.lost(businessId, {}));
      const redeem = await runs('redemption report', () => redemptions.report(businessId));

      const today = (await data.today(businessId, clock.now()))!;
      const loaded = await timed(() =>
        data.load(businessId, today.today, today.currency, today.timeZone, { categories: false }),
      );
      const built = await timed(() => summarize(loaded.value.orders, { calibrationEnd: today.today }));
      log(
        `  fit input: ${loaded.value.orders.length.toLocaleString('en')} customer-days read in ${secs(loaded.ms)}, ` +
          `${built.value.length.toLocaleString('en')} customer summaries built in ${secs(built.ms)}`,
      );
      const fit = await runs('BG/NBD + Gamma-Gamma fit', () => fitRetentionModels(built.value));

      // The bench data set buys on a fixed schedule (member n every 100k purchases), which no BG/NBD
      // population produces: the fit runs to a boundary there. The same fit on 100k customers drawn
      // from CDNOW's published parameters (78 weeks) shows the time of a fit that converges.
      const start = dayNumber('2024-01-01');
      const simulated = summarize(
        simulatePurchases(
          { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
          { p: 6.25, q: 3.74, gamma: 15.44 },
          {
            customers: built.value.length,
            seed: 17,
            startDay: start,
            birthWindowDays: 84,
            endDay: start + 545,
          },
        ),
        { calibrationEnd: '2025-06-29' },
      );
      const simFit = await runs('fit on simulated CDNOW-like customers', () => fitRetentionModels(simulated));
      const sbg = simFit.value.purchases.fit;
      log(
        `  simulated: ${simFit.value.customers.toLocaleString('en')} customers, BG/NBD ${sbg ? `r ${sbg.params.r.toFixed(3)} α ${sbg.params.alpha.toFixed(3)} a ${sbg.params.a.toFixed(3)} b ${sbg.params.b.toFixed(3)}` : '-'}` +
          ` (${simFit.value.purchases.usable ? 'usable' : simFit.value.purchases.reasons.join('; ')}); Gamma-Gamma ${simFit.value.spend.usable ? 'usable' : simFit.value.spend.reasons.join('; ')}`,
      );

      const r = review.value;
      const alerts =
        r.alerts.aovFallingBusiness.length +
        r.alerts.aovFallingCustomers.length +
        r.alerts.dryingUp.length +
        r.alerts.categoryDropped.length;
      const bg = fit.value.purchases.fit;
      const gg = fit.value.spend.fit;
      log('');
      log(`purchases: ${count.value.toLocaleString('en')}`);
      log(
        `monthly review ${r.month}: ${alerts.toLocaleString('en')} alerts, 80/20 share ${r.concentration.share.toFixed(3)} ` +
          `of ${r.concentration.customers.toLocaleString('en')} customers, ${r.segments.length} segments, ${r.cohorts.length} cohorts`,
      );
      log(
        `lost customers (12 months): ${lost.value.totals.lost.toLocaleString('en')} (${lost.value.method})`,
      );
      log(
        `fit: ${fit.value.customers.toLocaleString('en')} customers (${fit.value.repeatCustomers.toLocaleString('en')} repeat); ` +
          `BG/NBD ${bg ? `r ${bg.params.r.toFixed(3)} α ${bg.params.alpha.toFixed(3)} a ${bg.params.a.toFixed(3)} b ${bg.params.b.toFixed(3)}` : '-'} ` +
          `(${fit.value.purchases.usable ? 'usable' : fit.value.purchases.reasons.join('; ')}); ` +
          `Gamma-Gamma ${gg ? `p ${gg.params.p.toFixed(3)} q ${gg.params.q.toFixed(3)} γ ${gg.params.gamma.toFixed(3)}` : '-'} ` +
          `(${fit.value.spend.usable ? 'usable' : fit.value.spend.reasons.join('; ')})`,
      );
      log('');
      const c = median(count.times);
      const row = (name: string, times: number[], target?: number) => {
        const m = median(times);
        log(
          `${name.padEnd(34)} median ${secs(m).padStart(9)}   ${(m / c).toFixed(1).padStart(6)}× count(*)` +
            (target !== undefined ? `   target < ${target} s: ${m / 1000 < target ? 'met' : 'NOT met'}` : ''),
        );
      };
      row('SELECT count(*) FROM purchases', count.times);
      row('monthly review', review.times, REVIEW_TARGET_S);
      row('lost customers report', lost.times);
      row('redemption report', redeem.times);
      row(`fit (${fit.value.customers.toLocaleString('en')} customers)`, fit.times, FIT_TARGET_S);
      row(`fit (${simFit.value.customers.toLocaleString('en')} simulated)`, simFit.times, FIT_TARGET_S);
    } finally {
      await ds.destroy();
    }
  } finally {
    await db.stop();
  }
}

/** The dashboard before (the former SQL per request) and after (stored weeks), timed. */
async function benchDashboard(ds: DataSource, businessId: string) {
  const pool = new Db(ds).pool;
  const b = (
    await pool.query<{ time_zone: string; currency: string }>(
      `SELECT time_zone, currency FROM businesses WHERE id = $1`,
      [businessId],
    )
  ).rows[0];
  const rules = (
    await pool.query<{ rules: { stampCards: { id: string; cardSize: number }[] } }>(
      `SELECT rules FROM rule_set_versions WHERE business_id = $1 AND effective_from <= now()
        ORDER BY effective_from DESC, version DESC LIMIT 1`,
      [businessId],
    )
  ).rows[0].rules;
  const sizes = rules.stampCards.map((c) => ({ unit: `stamps:${c.id}`, size: c.cardSize }));
  // The two lookups the service makes besides its own SQL (a business row, the cached rules).
  const businesses = { get: async () => ({ timeZone: b.time_zone, currency: b.currency }) };
  const ruleService = { rulesNow: async () => ({ ruleSet: rules }) };
  const service = new DashboardService(
    new DashboardRepository(new Db(ds)),
    businesses as unknown as BusinessesService,
    ruleService as unknown as RulesService,
    new SystemClock(),
  );
  await pool.query('ANALYZE dashboard_postings');
  const count = await runs('SELECT count(*) FROM purchases', async () =>
    Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM purchases')).rows[0].n),
  );
  const former = await runs('dashboard, former SQL (12 weeks)', () =>
    formerDashboard(pool, businessId, new Date(), b.time_zone, 12, sizes),
  );
  await pool.query(`DELETE FROM dashboard_weeks WHERE business_id = $1`, [businessId]);
  const cold = await timed(() => service.dashboard(businessId, 12));
  log(`  dashboard, no week stored (12 recomputed): ${secs(cold.ms)}`);
  const warm = await runs('dashboard, every week stored', () => service.dashboard(businessId, 12));
  // What the consumer does for a purchase of this week: mark the current week (+ copy postings).
  const markCurrent = () =>
    pool.query(
      `UPDATE dashboard_weeks SET seq = seq + 1
        WHERE business_id = $1 AND week = date_trunc('week', now() AT TIME ZONE $2)::date`,
      [businessId, b.time_zone],
    );
  const oneStale = await runs('dashboard, current week marked', async () => {
    await markCurrent();
    return service.dashboard(businessId, 12);
  });
  const purchase = (
    await pool.query<{ id: string; occurred_at: Date }>(
      `SELECT id, occurred_at FROM purchases WHERE business_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [businessId],
    )
  ).rows[0];
  const consumer = await runs('consumer: one purchase.recorded', async () => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await recordDashboardPostings(
        businessId,
        { purchaseId: purchase.id },
        [purchase.occurred_at.toISOString()],
        c,
      );
      await c.query('ROLLBACK');
    } finally {
      c.release();
    }
  });
  const same =
    JSON.stringify(
      warm.value.weeks.map((w) => [
        w.weekStart,
        w.purchases,
        w.revenue,
        w.pointsIssued,
        w.pointsRedeemed,
        w.stampCardsCompleted,
        w.activeMembers,
        w.newMembers,
      ]),
    ) ===
    JSON.stringify(
      former.value.rows.map((r) => [
        r.week,
        Number(r.purchases),
        Number(r.revenue),
        Number(r.points_issued),
        Number(r.points_redeemed),
        Number(r.stamp_cards_completed),
        Number(r.active_members),
        Number(r.new_members),
      ]),
    );
  log(
    `  dashboard: ${warm.value.weeks.reduce((s, w) => s + w.purchases, 0).toLocaleString('en')} purchases in 12 weeks, ` +
      `${warm.value.totals.members.toLocaleString('en')} members, ${warm.value.totals.activeMembers30d.toLocaleString('en')} active in 30 days; ` +
      `stored weeks ${same ? 'EQUAL to' : 'DIFFER from'} the former SQL`,
  );
  const c = median(count.times);
  const row = (name: string, times: number[]) => {
    const m = median(times);
    log(`${name.padEnd(40)} median ${secs(m).padStart(9)}   ${(m / c).toFixed(2).padStart(7)}× count(*)`);
  };
  log('');
  row('SELECT count(*) FROM purchases', count.times);
  row('dashboard, former SQL (12 weeks)', former.times);
  row('dashboard, no week stored', [cold.ms]);
  row('dashboard, every week stored', warm.times);
  row('dashboard, current week marked', oneStale.times);
  row('consumer: one purchase.recorded', consumer.times);
  log('');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
