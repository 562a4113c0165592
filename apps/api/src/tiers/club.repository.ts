import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { ClubDefinition, ClubEvent } from '@regulars/tiers';
import type { Sql } from '../database/db';

/** The club row of a business. */
export interface ClubRow {
  definition: ClubDefinition;
  consentWording: string;
  membershipSku: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

/** A stored club event with what the library does not need (where, who). */
export interface ClubEventRow {
  kind: ClubEvent['kind'];
  at: Date;
  consent: string | null;
  source: string | null;
  paymentId: string | null;
  amount: number | null;
  code: string | null;
  expiresAt: Date | null;
  actorId: string | null;
}

interface EventSql {
  kind: ClubEvent['kind'];
  at: Date;
  consent: string | null;
  source: string | null;
  payment_id: string | null;
  amount: string | null;
  code: string | null;
  expires_at: Date | null;
  actor_id: string | null;
}

const EVENT_COLUMNS = `kind, at, consent, source, payment_id, amount::text, code, expires_at, actor_id`;

const toRow = (r: EventSql): ClubEventRow => ({
  kind: r.kind,
  at: r.at,
  consent: r.consent,
  source: r.source,
  paymentId: r.payment_id,
  amount: r.amount === null ? null : Number(r.amount),
  code: r.code,
  expiresAt: r.expires_at,
  actorId: r.actor_id,
});

/**
 * A stored event as the library's club event.
 * @crossTenant pure mapping of a row already read under its business, no data access
 */
export function toClubEvent(r: ClubEventRow): ClubEvent {
  switch (r.kind) {
    case 'opt_in':
      return { kind: 'opt_in', at: r.at, consent: r.consent ?? '' };
    case 'payment':
      return { kind: 'payment', at: r.at, paymentId: r.paymentId ?? '', amount: r.amount ?? 0 };
    case 'refunded':
      return { kind: 'refunded', at: r.at, paymentId: r.paymentId ?? '' };
    case 'invited':
    case 'accepted':
    case 'refused':
      return { kind: r.kind, at: r.at, code: r.code ?? '' };
    case 'opt_out':
    case 'cancelled':
      return { kind: r.kind, at: r.at };
  }
}

/**
 * The club tables (tier_clubs, club_events). Every method takes the business
 * id; writes go through the caller's transaction.
 */
@Injectable()
export class ClubRepository {
  async club(businessId: string, q: Sql): Promise<ClubRow | null> {
    const r = await q.query<{
      definition: ClubDefinition;
      consent_wording: string;
      membership_sku: string | null;
      updated_at: Date;
      updated_by: string | null;
    }>(
      `SELECT definition, consent_wording, membership_sku, updated_at, updated_by FROM tier_clubs WHERE business_id = $1`,
      [businessId],
    );
    const row = r.rows[0];
    return row
      ? {
          definition: row.definition,
          consentWording: row.consent_wording,
          membershipSku: row.membership_sku,
          updatedAt: row.updated_at,
          updatedBy: row.updated_by,
        }
      : null;
  }

  /** Locks the club row of the business (configuration changes are serialised). */
  async lockClub(businessId: string, tx: PoolClient): Promise<ClubRow | null> {
    await tx.query(`SELECT 1 FROM businesses WHERE id = $1 FOR UPDATE`, [businessId]);
    return this.club(businessId, tx);
  }

  async saveClub(
    businessId: string,
    c: { definition: ClubDefinition; consentWording: string; membershipSku: string | null },
    now: Date,
    actorId: string | null,
    tx: PoolClient,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO tier_clubs (business_id, definition, consent_wording, membership_sku, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (business_id) DO UPDATE SET definition = EXCLUDED.definition,
         consent_wording = EXCLUDED.consent_wording, membership_sku = EXCLUDED.membership_sku,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [businessId, JSON.stringify(c.definition), c.consentWording, c.membershipSku, now, actorId],
    );
  }

  async business(businessId: string, q: Sql): Promise<{ timeZone: string; currency: string } | null> {
    const r = await q.query<{ time_zone: string; currency: string }>(
      `SELECT time_zone, currency FROM businesses WHERE id = $1`,
      [businessId],
    );
    return r.rows[0] ? { timeZone: r.rows[0].time_zone, currency: r.rows[0].currency } : null;
  }

  async memberNames(
    businessId: string,
    ids: string[],
    q: Sql,
  ): Promise<{ id: string; name: string; memberNumber: string }[]> {
    const r = await q.query<{
      id: string;
      first_name: string;
      last_name: string | null;
      member_number: string;
    }>(
      `SELECT id, first_name, last_name, member_number::text FROM members WHERE business_id = $1 AND id = ANY($2::uuid[])`,
      [businessId, ids],
    );
    return r.rows.map((n) => ({
      id: n.id,
      name: [n.first_name, n.last_name].filter(Boolean).join(' '),
      memberNumber: n.member_number,
    }));
  }

  /** Whether the club has any member event (its id and access kind are then fixed). */
  async hasEvents(businessId: string, clubId: string, q: Sql): Promise<boolean> {
    const r = await q.query(`SELECT 1 FROM club_events WHERE business_id = $1 AND club_id = $2 LIMIT 1`, [
      businessId,
      clubId,
    ]);
    return r.rows.length > 0;
  }

  /** The member (number, join time, birthday), locked against concurrent club changes; null: no such member. */
  async lockMember(
    businessId: string,
    memberId: string,
    tx: PoolClient,
  ): Promise<{ memberNumber: string } | null> {
    const r = await tx.query<{ member_number: string }>(
      `SELECT member_number::text FROM members WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`,
      [businessId, memberId],
    );
    return r.rows[0] ? { memberNumber: r.rows[0].member_number } : null;
  }

  async memberExists(businessId: string, memberId: string, q: Sql): Promise<{ memberNumber: string } | null> {
    const r = await q.query<{ member_number: string }>(
      `SELECT member_number::text FROM members WHERE business_id = $1 AND id = $2`,
      [businessId, memberId],
    );
    return r.rows[0] ? { memberNumber: r.rows[0].member_number } : null;
  }

  /** The member's events of the club, in the order they happened (ties in recorded order). */
  async events(businessId: string, memberId: string, clubId: string, q: Sql): Promise<ClubEventRow[]> {
    const r = await q.query<EventSql>(
      `SELECT ${EVENT_COLUMNS} FROM club_events WHERE business_id = $1 AND member_id = $2 AND club_id = $3
        ORDER BY at, seq`,
      [businessId, memberId, clubId],
    );
    return r.rows.map(toRow);
  }

  /** Every member with an event of the club and their events (the club's member list). */
  async allEvents(businessId: string, clubId: string, q: Sql): Promise<Map<string, ClubEventRow[]>> {
    const r = await q.query<EventSql & { member_id: string }>(
      `SELECT member_id, ${EVENT_COLUMNS} FROM club_events WHERE business_id = $1 AND club_id = $2
        ORDER BY member_id, at, seq`,
      [businessId, clubId],
    );
    const out = new Map<string, ClubEventRow[]>();
    for (const row of r.rows) {
      const list = out.get(row.member_id) ?? [];
      list.push(toRow(row));
      out.set(row.member_id, list);
    }
    return out;
  }

  /** Records one event; a payment already recorded (same payment id) is skipped: false. */
  async insertEvent(
    businessId: string,
    memberId: string,
    clubId: string,
    e: ClubEventRow,
    tx: PoolClient,
  ): Promise<boolean> {
    const r = await tx.query(
      `INSERT INTO club_events (business_id, member_id, club_id, kind, at, consent, source, payment_id, amount, code,
              expires_at, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING 1`,
      [
        businessId,
        memberId,
        clubId,
        e.kind,
        e.at,
        e.consent,
        e.source,
        e.paymentId,
        e.amount,
        e.code,
        e.expiresAt,
        e.actorId,
      ],
    );
    return (r.rows as unknown[]).length > 0;
  }

  /** The member an invitation code was issued to (in this business), or null. */
  async inviteeOf(businessId: string, code: string, q: Sql): Promise<string | null> {
    const r = await q.query<{ member_id: string }>(
      `SELECT member_id FROM club_events WHERE business_id = $1 AND code = $2 AND kind = 'invited'`,
      [businessId, code],
    );
    return r.rows[0]?.member_id ?? null;
  }

  /** The purchase's lines of one sku (membership fees), with the paid amount per line. */
  async purchaseLines(
    businessId: string,
    purchaseId: string,
    sku: string,
    q: Sql,
  ): Promise<{
    memberId: string;
    occurredAt: Date;
    lines: { lineId: string; quantity: number; amount: number }[];
  } | null> {
    const r = await q.query<{
      member_id: string;
      occurred_at: Date;
      evaluation: { lines?: { lineId: string; paidAmount: number }[] } | null;
      lines: { lineId: string; quantity: number; unitPrice: string }[];
    }>(
      `SELECT p.member_id, p.occurred_at, p.evaluation,
              coalesce((SELECT json_agg(json_build_object('lineId', l.line_id, 'quantity', l.quantity,
                         'unitPrice', l.unit_price::text) ORDER BY l.line_id)
                          FROM purchase_lines l
                         WHERE l.business_id = p.business_id AND l.purchase_id = p.id AND l.sku = $3), '[]') AS lines
         FROM purchases p WHERE p.business_id = $1 AND p.id = $2`,
      [businessId, purchaseId, sku],
    );
    const row = r.rows[0];
    if (!row) return null;
    const paid = new Map((row.evaluation?.lines ?? []).map((l) => [l.lineId, l.paidAmount]));
    return {
      memberId: row.member_id,
      occurredAt: row.occurred_at,
      lines: row.lines.map((l) => ({
        lineId: l.lineId,
        quantity: l.quantity,
        amount: paid.get(l.lineId) ?? l.quantity * Number(l.unitPrice),
      })),
    };
  }

  /** A return: its purchase, when, and the lines given back ('all': everything not yet returned). */
  async returnOf(
    businessId: string,
    returnId: string,
    q: Sql,
  ): Promise<{ purchaseId: string; at: Date; lines: { lineId: string; quantity: number }[] | 'all' } | null> {
    const r = await q.query<{
      purchase_id: string;
      created_at: Date;
      lines: { lineId: string; quantity: number }[] | 'all' | null;
    }>(`SELECT purchase_id, created_at, lines FROM purchase_returns WHERE business_id = $1 AND id = $2`, [
      businessId,
      returnId,
    ]);
    const row = r.rows[0];
    return row ? { purchaseId: row.purchase_id, at: row.created_at, lines: row.lines ?? 'all' } : null;
  }

  /** Members whose birthday (month and day) is one of `monthDays` ("MM-DD"). */
  async birthdayMembers(
    businessId: string,
    monthDays: string[],
    q: Sql,
  ): Promise<{ id: string; birthday: string }[]> {
    const r = await q.query<{ id: string; birthday: string }>(
      `SELECT id, to_char(birthday, 'YYYY-MM-DD') AS birthday FROM members
        WHERE business_id = $1 AND birthday IS NOT NULL AND to_char(birthday, 'MM-DD') = ANY($2::text[])
        ORDER BY id`,
      [businessId, monthDays],
    );
    return r.rows;
  }

  /**
   * Businesses with a tier program or a club (the birthday run's candidates), with their time zone.
   * @crossTenant the daily birthday run starts from every business; each is then handled on its own
   */
  async bonusBusinesses(q: Sql): Promise<{ id: string; timeZone: string }[]> {
    const r = await q.query<{ id: string; time_zone: string }>(
      `SELECT b.id, b.time_zone FROM businesses b
        WHERE EXISTS (SELECT 1 FROM tier_program_versions v WHERE v.business_id = b.id)
           OR EXISTS (SELECT 1 FROM tier_clubs c WHERE c.business_id = b.id)
        ORDER BY b.id`,
    );
    return r.rows.map((x) => ({ id: x.id, timeZone: x.time_zone }));
  }
}
