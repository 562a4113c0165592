import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { Ledger } from '@regulars/ledger';
import type { PurchaseEvaluation } from '@regulars/rules';
import {
  initialTierState,
  nextTimer,
  prepareContext,
  summarise,
  tierViewKey,
  tierViewSnapshot,
  type StepResult,
  type TierContext,
  type TierProgram,
  type TierProgramVersion,
  type ManualStatusEvent,
  type TierEvent,
  type TierState,
  type TierViewData,
} from '@regulars/tiers';
import { Db, type Sql } from '../database/db';
import { pgTransaction } from '../database/pg-transaction';
import { manualEvent, toTierEvents, type TierSourceRow } from './tier-events';

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

/** member_tier_states.view: the member's view and effective tier, exact in [view_from, view_until) under view_key. */
export interface StoredTierView {
  view: TierViewData | null;
  effectiveTierId: string | null;
}
/** A member with their stored tier state and view (membersWithStates). */
export interface MemberWithState {
  member_id: string;
  state: TierState | null;
  created_at: Date;
  view: StoredTierView | null;
  view_key: string | null;
  view_from: Date | null;
  view_until: Date | null;
}

/** A tier_program_versions row. */
export interface VersionRow {
  version: number;
  effective_from: Date;
  program: TierProgram;
  created_at: Date;
  created_by: string | null;
}

/** A member_tier_manual row. */
export interface ManualRow {
  id: string;
  tier_id: string;
  reason: string;
  until: Date;
  set_by: string | null;
  created_at: Date;
}

/** What a TiersRepository.transaction function returns to roll back instead of committing. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}
export const rollback = <T>(value: T): Rollback<T> => new Rollback(value);

export interface StoredTierState {
  memberId: string;
  state: TierState;
}

/**
 * Every SQL statement of the tiers (the tables tier_program_versions,
 * member_tier_states, member_tier_history, member_tier_manual,
 * tier_evaluations, and the member history the tier events are derived from:
 * purchases and their returns). Every method takes the business id first and
 * the client last: a transaction's client (writes, and reads that must see
 * them), or none for the pool.
 */
@Injectable()
export class TiersRepository {
  private readonly pool: Pool;

  constructor(
    db: Db,
    private readonly ledger: Ledger,
  ) {
    this.pool = db.pool;
  }

  /**
   * Runs fn in one transaction on its own connection (pgTransaction: BEGIN, fn, COMMIT; ROLLBACK
   * when fn throws). fn returns `rollback(value)` to end without writing anything: ROLLBACK,
   * and `value` is the answer.
   *
   * @crossTenant opens a connection, touches no row; every statement fn runs through this
   * repository takes the business id
   */
  async transaction<T>(fn: (tx: PoolClient) => Promise<T | Rollback<T>>): Promise<T> {
    try {
      return await pgTransaction(this.pool, async (tx) => {
        const out = await fn(tx);
        if (out instanceof Rollback) throw out;
        return out;
      });
    } catch (e) {
      if (e instanceof Rollback) return e.value as T;
      throw e;
    }
  }

  // ------------------------------------------------------------ programs

  /** The business's tier program versions as stored, oldest first (or newest first). */
  async versionRows(businessId: string, newestFirst = false, q: Sql = this.pool): Promise<VersionRow[]> {
    const r = await q.query<VersionRow>(
      newestFirst
        ? `SELECT version, effective_from, program, created_at, created_by FROM tier_program_versions
        WHERE business_id = $1 ORDER BY version DESC`
        : `SELECT version, effective_from, program, created_at, created_by FROM tier_program_versions
          WHERE business_id = $1 ORDER BY version`,
      [businessId],
    );
    return r.rows;
  }

  /** Serialises publishing per business (version numbers gap-free): the business row's lock. */
  async lockBusiness(businessId: string, tx: Sql): Promise<void> {
    await tx.query(`SELECT 1 FROM businesses WHERE id = $1 FOR UPDATE`, [businessId]);
  }

  async insertVersion(
    businessId: string,
    v: { version: number; effectiveFrom: Date; program: unknown; createdAt: Date; createdBy: string | null },
    tx: Sql,
  ): Promise<VersionRow> {
    const r = await tx.query<VersionRow>(
      `INSERT INTO tier_program_versions (business_id, version, effective_from, program, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING version, effective_from, program, created_at, created_by`,
      [businessId, v.version, v.effectiveFrom, JSON.stringify(v.program), v.createdAt, v.createdBy],
    );
    return r.rows[0];
  }

  /**
   * Every stored state has a new timer: the version's start (each member is checked for an
   * upgrade then, by the period-end run). The same instant nextTimer() gives with the new version.
   */
  async dueAllStatesBy(businessId: string, from: Date, tx: Sql): Promise<void> {
    await tx.query(
      `UPDATE member_tier_states SET next_due_at = LEAST(coalesce(next_due_at, $2), $2)
          WHERE business_id = $1`,
      [businessId, from],
    );
  }

  /** The business's time zone and currency (what the tier views need); null: no such business. */
  async businessSetup(
    businessId: string,
    q: Sql = this.pool,
  ): Promise<{ time_zone: string; currency: string } | null> {
    const b = await q.query<{ time_zone: string; currency: string }>(
      `SELECT time_zone, currency FROM businesses WHERE id = $1`,
      [businessId],
    );
    return b.rows[0] ?? null;
  }

  /** @crossTenant the businesses with a tier program (tiers:verify), each then verified on its own */
  async businessesWithProgram(): Promise<string[]> {
    const r = await this.pool.query<{ business_id: string }>(
      `SELECT DISTINCT business_id FROM tier_program_versions ORDER BY business_id`,
    );
    return r.rows.map((x) => x.business_id);
  }

  /** @crossTenant the period-end run's list of businesses with a program in force at `at`, each then evaluated on its own */
  async businessesWithProgramAt(at: Date): Promise<string[]> {
    const r = await this.pool.query<{ business_id: string }>(
      `SELECT DISTINCT business_id FROM tier_program_versions WHERE effective_from <= $1`,
      [at],
    );
    return r.rows.map((x) => x.business_id);
  }

  // ------------------------------------------------------------ member states

  async memberExists(businessId: string, memberId: string, q: Sql = this.pool): Promise<boolean> {
    const exists = await q.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2`, [
      businessId,
      memberId,
    ]);
    return !!exists.rowCount;
  }

  /** The member's join time and stored state (null without one); undefined: no such member. */
  async memberWithState(
    businessId: string,
    memberId: string,
  ): Promise<{ created_at: Date; state: TierState | null } | undefined> {
    const m = await this.pool.query<{ created_at: Date; state: TierState | null }>(
      `SELECT m.created_at, s.state FROM members m
         LEFT JOIN member_tier_states s ON s.business_id = m.business_id AND s.member_id = m.id
        WHERE m.business_id = $1 AND m.id = $2`,
      [businessId, memberId],
    );
    return m.rows[0];
  }

  /** Every member of the business with their stored state (null without one), by id. */
  async membersWithStates(businessId: string): Promise<MemberWithState[]> {
    const stored = await this.pool.query<MemberWithState>(
      `SELECT m.id AS member_id, s.state, m.created_at, s.view, s.view_key, s.view_from, s.view_until FROM members m
         LEFT JOIN member_tier_states s ON s.business_id = m.business_id AND s.member_id = m.id
        WHERE m.business_id = $1 ORDER BY m.id`,
      [businessId],
    );
    return stored.rows;
  }

  /** Members due for the period-end evaluation at `at` (no state, never evaluated, or a timer due). */
  async dueMembers(businessId: string, at: Date): Promise<string[]> {
    const due = await this.pool.query<{ id: string }>(
      `SELECT m.id FROM members m
           LEFT JOIN member_tier_states s ON s.business_id = m.business_id AND s.member_id = m.id
          WHERE m.business_id = $1 AND m.created_at <= $2 AND (s.member_id IS NULL OR s.as_of IS NULL OR s.next_due_at <= $2)
          ORDER BY m.id`,
      [businessId, at],
    );
    return due.rows.map((x) => x.id);
  }

  /** Claims one evaluation by its deterministic key (tier_evaluations, unique); false: already done. */
  async claimEvaluation(
    businessId: string,
    e: { key: string; memberId: string; dueAt: Date | string; evaluatedAt: Date; transitions: number },
    tx: Sql,
  ): Promise<boolean> {
    const claimed = await tx.query(
      `INSERT INTO tier_evaluations (business_id, key, member_id, due_at, evaluated_at, transitions)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [businessId, e.key, e.memberId, e.dueAt, e.evaluatedAt, e.transitions],
    );
    return !!claimed.rowCount;
  }

  async insertManual(
    businessId: string,
    m: {
      memberId: string;
      tierId: string;
      reason: string;
      until: Date;
      setBy: string | null;
      createdAt: Date;
    },
    tx: Sql,
  ): Promise<ManualRow> {
    const r = await tx.query<ManualRow>(
      `INSERT INTO member_tier_manual (business_id, member_id, tier_id, reason, until, set_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, tier_id, reason, until, set_by, created_at`,
      [businessId, m.memberId, m.tierId, m.reason, m.until, m.setBy, m.createdAt],
    );
    return r.rows[0];
  }

  /** The member's tier history, newest first (at most 200 entries). */
  async history(
    businessId: string,
    memberId: string,
  ): Promise<
    { at: Date; from_tier: string | null; to_tier: string; reason: string; program_version: number }[]
  > {
    const h = await this.pool.query<{
      at: Date;
      from_tier: string | null;
      to_tier: string;
      reason: string;
      program_version: number;
    }>(
      `SELECT at, from_tier, to_tier, reason, program_version FROM member_tier_history
          WHERE business_id = $1 AND member_id = $2 ORDER BY at DESC, seq DESC LIMIT 200`,
      [businessId, memberId],
    );
    return h.rows;
  }

  async versions(businessId: string, q: Sql = this.pool): Promise<TierProgramVersion[]> {
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

  async timeZone(businessId: string, q: Sql = this.pool): Promise<string | null> {
    const r = await q.query<{ time_zone: string }>(`SELECT time_zone FROM businesses WHERE id = $1`, [
      businessId,
    ]);
    return r.rows[0]?.time_zone ?? null;
  }

  async memberSince(businessId: string, memberIds: string[], q: Sql = this.pool): Promise<Map<string, Date>> {
    const r = await q.query<{ id: string; created_at: Date }>(
      `SELECT id, created_at FROM members WHERE business_id = $1 AND id = ANY($2::uuid[])`,
      [businessId, memberIds],
    );
    return new Map(r.rows.map((m) => [m.id, m.created_at]));
  }

  /** The stored tier states of some members (those that have one). */
  async states(businessId: string, memberIds: string[], q: Sql = this.pool): Promise<Map<string, TierState>> {
    const r = await q.query<{ member_id: string; state: TierState }>(
      `SELECT member_id, state FROM member_tier_states WHERE business_id = $1 AND member_id = ANY($2::uuid[])`,
      [businessId, memberIds],
    );
    return new Map(r.rows.map((x) => [x.member_id, x.state]));
  }

  /** The tier context of a member, or null when the business has no tier program. */
  async context(businessId: string, memberId: string, q: Sql = this.pool): Promise<TierContext | null> {
    const versions = await this.versions(businessId, q);
    if (!versions.length) return null;
    const tz = await this.timeZone(businessId, q);
    const since = (await this.memberSince(businessId, [memberId], q)).get(memberId);
    if (!tz || !since) return null;
    return { memberId, memberSince: since.toISOString(), timeZone: tz, versions };
  }

  /** One purchase (or return) as a source row of the tier events. */
  async sourceRow(
    businessId: string,
    kind: 'purchase' | 'return',
    id: string,
    q: Sql = this.pool,
  ): Promise<TierSourceRow | null> {
    const r = await q.query<SourceSqlRow>(
      `${SOURCE_SELECT} WHERE x.business_id = $1 AND x.kind = $2 AND coalesce(x.return_id, x.purchase_id) = $3`,
      [businessId, kind, id],
    );
    return r.rows[0] ? toSource(r.rows[0]) : null;
  }

  /** Every purchase and return of the member recorded at or before `upTo`, in recorded order (a purchase before its returns). */
  async memberSourceRows(
    businessId: string,
    memberId: string,
    upTo: Date,
    q: Sql = this.pool,
  ): Promise<TierSourceRow[]> {
    const r = await q.query<SourceSqlRow>(
      `${SOURCE_SELECT} WHERE x.business_id = $1 AND x.member_id = $2 AND x.recorded_at <= $3
        ORDER BY greatest(x.recorded_at, x.occurred_at), x.kind, x.occurred_at, coalesce(x.return_id, x.purchase_id)`,
      [businessId, memberId, upTo],
    );
    return r.rows.map(toSource);
  }

  /** Manual status floors of the member set at or before `upTo`, as tier events. */
  async manualEvents(
    businessId: string,
    memberId: string,
    upTo: Date,
    q: Sql = this.pool,
  ): Promise<ManualStatusEvent[]> {
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
  async memberEvents(
    businessId: string,
    memberId: string,
    upTo: Date,
    q: Sql = this.pool,
  ): Promise<TierEvent[]> {
    const rows = await this.memberSourceRows(businessId, memberId, upTo, q);
    const manual = await this.manualEvents(businessId, memberId, upTo, q);
    // tierTimeline applies events in recorded order (stable for ties).
    return [...toTierEvents(rows), ...manual];
  }

  /** Every member's events up to `upTo` (for preview and verify). */
  async allMemberEvents(businessId: string, upTo: Date, q: Sql = this.pool) {
    const members = await q.query<{ id: string; created_at: Date }>(
      `SELECT id, created_at FROM members WHERE business_id = $1 ORDER BY id`,
      [businessId],
    );
    const out = [];
    for (const m of members.rows) {
      const events = await this.memberEvents(businessId, m.id, upTo, q);
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
  async lockState(businessId: string, memberId: string, now: Date, tx: Sql): Promise<TierState> {
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
    businessId: string,
    ctx: TierContext,
    result: StepResult,
    now: Date,
    tx: PoolClient,
  ): Promise<void> {
    const c = prepareContext(ctx);
    const sum = summarise(c, result.state);
    const due = nextTimer(c, result.state);
    // The view the scan reads while it stays exact (libs/tiers tierViewSnapshot), from now on.
    const snap = tierViewSnapshot(c, result.state, now);
    await tx.query(
      `UPDATE member_tier_states SET state = $3, tier_id = $4, since = $5, until = $6, as_of = $7, next_due_at = $8,
              updated_at = $9, view = $10, view_key = $11, view_from = $12, view_until = $13
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
        JSON.stringify({ view: snap.view, effectiveTierId: snap.effectiveTierId } satisfies StoredTierView),
        tierViewKey(ctx.timeZone, ctx.versions),
        snap.from,
        snap.until,
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
