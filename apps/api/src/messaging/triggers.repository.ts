import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { TierProgramVersion, TierState } from '@regulars/tiers';
import type { PurchaseEvaluation } from '@regulars/rules';
import { Db } from '../database/db';
import type { Queryable } from './messaging.repository';

export interface TriggerBusiness {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
}

export interface TierHistoryRow {
  key: string;
  memberId: string;
  at: Date;
  fromTier: string | null;
  toTier: string;
  programVersion: number;
}

export interface HoldoutReportRow {
  days: number;
  holdout: boolean;
  /** Messages (sent, or held back) whose window has ended. */
  members: number;
  /** Of those, members with at least one purchase in the window. */
  returned: number;
  /** Purchase totals in the window (minor units). */
  spend: number;
  /** Messages whose window is still open (not counted above). */
  pending: number;
}

/**
 * The reads of the scheduled and event message triggers (birthdays, tier
 * history and states, rebate buyers, lapsed customers, rewards) and the
 * holdout settings and report. Every method takes the business id first
 * (and an optional client, last, to join the caller's transaction); the
 * sender job's scheduling is cross-tenant.
 */
@Injectable()
export class TriggersRepository {
  private readonly pool: Pool;

  constructor(db: Db) {
    this.pool = db.pool;
  }

  /** @crossTenant the scheduled triggers' list of businesses to visit, each then read on its own */
  async businesses(): Promise<TriggerBusiness[]> {
    const r = await this.pool.query<TriggerBusiness>(
      `SELECT id, name, time_zone AS "timeZone", currency FROM businesses ORDER BY id`,
    );
    return r.rows;
  }

  async business(businessId: string): Promise<TriggerBusiness | null> {
    const r = await this.pool.query<TriggerBusiness>(
      `SELECT id, name, time_zone AS "timeZone", currency FROM businesses WHERE id = $1`,
      [businessId],
    );
    return r.rows[0] ?? null;
  }

  /** Members whose birthday falls on one of the month-days ("MM-DD"). */
  async birthdayMembers(
    businessId: string,
    monthDays: string[],
  ): Promise<{ id: string; birthday: string }[]> {
    const r = await this.pool.query<{ id: string; birthday: string }>(
      `SELECT id, birthday::text AS birthday FROM members
        WHERE business_id = $1 AND birthday IS NOT NULL AND to_char(birthday, 'MM-DD') = ANY($2::text[])
        ORDER BY id`,
      [businessId, monthDays],
    );
    return r.rows;
  }

  async tierVersions(businessId: string): Promise<TierProgramVersion[]> {
    const r = await this.pool.query<{
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

  /** The tier the stored state says the member holds (null: none or no state yet). */
  async storedTier(businessId: string, memberId: string): Promise<string | null> {
    const r = await this.pool.query<{ tier_id: string | null }>(
      `SELECT tier_id FROM member_tier_states WHERE business_id = $1 AND member_id = $2`,
      [businessId, memberId],
    );
    return r.rows[0]?.tier_id ?? null;
  }

  /** Upgrades (reason `reached`) recorded since `since`. */
  async tierReached(businessId: string, since: Date): Promise<TierHistoryRow[]> {
    const r = await this.pool.query<TierHistoryRow>(
      `SELECT key, member_id AS "memberId", at, from_tier AS "fromTier", to_tier AS "toTier",
              program_version AS "programVersion"
         FROM member_tier_history
        WHERE business_id = $1 AND reason = 'reached' AND recorded_at >= $2
        ORDER BY seq`,
      [businessId, since],
    );
    return r.rows;
  }

  /** Members holding a tier that ends (exclusive `until`) before `before`, with their stored state. */
  async tiersEnding(
    businessId: string,
    now: Date,
    before: Date,
  ): Promise<{ memberId: string; memberSince: Date; state: TierState }[]> {
    const r = await this.pool.query<{ member_id: string; created_at: Date; state: TierState }>(
      `SELECT s.member_id, m.created_at, s.state FROM member_tier_states s
         JOIN members m ON m.business_id = s.business_id AND m.id = s.member_id
        WHERE s.business_id = $1 AND s.tier_id IS NOT NULL AND s.until > $2 AND s.until <= $3
        ORDER BY s.member_id`,
      [businessId, now, before],
    );
    return r.rows.map((x) => ({ memberId: x.member_id, memberSince: x.created_at, state: x.state }));
  }

  /** Members holding available points that lapse in (`from`, `until`] (the points-expiring reminder). */
  async pointsExpiringHolders(businessId: string, from: Date, until: Date): Promise<string[]> {
    const r = await this.pool.query<{ owner_id: string }>(
      `SELECT DISTINCT a.owner_id FROM ledger_lots l
         JOIN ledger_accounts a ON a.business_id = l.business_id AND a.id = l.account_id
        WHERE l.business_id = $1 AND l.expires_at > $2 AND l.expires_at <= $3
          AND l.status = 'available' AND l.remaining > 0
          AND a.unit = 'points' AND a.owner_type = 'member'`,
      [businessId, from, until],
    );
    return r.rows.map((x) => x.owner_id);
  }

  /** Members buying for a company now (rebate buyers). */
  async activeBuyers(businessId: string, now: Date): Promise<string[]> {
    const r = await this.pool.query<{ member_id: string }>(
      `SELECT member_id FROM rebate_buyers
        WHERE business_id = $1 AND started_at <= $2 AND (ended_at IS NULL OR ended_at > $2)
        ORDER BY member_id`,
      [businessId, now],
    );
    return r.rows.map((x) => x.member_id);
  }

  /**
   * Members whose last purchase lies between `lapsedFrom` and `lapsedUntil`
   * (the win-back candidates), with their distinct local visit days (newest
   * 400) and the points they hold are read by the caller.
   */
  async lapsedVisitDays(
    businessId: string,
    timeZone: string,
    lapsedFrom: Date,
    lapsedUntil: Date,
  ): Promise<{ memberId: string; days: string[] }[]> {
    const r = await this.pool.query<{ member_id: string; days: string[] }>(
      `WITH lapsed AS (
         SELECT member_id FROM purchases WHERE business_id = $1
          GROUP BY member_id HAVING max(occurred_at) >= $3 AND max(occurred_at) < $4)
       SELECT l.member_id,
              (SELECT array_agg(d ORDER BY d) FROM (
                 SELECT DISTINCT (p.occurred_at AT TIME ZONE $2)::date::text AS d FROM purchases p
                  WHERE p.business_id = $1 AND p.member_id = l.member_id
                  ORDER BY d DESC LIMIT 400) x) AS days
         FROM lapsed l ORDER BY l.member_id`,
      [businessId, timeZone, lapsedFrom, lapsedUntil],
    );
    return r.rows.map((x) => ({ memberId: x.member_id, days: x.days }));
  }

  async purchaseEvaluation(businessId: string, purchaseId: string, tx: Queryable = this.pool) {
    const r = await tx.query<{ evaluation: PurchaseEvaluation | null }>(
      `SELECT evaluation FROM purchases WHERE business_id = $1 AND id = $2`,
      [businessId, purchaseId],
    );
    return r.rows[0]?.evaluation ?? null;
  }

  /** Active rewards; the number of times the member redeemed each. */
  async rewardsWithRedemptions(
    businessId: string,
    memberId: string,
    tx: Queryable = this.pool,
  ): Promise<{ id: string; name: string; cost: { kind: string; points?: number }; redeemed: number }[]> {
    const r = await tx.query<{
      id: string;
      name: string;
      cost: { kind: string; points?: number };
      redeemed: string;
    }>(
      `SELECT w.id, w.name, w.cost,
              (SELECT count(*) FROM redemptions d WHERE d.business_id = w.business_id AND d.reward_id = w.id
                  AND d.member_id = $2) AS redeemed
         FROM rewards w WHERE w.business_id = $1 AND w.active ORDER BY w.id`,
      [businessId, memberId],
    );
    return r.rows.map((x) => ({ ...x, redeemed: Number(x.redeemed) }));
  }

  /** The purchase's local day in the business time zone. */
  async localDay(businessId: string, at: Date, tx: Queryable = this.pool): Promise<string | null> {
    const r = await tx.query<{ day: string }>(
      `SELECT (($2::timestamptz) AT TIME ZONE b.time_zone)::date::text AS day FROM businesses b WHERE b.id = $1`,
      [businessId, at],
    );
    return r.rows[0]?.day ?? null;
  }

  // --- holdouts ---

  async holdoutShares(businessId: string): Promise<Map<string, number>> {
    const r = await this.pool.query<{ type: string; share_bp: number }>(
      `SELECT type, share_bp FROM message_holdouts WHERE business_id = $1`,
      [businessId],
    );
    return new Map(r.rows.map((x) => [x.type, x.share_bp]));
  }

  async holdoutShare(businessId: string, type: string): Promise<number> {
    const r = await this.pool.query<{ share_bp: number }>(
      `SELECT share_bp FROM message_holdouts WHERE business_id = $1 AND type = $2`,
      [businessId, type],
    );
    return r.rows[0]?.share_bp ?? 0;
  }

  async saveHoldoutShare(businessId: string, type: string, shareBp: number, now: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO message_holdouts (business_id, type, share_bp, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (business_id, type) DO UPDATE SET share_bp = EXCLUDED.share_bp, updated_at = EXCLUDED.updated_at`,
      [businessId, type, shareBp, now],
    );
  }

  /**
   * Messaged (sent) vs held-back members of one trigger, per window: how many
   * bought again within `days` days after the message (exclusive start,
   * inclusive end) and what they spent. Only messages whose window has ended
   * by `now` count; the others are `pending`.
   */
  async holdoutReport(
    businessId: string,
    type: string,
    windows: readonly number[],
    now: Date,
    from: Date | null,
    to: Date | null,
  ): Promise<HoldoutReportRow[]> {
    const r = await this.pool.query<{
      days: number;
      holdout: boolean;
      members: string;
      returned: string;
      spend: string;
      pending: string;
    }>(
      `WITH m AS (
         SELECT member_id, created_at AS t0, status = 'suppressed' AS holdout FROM messages
          WHERE business_id = $1 AND type = $2
            AND (status = 'sent' OR (status = 'suppressed' AND suppressed_reason = 'holdout'))
            AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)),
       w AS (SELECT unnest($3::int[]) AS days),
       x AS (
         SELECT w.days, m.holdout, m.t0 + make_interval(days => w.days) <= $4 AS complete, p.n, p.spend
           FROM m CROSS JOIN w
           CROSS JOIN LATERAL (
             SELECT count(*) AS n, coalesce(sum(total), 0) AS spend FROM purchases p
              WHERE p.business_id = $1 AND p.member_id = m.member_id
                AND p.occurred_at > m.t0 AND p.occurred_at <= m.t0 + make_interval(days => w.days)) p)
       SELECT days, holdout,
              count(*) FILTER (WHERE complete) AS members,
              count(*) FILTER (WHERE complete AND n > 0) AS returned,
              coalesce(sum(spend) FILTER (WHERE complete), 0) AS spend,
              count(*) FILTER (WHERE NOT complete) AS pending
         FROM x GROUP BY days, holdout ORDER BY days, holdout`,
      [businessId, type, windows, now, from, to],
    );
    return r.rows.map((x) => ({
      days: x.days,
      holdout: x.holdout,
      members: Number(x.members),
      returned: Number(x.returned),
      spend: Number(x.spend),
      pending: Number(x.pending),
    }));
  }

  // --- the sender job ---

  /**
   * Asks the job queue to run the sender at `at` (one job per second at most:
   * the job key). Returns false when the job queue's schema is not installed
   * (no worker has run against this database yet): the sender's cron and the
   * worker's start-up run pick the message up then.
   * @crossTenant one sender job serves every business (the job queue holds no tenant data)
   */
  async wakeSender(task: string, at: Date): Promise<boolean> {
    const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
    try {
      await this.pool.query(
        `SELECT graphile_worker.add_job($1, '{}'::json, run_at := $2, max_attempts := 1, job_key := $3)`,
        [task, second, `${task}@${second.toISOString()}`],
      );
      return true;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === '3F000' || code === '42883' || code === '42P01') return false;
      throw e;
    }
  }

  /**
   * The earliest instant a message becomes claimable again (queued/failed due, or an expired lease); null: none left.
   * @crossTenant when the sender that serves every business must run next
   */
  async nextSenderRun(): Promise<Date | null> {
    const r = await this.pool.query<{ at: Date | null }>(
      `SELECT min(at) AS at FROM (
         SELECT min(CASE WHEN status = 'sending' THEN greatest(next_attempt_at, locked_until) ELSE next_attempt_at END) AS at
           FROM messages WHERE status IN ('queued', 'sending', 'failed')
         UNION ALL
         SELECT min(CASE WHEN status = 'sending' THEN greatest(next_attempt_at, locked_until) ELSE next_attempt_at END)
           FROM webhook_deliveries WHERE status IN ('queued', 'sending', 'failed')) x`,
    );
    return r.rows[0]?.at ?? null;
  }
}
