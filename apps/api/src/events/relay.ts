import type { Pool } from 'pg';
import type { EventConsumer } from './consumer';

/**
 * The outbox relay: takes up to `limit` undispatched events (oldest first,
 * skipping rows another relay holds), adds one job per consumer with the
 * events it subscribes to, and stamps the events dispatched: one statement,
 * so the jobs exist exactly when the stamp does. Several relays (app
 * instances, worker processes) can run at once.
 *
 * Events no consumer subscribes to are stamped too. Returns how many events
 * were taken (fewer than `limit`: the outbox is drained for now).
 */
export async function relayEvents(
  pool: Pool,
  consumers: readonly EventConsumer[],
  limit = 500,
  workerSchema = 'graphile_worker',
): Promise<{ events: number; jobs: number }> {
  const tasks: string[] = [];
  const types: string[] = [];
  for (const c of consumers)
    for (const t of c.types) {
      tasks.push(c.name);
      types.push(t);
    }
  const schema = `"${workerSchema.replace(/"/g, '""')}"`;
  const r = await pool.query<{ events: string; jobs: string }>(
    `WITH batch AS (
       SELECT business_id, id, type FROM domain_events
        WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     ),
     per_task AS (
       SELECT s.task, json_agg(json_build_array(b.business_id, b.id::text) ORDER BY b.id) AS events
         FROM batch b JOIN unnest($2::text[], $3::text[]) AS s(task, type) ON s.type = b.type
        GROUP BY s.task
     ),
     enqueued AS (
       SELECT ${schema}.add_job(p.task, json_build_object('events', p.events)) FROM per_task p
     ),
     stamped AS (
       UPDATE domain_events d SET dispatched_at = now() FROM batch b
        WHERE d.business_id = b.business_id AND d.id = b.id
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM stamped) AS events, (SELECT count(*) FROM enqueued) AS jobs`,
    [limit, tasks, types],
  );
  return { events: Number(r.rows[0].events), jobs: Number(r.rows[0].jobs) };
}
