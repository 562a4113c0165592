import type { Pool, PoolClient } from 'pg';
import type { EventType, StoredEvent } from './events';
import { claimConsumption, loadEvent } from './events.repository';
import { pgTransaction } from '../database/pg-transaction';

/**
 * A consumer of domain events: runs on the job queue, outside the request
 * path. Delivery is at least once (a job may run again after a crash, a
 * timeout or a failure of another event in its batch); consumeEvent makes the
 * effect exactly once by recording (consumer, event) in event_consumptions in
 * the same transaction as the effect. `handle` must do all its writes through
 * the `tx` it is given.
 */
export interface EventConsumer {
  /** Unique, stable: the job-queue task name and the key in event_consumptions. */
  readonly name: string;
  readonly types: readonly EventType[];
  handle(tx: PoolClient, event: StoredEvent): Promise<void>;
}

/**
 * Applies one event to one consumer, once: 'applied', or 'duplicate' when this
 * consumer has already applied it (a redelivery; nothing is done). A
 * concurrent delivery of the same event waits on the event_consumptions key
 * until the first commits (then it is a duplicate) or rolls back (then it
 * applies the event itself).
 */
export async function consumeEvent(
  pool: Pool,
  consumer: EventConsumer,
  businessId: string,
  eventId: string,
): Promise<'applied' | 'duplicate'> {
  return pgTransaction(pool, async (client) => {
    // A duplicate claims nothing: COMMIT then ends the transaction like a ROLLBACK would.
    if (!(await claimConsumption(client, businessId, consumer.name, eventId))) return 'duplicate';
    const event = await loadEvent(client, businessId, eventId);
    if (!event) throw new Error(`event ${businessId}/${eventId} not found`);
    await consumer.handle(client, event);
    return 'applied';
  });
}

/** The payload of a consumer's job: the events to apply, as [business id, event id]. */
export interface ConsumerJobPayload {
  events: [string, string][];
}

/**
 * Applies every event of one job. Each event has its own transaction; the
 * failures are collected and thrown together at the end, so that the job is
 * retried (with back-off) while the events already applied are skipped as
 * duplicates on the retry.
 */
export async function runConsumerJob(
  pool: Pool,
  consumer: EventConsumer,
  payload: ConsumerJobPayload,
): Promise<{ applied: number; duplicates: number }> {
  const failures: unknown[] = [];
  let applied = 0;
  let duplicates = 0;
  for (const [businessId, eventId] of payload.events) {
    try {
      if ((await consumeEvent(pool, consumer, businessId, eventId)) === 'applied') applied++;
      else duplicates++;
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length) {
    throw new AggregateError(
      failures,
      `${consumer.name}: ${failures.length} of ${payload.events.length} events failed (first: ${String(
        failures[0] instanceof Error ? failures[0].message : failures[0],
      )})`,
    );
  }
  return { applied, duplicates };
}
