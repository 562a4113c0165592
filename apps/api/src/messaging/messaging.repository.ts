import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Db, type Sql } from '../database/db';

/** A pool or one checked-out client (inside a transaction). */
export type Queryable = Sql;
import type { Channel, Purpose } from './policy';
import type { MessageType, TemplateText } from './templates';

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead' | 'suppressed';
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead';

export interface SettingsRow {
  language: string;
  quietStart: number | null;
  quietEnd: number | null;
  weeklyCap: number;
}

export interface TemplateRow extends TemplateText {
  type: MessageType;
  enabled: boolean;
  updatedAt: Date;
}

export interface ConsentRow {
  id: string;
  memberId: string;
  channel: Channel;
  purpose: Purpose;
  given: boolean;
  at: Date;
  source: string;
  wording: string;
  actor: string | null;
}

export interface MessageRow {
  businessId: string;
  id: string;
  memberId: string;
  type: MessageType;
  channel: Channel;
  marketing: boolean;
  idempotencyKey: string;
  status: MessageStatus;
  suppressedReason: string | null;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  recipient: string | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  mailMessageId: string;
  variables: Record<string, unknown>;
  createdAt: Date;
  sentAt: Date | null;
}

export type NewMessage = Omit<
  MessageRow,
  'businessId' | 'id' | 'attempts' | 'lockedUntil' | 'lastError' | 'sentAt'
>;

export interface DevMailRow {
  id: string;
  messageId: string;
  channel: Channel;
  recipient: string | null;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  deliveredAt: Date;
}

export interface EndpointRow {
  businessId: string;
  id: string;
  url: string;
  description: string | null;
  secret: string;
  createdAt: Date;
}

export interface DeliveryRow {
  businessId: string;
  id: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface AttemptRow {
  id: string;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const MESSAGE_COLS = `business_id AS "businessId", id, member_id AS "memberId", type, channel, marketing,
  idempotency_key AS "idempotencyKey", status, suppressed_reason AS "suppressedReason", attempts,
  next_attempt_at AS "nextAttemptAt", locked_until AS "lockedUntil", last_error AS "lastError", recipient,
  subject, text, html, headers, mail_message_id AS "mailMessageId", variables, created_at AS "createdAt",
  sent_at AS "sentAt"`;

const DELIVERY_COLS = `business_id AS "businessId", id, endpoint_id AS "endpointId", message_id AS "messageId",
  event_type AS "eventType", payload, status, attempts, next_attempt_at AS "nextAttemptAt",
  last_status_code AS "lastStatusCode", last_error AS "lastError", created_at AS "createdAt",
  delivered_at AS "deliveredAt"`;

const ENDPOINT_COLS = `business_id AS "businessId", id, url, description, secret, created_at AS "createdAt"`;

/**
 * The SQL of messaging. Every method that touches one business's data takes
 * its id first and, when it may join the caller's transaction, the client
 * last; the two claim methods are the sender loop's cross-tenant work queue
 * (FOR UPDATE SKIP LOCKED: concurrent instances never claim the same row).
 */
@Injectable()
export class MessagingRepository {
  private readonly pool: Pool;

  constructor(db: Db) {
    // The app's shared pg pool: messaging shares the app's connections.
    this.pool = db.pool;
  }

  /**
   * Runs `fn` in a transaction holding a lock on one member's messages
   * (a transaction-scoped advisory lock), so the weekly-cap check and the
   * insert of two concurrent sends to the member happen one after the other.
   */
  async withMemberLock<T>(
    businessId: string,
    memberId: string,
    fn: (tx: Queryable) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('regulars:messages:' || $1 || ':' || $2))`, [
        businessId,
        memberId,
      ]);
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  // --- settings and templates ---

  async settings(businessId: string): Promise<SettingsRow | null> {
    const r = await this.pool.query<SettingsRow>(
      `SELECT language, quiet_start AS "quietStart", quiet_end AS "quietEnd", weekly_cap AS "weeklyCap"
         FROM messaging_settings WHERE business_id = $1`,
      [businessId],
    );
    return r.rows[0] ?? null;
  }

  async saveSettings(businessId: string, s: SettingsRow, now: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO messaging_settings (business_id, language, quiet_start, quiet_end, weekly_cap, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (business_id) DO UPDATE SET language = $2, quiet_start = $3, quiet_end = $4,
         weekly_cap = $5, updated_at = $6`,
      [businessId, s.language, s.quietStart, s.quietEnd, s.weeklyCap, now],
    );
  }

  async templates(businessId: string): Promise<TemplateRow[]> {
    const r = await this.pool.query<TemplateRow>(
      `SELECT type, subject, text, html, enabled, updated_at AS "updatedAt"
         FROM message_templates WHERE business_id = $1 ORDER BY type`,
      [businessId],
    );
    return r.rows;
  }

  async template(businessId: string, type: MessageType): Promise<TemplateRow | null> {
    const r = await this.pool.query<TemplateRow>(
      `SELECT type, subject, text, html, enabled, updated_at AS "updatedAt"
         FROM message_templates WHERE business_id = $1 AND type = $2`,
      [businessId, type],
    );
    return r.rows[0] ?? null;
  }

  async saveTemplate(
    businessId: string,
    type: MessageType,
    t: TemplateText & { enabled: boolean },
    now: Date,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO message_templates (business_id, type, subject, text, html, enabled, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (business_id, type) DO UPDATE SET subject = $3, text = $4, html = $5, enabled = $6,
         updated_at = $7`,
      [businessId, type, t.subject, t.text, t.html, t.enabled, now],
    );
  }

  // --- consent ---

  async appendConsent(businessId: string, c: Omit<ConsentRow, 'id'>): Promise<ConsentRow> {
    const r = await this.pool.query<ConsentRow>(
      `INSERT INTO consent_log (business_id, member_id, channel, purpose, given, at, source, wording, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id, member_id AS "memberId", channel, purpose, given, at, source, wording, actor`,
      [businessId, c.memberId, c.channel, c.purpose, c.given, c.at, c.source, c.wording, c.actor],
    );
    return r.rows[0];
  }

  async latestConsent(
    businessId: string,
    memberId: string,
    channel: Channel,
    purpose: Purpose,
  ): Promise<{ given: boolean; at: Date } | null> {
    const r = await this.pool.query<{ given: boolean; at: Date }>(
      `SELECT given, at FROM consent_log
        WHERE business_id = $1 AND member_id = $2 AND channel = $3 AND purpose = $4
        ORDER BY at DESC, id DESC LIMIT 1`,
      [businessId, memberId, channel, purpose],
    );
    return r.rows[0] ?? null;
  }

  async consentLog(businessId: string, memberId: string): Promise<ConsentRow[]> {
    const r = await this.pool.query<ConsentRow>(
      `SELECT id, member_id AS "memberId", channel, purpose, given, at, source, wording, actor
         FROM consent_log WHERE business_id = $1 AND member_id = $2 ORDER BY at DESC, id DESC LIMIT 500`,
      [businessId, memberId],
    );
    return r.rows;
  }

  // --- messages ---

  /** Inserts a message unless its idempotency key exists; returns the row and whether it is new. */
  async insertMessage(
    businessId: string,
    m: NewMessage,
    tx: Queryable = this.pool,
  ): Promise<{ row: MessageRow; created: boolean }> {
    const ins = await tx.query<MessageRow>(
      `INSERT INTO messages (business_id, member_id, type, channel, marketing, idempotency_key, status,
         suppressed_reason, next_attempt_at, recipient, subject, text, html, headers, mail_message_id,
         variables, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (business_id, idempotency_key) DO NOTHING
       RETURNING ${MESSAGE_COLS}`,
      [
        businessId,
        m.memberId,
        m.type,
        m.channel,
        m.marketing,
        m.idempotencyKey,
        m.status,
        m.suppressedReason,
        m.nextAttemptAt,
        m.recipient,
        m.subject,
        m.text,
        m.html,
        JSON.stringify(m.headers),
        m.mailMessageId,
        JSON.stringify(m.variables),
        m.createdAt,
      ],
    );
    if (ins.rows[0]) return { row: ins.rows[0], created: true };
    const existing = await this.messageByKey(businessId, m.idempotencyKey, tx);
    if (!existing) throw new Error(`message ${m.idempotencyKey} vanished after a conflict`);
    return { row: existing, created: false };
  }

  async messageByKey(businessId: string, key: string, tx: Queryable = this.pool): Promise<MessageRow | null> {
    const r = await tx.query<MessageRow>(
      `SELECT ${MESSAGE_COLS} FROM messages WHERE business_id = $1 AND idempotency_key = $2`,
      [businessId, key],
    );
    return r.rows[0] ?? null;
  }

  async message(businessId: string, id: string): Promise<MessageRow | null> {
    const r = await this.pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLS} FROM messages WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    );
    return r.rows[0] ?? null;
  }

  async listMessages(
    businessId: string,
    filter: { memberId?: string; status?: MessageStatus; limit: number },
  ): Promise<MessageRow[]> {
    const r = await this.pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLS} FROM messages
        WHERE business_id = $1 AND ($2::uuid IS NULL OR member_id = $2) AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [businessId, filter.memberId ?? null, filter.status ?? null, filter.limit],
    );
    return r.rows;
  }

  /**
   * When the member's marketing messages (queued, in flight or sent) go or
   * went out, from `since` on: the frequency cap counts these.
   */
  async marketingTimes(
    businessId: string,
    memberId: string,
    since: Date,
    tx: Queryable = this.pool,
  ): Promise<Date[]> {
    const r = await tx.query<{ t: Date }>(
      `SELECT coalesce(sent_at, next_attempt_at) AS t FROM messages
        WHERE business_id = $1 AND member_id = $2 AND marketing AND channel <> 'webhook'
          AND status IN ('queued', 'sending', 'sent', 'failed')
          AND coalesce(sent_at, next_attempt_at) > $3`,
      [businessId, memberId, since],
    );
    return r.rows.map((x) => x.t);
  }

  /**
   * Claims up to `limit` due messages for this worker: queued or failed ones
   * whose time has come, and ones in flight whose lease ran out (a worker
   * died mid-send). Each claim counts an attempt.
   * @crossTenant the sender's work queue serves every business; each claimed row carries its business id
   */
  async claimDueMessages(now: Date, leaseUntil: Date, limit: number): Promise<MessageRow[]> {
    const r = await this.pool.query<MessageRow>(
      `UPDATE messages m SET status = 'sending', locked_until = $2, attempts = m.attempts + 1
        WHERE (m.business_id, m.id) IN (
          SELECT business_id, id FROM messages
           WHERE next_attempt_at <= $1
             AND (status IN ('queued', 'failed') OR (status = 'sending' AND locked_until < $1))
           ORDER BY next_attempt_at LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING ${MESSAGE_COLS}`,
      [now, leaseUntil, limit],
    );
    return r.rows;
  }

  /** Finishes a claimed attempt; a no-op when the claim was lost (lease ran out and another worker took it). */
  async finishMessage(
    businessId: string,
    id: string,
    attempt: number,
    outcome:
      | { status: 'sent'; at: Date }
      | { status: 'failed'; error: string; retryAt: Date }
      | { status: 'dead'; error: string }
      | { status: 'suppressed'; reason: string },
  ): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE messages SET status = $4::text, locked_until = NULL,
         sent_at = CASE WHEN $4 = 'sent' THEN $5::timestamptz ELSE sent_at END,
         next_attempt_at = CASE WHEN $4 = 'failed' THEN $5::timestamptz ELSE next_attempt_at END,
         last_error = coalesce($6, last_error), suppressed_reason = coalesce($7, suppressed_reason)
        WHERE business_id = $1 AND id = $2 AND attempts = $3 AND status = 'sending'`,
      [
        businessId,
        id,
        attempt,
        outcome.status,
        outcome.status === 'sent' ? outcome.at : outcome.status === 'failed' ? outcome.retryAt : null,
        outcome.status === 'failed' || outcome.status === 'dead' ? outcome.error.slice(0, 2000) : null,
        outcome.status === 'suppressed' ? outcome.reason : null,
      ],
    );
    return (r.rowCount ?? 0) === 1;
  }

  /**
   * Queues a dead-lettered message again now, with a fresh attempt budget
   * (same id, idempotency key and Message-ID). Returns whether it was dead.
   */
  async requeueDead(businessId: string, id: string, now: Date): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE messages SET status = 'queued', attempts = 0, next_attempt_at = $3, locked_until = NULL
        WHERE business_id = $1 AND id = $2 AND status = 'dead'`,
      [businessId, id, now],
    );
    return (r.rowCount ?? 0) === 1;
  }

  // --- development mailbox ---

  /** Stores a message in the development mailbox; once per message (a resend is recognised and dropped). */
  async devMailboxPut(businessId: string, m: Omit<DevMailRow, 'id'>): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO dev_mailbox (business_id, message_id, channel, recipient, subject, text, html, headers, delivered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (business_id, message_id) DO NOTHING`,
      [
        businessId,
        m.messageId,
        m.channel,
        m.recipient,
        m.subject,
        m.text,
        m.html,
        JSON.stringify(m.headers),
        m.deliveredAt,
      ],
    );
    return (r.rowCount ?? 0) === 1;
  }

  async devMailbox(businessId: string, limit: number): Promise<DevMailRow[]> {
    const r = await this.pool.query<DevMailRow>(
      `SELECT id, message_id AS "messageId", channel, recipient, subject, text, html, headers,
              delivered_at AS "deliveredAt"
         FROM dev_mailbox WHERE business_id = $1 ORDER BY delivered_at DESC, id DESC LIMIT $2`,
      [businessId, limit],
    );
    return r.rows;
  }

  // --- webhooks ---

  async createEndpoint(
    businessId: string,
    e: { url: string; description: string | null; secret: string; createdAt: Date },
  ): Promise<EndpointRow> {
    const r = await this.pool.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (business_id, url, description, secret, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLS}`,
      [businessId, e.url, e.description, e.secret, e.createdAt],
    );
    return r.rows[0];
  }

  async endpoints(businessId: string): Promise<EndpointRow[]> {
    const r = await this.pool.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLS} FROM webhook_endpoints
        WHERE business_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [businessId],
    );
    return r.rows;
  }

  async endpoint(businessId: string, id: string): Promise<EndpointRow | null> {
    const r = await this.pool.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLS} FROM webhook_endpoints WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    );
    return r.rows[0] ?? null;
  }

  /** Removes an endpoint from use (kept for the delivery log; its pending deliveries stop). */
  async deleteEndpoint(businessId: string, id: string, now: Date): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE webhook_endpoints SET deleted_at = $3 WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [businessId, id, now],
    );
    if ((r.rowCount ?? 0) === 0) return false;
    await this.pool.query(
      `UPDATE webhook_deliveries SET status = 'dead', last_error = 'endpoint deleted', locked_until = NULL
        WHERE business_id = $1 AND endpoint_id = $2 AND status IN ('queued', 'failed')`,
      [businessId, id],
    );
    return true;
  }

  /** One delivery per live endpoint of the business for the message (idempotent). Returns the message's deliveries. */
  async fanOut(
    businessId: string,
    messageId: string,
    eventType: string,
    payload: string,
    now: Date,
  ): Promise<number> {
    await this.pool.query(
      `INSERT INTO webhook_deliveries (business_id, endpoint_id, message_id, event_type, payload, status,
         next_attempt_at, created_at)
       SELECT $1, id, $2, $3, $4, 'queued', $5, $5 FROM webhook_endpoints
        WHERE business_id = $1 AND deleted_at IS NULL
       ON CONFLICT (business_id, message_id, endpoint_id) DO NOTHING`,
      [businessId, messageId, eventType, payload, now],
    );
    const n = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM webhook_deliveries WHERE business_id = $1 AND message_id = $2`,
      [businessId, messageId],
    );
    return Number(n.rows[0].n);
  }

  /**
   * Claims up to `limit` due webhook deliveries (with their endpoint's URL and secret), like
   * claimDueMessages.
   * @crossTenant the sender's work queue serves every business; each claimed row carries its business id
   */
  async claimDueDeliveries(
    now: Date,
    leaseUntil: Date,
    limit: number,
  ): Promise<(DeliveryRow & { url: string; secret: string })[]> {
    const r = await this.pool.query<DeliveryRow & { url: string; secret: string }>(
      `WITH claimed AS (
         UPDATE webhook_deliveries d SET status = 'sending', locked_until = $2, attempts = d.attempts + 1
          WHERE (d.business_id, d.id) IN (
            SELECT business_id, id FROM webhook_deliveries
             WHERE next_attempt_at <= $1
               AND (status IN ('queued', 'failed') OR (status = 'sending' AND locked_until < $1))
             ORDER BY next_attempt_at LIMIT $3
             FOR UPDATE SKIP LOCKED)
          RETURNING d.*)
       SELECT c.business_id AS "businessId", c.id, c.endpoint_id AS "endpointId", c.message_id AS "messageId",
              c.event_type AS "eventType", c.payload, c.status, c.attempts, c.next_attempt_at AS "nextAttemptAt",
              c.last_status_code AS "lastStatusCode", c.last_error AS "lastError", c.created_at AS "createdAt",
              c.delivered_at AS "deliveredAt", e.url, e.secret
         FROM claimed c JOIN webhook_endpoints e ON e.business_id = c.business_id AND e.id = c.endpoint_id`,
      [now, leaseUntil, limit],
    );
    return r.rows;
  }

  async recordAttempt(
    businessId: string,
    deliveryId: string,
    a: { attemptedAt: Date; statusCode: number | null; error: string | null; durationMs: number },
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhook_attempts (business_id, delivery_id, attempted_at, status_code, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [businessId, deliveryId, a.attemptedAt, a.statusCode, a.error?.slice(0, 2000) ?? null, a.durationMs],
    );
  }

  async finishDelivery(
    businessId: string,
    id: string,
    attempt: number,
    o: {
      status: 'sent' | 'failed' | 'dead';
      at: Date;
      retryAt?: Date;
      statusCode: number | null;
      error: string | null;
    },
  ): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE webhook_deliveries SET status = $4::text, locked_until = NULL, last_status_code = $6,
         last_error = $7,
         delivered_at = CASE WHEN $4 = 'sent' THEN $5::timestamptz ELSE delivered_at END,
         next_attempt_at = coalesce($8::timestamptz, next_attempt_at)
        WHERE business_id = $1 AND id = $2 AND attempts = $3 AND status = 'sending'`,
      [
        businessId,
        id,
        attempt,
        o.status,
        o.at,
        o.statusCode,
        o.error?.slice(0, 2000) ?? null,
        o.retryAt ?? null,
      ],
    );
    return (r.rowCount ?? 0) === 1;
  }

  async deliveries(
    businessId: string,
    filter: { endpointId?: string; status?: DeliveryStatus; limit: number },
  ): Promise<DeliveryRow[]> {
    const r = await this.pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLS} FROM webhook_deliveries
        WHERE business_id = $1 AND ($2::uuid IS NULL OR endpoint_id = $2) AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [businessId, filter.endpointId ?? null, filter.status ?? null, filter.limit],
    );
    return r.rows;
  }

  async delivery(businessId: string, id: string): Promise<DeliveryRow | null> {
    const r = await this.pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLS} FROM webhook_deliveries WHERE business_id = $1 AND id = $2`,
      [businessId, id],
    );
    return r.rows[0] ?? null;
  }

  async attempts(businessId: string, deliveryId: string): Promise<AttemptRow[]> {
    const r = await this.pool.query<AttemptRow>(
      `SELECT id, attempted_at AS "attemptedAt", status_code AS "statusCode", error, duration_ms AS "durationMs"
         FROM webhook_attempts WHERE business_id = $1 AND delivery_id = $2 ORDER BY attempted_at, id`,
      [businessId, deliveryId],
    );
    return r.rows;
  }

  /**
   * Replay: the delivery is queued again now with a fresh attempt budget,
   * same webhook-id and body (receivers de-duplicate on the id). Not while one
   * is in flight, and not to a deleted endpoint.
   */
  async replay(
    businessId: string,
    id: string,
    now: Date,
  ): Promise<'queued' | 'in_flight' | 'endpoint_deleted'> {
    const r = await this.pool.query<{ outcome: string }>(
      `UPDATE webhook_deliveries d SET status = 'queued', attempts = 0, next_attempt_at = $3, locked_until = NULL
         FROM webhook_endpoints e
        WHERE d.business_id = $1 AND d.id = $2 AND e.business_id = d.business_id AND e.id = d.endpoint_id
          AND e.deleted_at IS NULL AND d.status <> 'sending'
        RETURNING 'queued' AS outcome`,
      [businessId, id, now],
    );
    if (r.rows.length) return 'queued';
    const d = await this.pool.query<{ status: string; deleted: boolean }>(
      `SELECT d.status, e.deleted_at IS NOT NULL AS deleted FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.business_id = d.business_id AND e.id = d.endpoint_id
        WHERE d.business_id = $1 AND d.id = $2`,
      [businessId, id],
    );
    return d.rows[0]?.deleted ? 'endpoint_deleted' : 'in_flight';
  }
}
