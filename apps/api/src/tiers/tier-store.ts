import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Ledger } from '@regulars/ledger';
import type { PurchaseEvaluation } from '@regulars/rules';
import {
  initialTierState,
  nextTimer,
  prepareContext,
  summarise,
  type StepResult,
  type TierContext,
  type TierProgramVersion,
  type ManualStatusEvent,
  type TierEvent,
  type TierState,
} from '@regulars/tiers';
import { toTierEvents, type TierSourceRow } from './tier-events';

/** Runs SQL: a pg client inside a transaction, or the pool for reads. */
export interface Sql {
  query<R extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

interface SourceSqlRow {
  kind: 'purchase' | 'return';
  occurred_at: Date;
  recorded_at: Date;
  purchase_id: string;
  return_id: string | null;
  return_lines: { lineId: string; quantity: number }[] | 'all' | null;
  lines: TierSourceRow['lines'];
  evaluation: PurchaseEvaluation | null;
}

const SOURCE_SELECT = `
  SELECT x.kind, x.occurred_at, x.recorded_at, x.purchase_id, x.return_id, x.return_lines, p.evaluation,
         coalesce((SELECT json_agg(json_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category,
                    'quantity', l.quantity, 'unitPrice', l.unit_price) ORDER BY l.line_id)
                     FROM purchase_lines l WHERE l.business_id = p.business_id AND l.purchase_id = p.id), '[]') AS lines
    FROM (
      SELECT 'purchase' AS kind, p.occurred_at, p.recorded_at, p.id AS purchase_id, NULL::uuid AS return_id,
             NULL::jsonb AS return_lines, p.business_id, p.member_id
        FROM purchases p
      UNION ALL
      SELECT 'return', r.created_at, r.created_at, r.purchase_id, r.id, r.lines, r.business_id, p.member_id
        FROM purchase_returns r JOIN purchases p ON p.business_id = r.business_id AND p.id = r.purchase_id
    ) x JOIN purchases p ON p.business_id = x.business_id AND p.id = x.purchase_id`;

const toSource = (r: SourceSqlRow): TierSourceRow => ({
  eventId: r.return_id ?? r.purchase_id,
  type: r.kind === 'purchase' ? 'purchase.recorded' : 'return.recorded',
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  purchaseId: r.purchase_id,
  returnId: r.return_id,
  returnLines: r.return_lines ?? [],
  lines: r.lines.map((l) => ({ ...l, unitPrice: Number(l.unitPrice) })),
  evaluation: r.evaluation,
});

/** A member_tier_manual row as the library's manual status event (recorded when it was set). */
export const manualEvent = (m: {
  id: string;
  tier_id: string;
  reason: string;
  until: Date;
  set_by: string | null;
  created_at: Date;
}): ManualStatusEvent => ({
  kind: 'manual',
  id: m.id,
  at: m.created_at.toISOString(),
  recordedAt: m.created_at.toISOString(),
  tierId: m.tier_id,
  reason: m.reason,
  until: m.until.toISOString(),
  ...(m.set_by ? { setBy: m.set_by } : {}),
});

export interface StoredTierState {
  memberId: string;
  state: TierState;
}

/**
 * The tier tables (tier_program_versions, member_tier_states,
 * member_tier_history, tier_evaluations) and the member history the tier
 * events are derived from (purchases and their returns). Every method takes
 * the business id; writes go through the caller's transaction.
 */
@Injectable()
export class TierStore {
  constructor(private readonly ledger: Ledger) {}

  async versions(q: Sql, businessId: string): Promise<TierProgramVersion[]> {
    const r = await q.query<{
      version: number;
      effective_from: Date;
      program: TierProgramVersion['program'];
    }>(
      `SELECT version, effective_from, program FROM tier_program_versions WHERE business_id = $1 ORDER BY version`,
      [businessId],
    );
    return r.rows.map((v) => ({
      version: v.version,
      effectiveFrom: v.effective_from.toISOString(),
      program: v.program,
    }));
  }

  async timeZone(q: Sql, businessId: string): Promise<string | null> {
    const r = await q.query<{ time_zone: string }>(`SELECT time_zone FROM businesses WHERE id = $1`, [
      businessId,
    ]);
    return r.rows[0]?.time_zone ?? null;
  }

  async memberSince(q: Sql, businessId: string, memberIds: string[]): Promise<Map<string, Date>> {
    const r = await q.query<{ id: string; created_at: Date }>(
      `SELECT id, created_at FROM members WHERE business_id = $1 AND id = ANY($2::uuid[])`,
      [businessId, memberIds],
    );
    return new Map(r.rows.map((m) => [m.id, m.created_at]));
  }

  /** The stored tier states of some members (those that have one). */
  async states(q: Sql, businessId: string, memberIds: string[]): Promise<Map<string, TierState>> {
    const r = await q.query<{ member_id: string; state: TierState }>(
      `SELECT member_id, state FROM member_tier_states WHERE business_id = $1 AND member_id = ANY($2::uuid[])`,
      [businessId, memberIds],
    );
    return new Map(r.rows.map((x) => [x.member_id, x.state]));
  }

  /** The tier context of a member, or null when the business has no tier program. */
  async context(q: Sql, businessId: string, memberId: string): Promise<TierContext | null> {
    const versions = await this.versions(q, businessId);
    if (!versions.length) return null;
    const tz = await this.timeZone(q, businessId);
    const since = (await this.memberSince(q, businessId, [memberId])).get(memberId);
    if (!tz || !since) return null;
    return { memberId, memberSince: since.toISOString(), timeZone: tz, versions };
  }

  /** One purchase (or return) as a source row of the tier events. */
  async sourceRow(
    q: Sql,
    businessId: string,
    kind: 'purchase' | 'return',
    id: string,
  ): Promise<TierSourceRow | null> {
    const r = await q.query<SourceSqlRow>(
      `${SOURCE_SELECT} WHERE x.business_id = $1 AND x.kind = $2 AND coalesce(x.return_id, x.purchase_id) = $3`,
      [businessId, kind, id],
    );
    return r.rows[0] ? toSource(r.rows[0]) : null;
  }

  /** Every purchase and return of the member recorded at or before `upTo`, in recorded order (a purchase before its returns). */
  async memberSourceRows(q: Sql, businessId: string, memberId: string, upTo: Date): Promise<TierSourceRow[]> {
    const r = await q.query<SourceSqlRow>(
      `${SOURCE_SELECT} WHERE x.business_id = $1 AND x.member_id = $2 AND x.recorded_at <= $3
        ORDER BY greatest(x.recorded_at, x.occurred_at), x.kind, x.occurred_at, coalesce(x.return_id, x.purchase_id)`,
      [businessId, memberId, upTo],
    );
    return r.rows.map(toSource);
  }

  /** Manual status floors of the member set at or before `upTo`, as tier events. */
  async manualEvents(q: Sql, businessId: string, memberId: string, upTo: Date): Promise<ManualStatusEvent[]> {
    const r = await q.query<{
      id: string;
      tier_id: string;
      reason: string;
      until: Date;
      set_by: string | null;
      created_at: Date;
    }>(
      `SELECT id, tier_id, reason, until, set_by, created_at FROM member_tier_manual
        WHERE business_id = $1 AND member_id = $2 AND created_at <= $3 ORDER BY created_at, id`,
      [businessId, memberId, upTo],
    );
    return r.rows.map(manualEvent);
  }

  /** The member's tier events recorded at or before `upTo`: purchases, returns and manual status. */
  async memberEvents(q: Sql, businessId: string, memberId: string, upTo: Date): Promise<TierEvent[]> {
    const rows = await this.memberSourceRows(q, businessId, memberId, upTo);
    const manual = await this.manualEvents(q, businessId, memberId, upTo);
    // tierTimeline applies events in recorded order (stable for ties).
    return [...toTierEvents(rows), ...manual];
  }

  /** Every member's events up to `upTo` (for preview and verify). */
  async allMemberEvents(q: Sql, businessId: string, upTo: Date) {
    const members = await q.query<{ id: string; created_at: Date }>(
      `SELECT id, created_at FROM members WHERE business_id = $1 ORDER BY id`,
      [businessId],
    );
    const out = [];
    for (const m of members.rows) {
      const events = await this.memberEvents(q, businessId, m.id, upTo);
      out.push({ memberId: m.id, memberSince: m.created_at.toISOString(), events });
    }
    return out;
  }

  /**
   * Locks the member, then their state row (creating it when missing), and returns the state.
   * The member lock first (FOR NO KEY UPDATE, as every counter operation takes it): a purchase
   * reads the stored tier under that lock without locking the state row (pos_record_purchase,
   * RG005), so a tier change waits for a purchase in flight, and a purchase for the change.
   */
  async lockState(tx: PoolClient, businessId: string, memberId: string, now: Date): Promise<TierState> {
    await tx.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
      businessId,
      memberId,
    ]);
    await tx.query(
      `INSERT INTO member_tier_states (business_id, member_id, state, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [businessId, memberId, JSON.stringify(initialTierState(memberId)), now],
    );
    const r = await tx.query<{ state: TierState }>(
      `SELECT state FROM member_tier_states WHERE business_id = $1 AND member_id = $2 FOR UPDATE`,
      [businessId, memberId],
    );
    return r.rows[0].state;
  }

  /**
   * Stores a step's result: the new state with its summary columns, the
   * history entries (unique by their deterministic key) and the reach bonuses
   * posted to the ledger idempotently by the library's key.
   */
  async save(
    tx: PoolClient,
    businessId: string,
    ctx: TierContext,
    result: StepResult,
    now: Date,
  ): Promise<void> {
    const c = prepareContext(ctx);
    const sum = summarise(c, result.state);
    const due = nextTimer(c, result.state);
    await tx.query(
      `UPDATE member_tier_states SET state = $3, tier_id = $4, since = $5, until = $6, as_of = $7, next_due_at = $8,
              updated_at = $9
        WHERE business_id = $1 AND member_id = $2`,
      [
        businessId,
        ctx.memberId,
        JSON.stringify(result.state),
        sum.tier?.id ?? null,
        sum.since,
        sum.until,
        result.state.asOf,
        Number.isFinite(due) ? new Date(due) : null,
        now,
      ],
    );
    for (const t of result.transitions) {
      await tx.query(
        `INSERT INTO member_tier_history (business_id, key, member_id, at, from_tier, to_tier, reason, program_version,
                recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [businessId, t.key, ctx.memberId, t.at, t.from, t.to, t.reason, t.programVersion, now],
      );
    }
    for (const b of result.bonuses) {
      await this.ledger.earn({
        businessId,
        idempotencyKey: b.key,
        at: new Date(b.at),
        account: { unit: 'points', ownerType: 'member', ownerId: ctx.memberId },
        amount: b.points,
        reason: b.reason,
        reference: b.key,
        metadata: { tierId: b.tierId, programVersion: b.programVersion ?? null },
        client: tx,
      });
    }
  }
}
