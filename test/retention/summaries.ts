import { Pool } from 'pg';
import { consumeEvent } from '../../apps/api/src/events/consumer';
import { RetentionSummaryConsumer } from '../../apps/api/src/retention/retention-summary.consumer';

/**
 * Applies every purchase and return event of the database to the retention
 * summaries, as the job-queue worker would (the test apps run without it):
 * through consumeEvent, so events already applied are skipped.
 */
export async function applyRetentionEvents(databaseUrl: string): Promise<{ applied: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const consumer = new RetentionSummaryConsumer();
  let applied = 0;
  try {
    const events = await pool.query<{ business_id: string; id: string }>(
      `SELECT business_id, id::text FROM domain_events WHERE type = ANY($1::text[]) ORDER BY id`,
      [consumer.types],
    );
    for (const e of events.rows)
      if ((await consumeEvent(pool, consumer, e.business_id, e.id)) === 'applied') applied++;
  } finally {
    await pool.end();
  }
  return { applied };
}
