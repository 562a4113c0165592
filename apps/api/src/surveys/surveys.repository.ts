import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Db } from '../database/db';

/** A pool or one checked-out client (inside a transaction). */
export type Queryable = Pick<Pool, 'query'>;

export type SurveySource = 'message' | 'receipt';

export interface InvitationRow {
  businessId: string;
  purchaseId: string;
  memberId: string;
  locationId: string | null;
  source: SurveySource;
  messageId: string | null;
  invitedAt: Date;
  score: number | null;
  comment: string | null;
  answeredAt: Date | null;
}

/** What the public survey page shows about an invitation. */
export interface InvitationContext extends InvitationRow {
  shopName: string;
  firstName: string;
  locationName: string | null;
}

export interface ResponseRow {
  purchaseId: string;
  memberId: string;
  memberName: string;
  locationId: string | null;
  locationName: string | null;
  source: SurveySource;
  score: number;
  comment: string | null;
  answeredAt: Date;
}

export interface ScoreCountRow {
  month: string;
  locationId: string | null;
  locationName: string | null;
  score: number;
  count: number;
}

const INVITATION_COLUMNS = `i.business_id, i.purchase_id, i.member_id, i.location_id, i.source, i.message_id,
  i.invited_at, i.score, i.comment, i.answered_at`;

interface RawInvitation {
  business_id: string;
  purchase_id: string;
  member_id: string;
  location_id: string | null;
  source: SurveySource;
  message_id: string | null;
  invited_at: Date;
  score: number | null;
  comment: string | null;
  answered_at: Date | null;
}

const invitation = (r: RawInvitation): InvitationRow => ({
  businessId: r.business_id,
  purchaseId: r.purchase_id,
  memberId: r.member_id,
  locationId: r.location_id,
  source: r.source,
  messageId: r.message_id,
  invitedAt: new Date(r.invited_at),
  score: r.score,
  comment: r.comment,
  answeredAt: r.answered_at ? new Date(r.answered_at) : null,
});

/** The SQL of surveys (table survey_invitations; business id first in every method). */
@Injectable()
export class SurveysRepository {
  private readonly pool: Pool;

  constructor(db: Db) {
    this.pool = db.pool;
  }

  /** Serialises survey decisions for one member until the transaction ends. */
  async lockMember(businessId: string, memberId: string, tx: Queryable): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('regulars:surveys:' || $1 || ':' || $2))`, [
      businessId,
      memberId,
    ]);
  }

  async invitation(businessId: string, purchaseId: string, q: Queryable = this.pool) {
    const r = await q.query<RawInvitation>(
      `SELECT ${INVITATION_COLUMNS} FROM survey_invitations i WHERE i.business_id = $1 AND i.purchase_id = $2`,
      [businessId, purchaseId],
    );
    return r.rows[0] ? invitation(r.rows[0]) : null;
  }

  /** Whether the member has an invitation within `days` days of `at` (either side). */
  async invitedNear(businessId: string, memberId: string, at: Date, days: number, q: Queryable) {
    const r = await q.query(
      `SELECT 1 FROM survey_invitations
        WHERE business_id = $1 AND member_id = $2
          AND invited_at > $3::timestamptz - make_interval(days => $4)
          AND invited_at < $3::timestamptz + make_interval(days => $4)
        LIMIT 1`,
      [businessId, memberId, at, days],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** The member's latest answer since `since` (any invitation). */
  async answeredSince(businessId: string, memberId: string, since: Date, q: Queryable) {
    const r = await q.query<{ answered_at: Date }>(
      `SELECT answered_at FROM survey_invitations
        WHERE business_id = $1 AND member_id = $2 AND answered_at > $3 ORDER BY answered_at DESC LIMIT 1`,
      [businessId, memberId, since],
    );
    return r.rows[0] ? new Date(r.rows[0].answered_at) : null;
  }

  async insertInvitation(
    businessId: string,
    row: Omit<InvitationRow, 'businessId' | 'score' | 'comment' | 'answeredAt'>,
    q: Queryable,
  ): Promise<boolean> {
    const r = await q.query(
      `INSERT INTO survey_invitations (business_id, purchase_id, member_id, location_id, source, message_id, invited_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [businessId, row.purchaseId, row.memberId, row.locationId, row.source, row.messageId, row.invitedAt],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** The invitation with the shop's and member's names, for the public page. */
  async context(businessId: string, purchaseId: string): Promise<InvitationContext | null> {
    const r = await this.pool.query<
      RawInvitation & { shop: string; first_name: string; location: string | null }
    >(
      `SELECT ${INVITATION_COLUMNS}, b.name AS shop, m.first_name, l.name AS location
         FROM survey_invitations i
         JOIN businesses b ON b.id = i.business_id
         JOIN members m ON m.business_id = i.business_id AND m.id = i.member_id
         LEFT JOIN locations l ON l.business_id = i.business_id AND l.id = i.location_id
        WHERE i.business_id = $1 AND i.purchase_id = $2`,
      [businessId, purchaseId],
    );
    const row = r.rows[0];
    if (!row) return null;
    return { ...invitation(row), shopName: row.shop, firstName: row.first_name, locationName: row.location };
  }

  /** Writes the answer unless the invitation was answered before; false when it was (or does not exist). */
  async answer(
    businessId: string,
    purchaseId: string,
    a: { score: number; comment: string | null; at: Date },
    q: Queryable,
  ): Promise<boolean> {
    const r = await q.query(
      `UPDATE survey_invitations SET score = $3, comment = $4, answered_at = $5
        WHERE business_id = $1 AND purchase_id = $2 AND score IS NULL`,
      [businessId, purchaseId, a.score, a.comment, a.at],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** @crossTenant the public survey page names the business by its slug; this finds its id */
  async businessBySlug(slug: string) {
    const r = await this.pool.query<{ id: string; name: string; time_zone: string }>(
      `SELECT id, name, time_zone FROM businesses WHERE slug = $1`,
      [slug],
    );
    return r.rows[0] ?? null;
  }

  async businessZone(businessId: string) {
    const r = await this.pool.query<{ time_zone: string; name: string }>(
      `SELECT time_zone, name FROM businesses WHERE id = $1`,
      [businessId],
    );
    return r.rows[0] ?? null;
  }

  /** The purchase printed with this receipt code. */
  async purchaseByReceipt(businessId: string, receiptCode: string) {
    const r = await this.pool.query<{
      id: string;
      member_id: string;
      location_id: string | null;
      occurred_at: Date;
    }>(
      `SELECT id, member_id, location_id, occurred_at FROM purchases WHERE business_id = $1 AND receipt_code = $2`,
      [businessId, receiptCode],
    );
    const p = r.rows[0];
    return p
      ? { id: p.id, memberId: p.member_id, locationId: p.location_id, occurredAt: new Date(p.occurred_at) }
      : null;
  }

  /** Runs `fn` in a transaction holding the member's survey lock. */
  async withMemberLock<T>(
    businessId: string,
    memberId: string,
    fn: (tx: Queryable) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await this.lockMember(businessId, memberId, client);
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

  /** Answers counted per month (in the zone), location and score, answered in [from, to). */
  async scoreCounts(businessId: string, timeZone: string, from: Date, to: Date): Promise<ScoreCountRow[]> {
    const r = await this.pool.query<{
      month: string;
      location_id: string | null;
      location: string | null;
      score: number;
      n: string;
    }>(
      `SELECT to_char(i.answered_at AT TIME ZONE $2, 'YYYY-MM') AS month, i.location_id, l.name AS location,
              i.score, count(*) AS n
         FROM survey_invitations i
         LEFT JOIN locations l ON l.business_id = i.business_id AND l.id = i.location_id
        WHERE i.business_id = $1 AND i.answered_at >= $3 AND i.answered_at < $4
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 3 NULLS LAST, 2, 4`,
      [businessId, timeZone, from, to],
    );
    return r.rows.map((x) => ({
      month: x.month,
      locationId: x.location_id,
      locationName: x.location,
      score: x.score,
      count: Number(x.n),
    }));
  }

  /** Answers, newest first, optionally only those with a score in [minScore, maxScore]. */
  async responses(
    businessId: string,
    f: { minScore: number; maxScore: number; limit: number; since?: Date; memberId?: string },
  ): Promise<ResponseRow[]> {
    const r = await this.pool.query<{
      purchase_id: string;
      member_id: string;
      first_name: string;
      last_name: string | null;
      location_id: string | null;
      location: string | null;
      source: SurveySource;
      score: number;
      comment: string | null;
      answered_at: Date;
    }>(
      `SELECT i.purchase_id, i.member_id, m.first_name, m.last_name, i.location_id, l.name AS location,
              i.source, i.score, i.comment, i.answered_at
         FROM survey_invitations i
         JOIN members m ON m.business_id = i.business_id AND m.id = i.member_id
         LEFT JOIN locations l ON l.business_id = i.business_id AND l.id = i.location_id
        WHERE i.business_id = $1 AND i.answered_at IS NOT NULL AND i.score BETWEEN $2 AND $3
          AND ($5::timestamptz IS NULL OR i.answered_at >= $5)
          AND ($6::uuid IS NULL OR i.member_id = $6)
        ORDER BY i.answered_at DESC, i.purchase_id
        LIMIT $4`,
      [businessId, f.minScore, f.maxScore, f.limit, f.since ?? null, f.memberId ?? null],
    );
    return r.rows.map((x) => ({
      purchaseId: x.purchase_id,
      memberId: x.member_id,
      memberName: [x.first_name, x.last_name].filter(Boolean).join(' '),
      locationId: x.location_id,
      locationName: x.location,
      source: x.source,
      score: x.score,
      comment: x.comment,
      answeredAt: new Date(x.answered_at),
    }));
  }

  /** Members whose latest answer since `since` is a detractor's (0-6), with it. */
  async latestDetractors(businessId: string, since: Date) {
    const r = await this.pool.query<{
      member_id: string;
      score: number;
      comment: string | null;
      answered_at: Date;
    }>(
      `SELECT * FROM (
         SELECT DISTINCT ON (member_id) member_id, score, comment, answered_at
           FROM survey_invitations
          WHERE business_id = $1 AND answered_at >= $2
          ORDER BY member_id, answered_at DESC) latest
        WHERE score <= 6`,
      [businessId, since],
    );
    return r.rows.map((x) => ({
      memberId: x.member_id,
      score: x.score,
      comment: x.comment,
      answeredAt: new Date(x.answered_at),
    }));
  }

  /**
   * The first instant of a month (YYYY-MM) in a time zone.
   * @crossTenant date arithmetic in PostgreSQL, reads no table
   */
  async zoneMonthStart(timeZone: string, month: string): Promise<Date> {
    const r = await this.pool.query<{ at: Date }>(`SELECT (($2 || '-01')::timestamp AT TIME ZONE $1) AS at`, [
      timeZone,
      month,
    ]);
    return new Date(r.rows[0].at);
  }

  async memberExists(businessId: string, memberId: string): Promise<boolean> {
    const r = await this.pool.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2`, [
      businessId,
      memberId,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  /** The receipt code of a member's latest purchase (the demo seed answers with it). */
  async latestReceiptCode(businessId: string, memberNumber: string): Promise<string | null> {
    const r = await this.pool.query<{ receipt_code: string }>(
      `SELECT p.receipt_code FROM purchases p
         JOIN members m ON m.business_id = p.business_id AND m.id = p.member_id
        WHERE p.business_id = $1 AND m.member_number = $2
        ORDER BY p.occurred_at DESC, p.id LIMIT 1`,
      [businessId, memberNumber],
    );
    return r.rows[0]?.receipt_code ?? null;
  }
}
