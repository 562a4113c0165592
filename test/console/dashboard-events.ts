import { Pool } from 'pg';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { loadEvent } from '../../apps/api/src/events/events.repository';
import { pgTransaction } from '../../apps/api/src/database/pg-transaction';
import { DashboardConsumer } from '../../apps/api/src/console/dashboard.consumer';

/**
 * Applies the dashboard's events of the database (purchase.recorded, ledger.posted) to its
 * stored weeks, as the job-queue worker would (the test apps run without it), through
 * consumeEvent. `copies` delivers each event that many times, `shuffle` in a random order
 * (at-least-once delivery, no order promised). `raw` also runs the consumer's handle() once
 * more for that share of the events without the event_consumptions claim, as if the dedup had
 * failed: the consumer must be harmless on its own.
 */
export async function applyDashboardEvents(
  databaseUrl: string,
  opts: { copies?: number; random?: () => number; raw?: number } = {},
): Promise<{ applied: number; duplicates: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const consumer = new DashboardConsumer();
  let applied = 0;
  let duplicates = 0;
  try {
    const events = await pool.query<{ business_id: string; id: string }>(
      `SELECT business_id, id::text FROM domain_events WHERE type = ANY($1::text[]) ORDER BY id`,
      [consumer.types],
    );
    const list = events.rows.flatMap((e) => Array.from({ length: opts.copies ?? 1 }, () => e));
    if (opts.random)
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(opts.random() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
    for (const e of list) {
      if ((await consumeEvent(pool, consumer, e.business_id, e.id)) === 'applied') applied++;
      else duplicates++;
      if (opts.raw && opts.random && opts.random() < opts.raw)
        await pgTransaction(pool, async (tx) => {
          const event = await loadEvent(tx, e.business_id, e.id);
          if (event) await consumer.handle(tx, event);
        });
    }
  } finally {
    await pool.end();
  }
  return { applied, duplicates };
}
