import type { Tx } from '../database/db';
import type { Pool, PoolClient } from 'pg';
import type { EventPayloads, EventType, StoredEvent } from './events';
import type { EventConsumer } from './consumer';

/** Anything that runs SQL inside the caller's transaction: a pg PoolClient or a TypeORM EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Writes one event into the outbox, inside the caller's transaction (pass the `Tx`, or the
 * transaction's client; never a pool).
 */
export async function recordEvent<T extends EventType>(
  tx: Tx | Queryable,
  e: { businessId: string; type: T; payload: EventPayloads[T]; occurredAt: Date; recordedAt: Date },
): Promise<void> {
  const sql: Queryable = 'client' in tx ? tx.client : tx;
  await sql.query(
    `INSERT INTO domain_events (business_id, type, payload, occurred_at, recorded_at) VALUES ($1, $2, $3, $4, $5)`,
    [e.businessId, e.type, JSON.stringify(e.payload), e.occurredAt, e.recordedAt],
  );
}

/**
 * Records that `consumer` applies the event, inside the consumer's transaction: false when it
 * has already been applied (a redelivery). A concurrent delivery waits on the key until the
 * first transaction ends.
 */
export async function claimConsumption(
  client: PoolClient,
  businessId: string,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const claimed = await client.query(
    `INSERT INTO event_consumptions (business_id, consumer, event_id) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [businessId, consumer, eventId],
  );
  return !!claimed.rowCount;
}

/** One event of the outbox, or null. */
export async function loadEvent(
  client: PoolClient,
  businessId: string,
  eventId: string,
): Promise<StoredEvent | null> {
  const r = await client.query<{
    type: EventType;
    payload: StoredEvent['payload'];
    occurred_at: Date;
    recorded_at: Date;
  }>(`SELECT type, payload, occurred_at, recorded_at FROM domain_events WHERE business_id = $1 AND id = $2`, [
    businessId,
    eventId,
  ]);
  const row = r.rows[0];
  if (!row) return null;
  return {
    businessId,
    id: eventId,
    type: row.type,
    payload: row.payload,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}

/** @crossTenant Job-queue housekeeping: releases the locks held by workers of these pools (after a runner stopped). */
export async function forceUnlockWorkers(pool: Pool, workerPoolIds: string[]): Promise<void> {
  await pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [workerPoolIds]);
}

/** The per-day counts one event adds to its business's daily summary. */
export interface DailyCountsDelta {
  purchases: number;
  revenue: number;
  returns: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  stampCardsCompleted: number;
  newMembers: number;
}

/** Adds an event's counts to the summary row of its local day (the business's time zone). */
export async function addToDailySummary(
  client: PoolClient,
  businessId: string,
  occurredAt: Date,
  d: DailyCountsDelta,
  now: Date,
): Promise<void> {
  await client.query(
    `INSERT INTO daily_business_summaries AS s (business_id, day, purchases, revenue, returns, points_issued,
       points_redeemed, points_expired, stamp_cards_completed, new_members, updated_at)
     SELECT b.id, ($2::timestamptz AT TIME ZONE b.time_zone)::date, $3, $4, $5, $6, $7, $8, $9, $10, $11
       FROM businesses b WHERE b.id = $1
     ON CONFLICT (business_id, day) DO UPDATE SET
       purchases = s.purchases + EXCLUDED.purchases,
       revenue = s.revenue + EXCLUDED.revenue,
       returns = s.returns + EXCLUDED.returns,
       points_issued = s.points_issued + EXCLUDED.points_issued,
       points_redeemed = s.points_redeemed + EXCLUDED.points_redeemed,
       points_expired = s.points_expired + EXCLUDED.points_expired,
       stamp_cards_completed = s.stamp_cards_completed + EXCLUDED.stamp_cards_completed,
       new_members = s.new_members + EXCLUDED.new_members,
       updated_at = EXCLUDED.updated_at`,
    [
      businessId,
      occurredAt,
      d.purchases,
      d.revenue,
      d.returns,
      d.pointsIssued,
      d.pointsRedeemed,
      d.pointsExpired,
      d.stampCardsCompleted,
      d.newMembers,
      now,
    ],
  );
}

/** Ids of the business's events of these types, oldest first (demo and tests apply them at once). */
export async function eventIdsOfTypes(
  pool: Pool,
  businessId: string,
  types: readonly EventType[],
): Promise<string[]> {
  const r = await pool.query<{ id: string }>(
    `SELECT id::text FROM domain_events WHERE business_id = $1 AND type = ANY($2) ORDER BY id`,
    [businessId, types],
  );
  return r.rows.map((x) => x.id);
}

/**
 * @crossTenant The outbox relay serves every business.
 *
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
