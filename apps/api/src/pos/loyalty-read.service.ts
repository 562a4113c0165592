import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { Clock } from '@regulars/core';
import type { LedgerClient } from '@regulars/ledger';
import { rewardsAffordable, stampHolding, type RuleSet } from '@regulars/rules';
import { poolOf } from '../ledger/ledger.module';
import { RulesService, rewardOf } from '../rules/rules.service';
import type { MemberEntity } from '../members/member.entities';
import type { RewardEntity } from '../rules/rules.entities';

const SOON_MS = 30 * 86_400_000;

export interface LoyaltySummary {
  member: { id: string; memberNumber: string; firstName: string; lastName: string | null };
  /** Club tiers come with their own module; null until then. */
  tier: null;
  points: {
    available: number;
    pending: number;
    held: number;
    expiringSoon: { amount: number; expiresAt: string }[];
  };
  stampCards: {
    cardId: string;
    name: string;
    size: number;
    progress: number;
    completedCards: number;
    rewardId: string;
  }[];
  rewardsAvailable: { id: string; name: string; cost: unknown; benefit: unknown; times: number }[];
}

/**
 * Read side for the counter and the member: balances of every unit the member
 * holds, points expiring soon, stamp-card progress and affordable rewards.
 * Reads the ledger's tables directly (one round trip for all balances) — the
 * ledger library owns writes; these reads are scoped by business and member.
 */
@Injectable()
export class LoyaltyReadService {
  private readonly pool: Pool;
  constructor(
    dataSource: DataSource,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {
    this.pool = poolOf(dataSource);
  }

  /**
   * Inside a transaction, pass its client and the rules and catalogue loaded
   * beforehand: a transaction must never wait for a second pool connection.
   */
  async summary(
    businessId: string,
    member: MemberEntity,
    runner: LedgerClient = this.pool,
    preloaded?: { ruleSet: RuleSet; catalogue: RewardEntity[] },
  ): Promise<LoyaltySummary> {
    const now = this.clock.now();
    const [balances, expiring, rules, catalogue] = await Promise.all([
      runner.query<{ unit: string; available: string; pending: string; held: string }>(
        `SELECT unit, available, pending, held FROM ledger_accounts
          WHERE business_id = $1 AND owner_type = 'member' AND owner_id = $2`,
        [businessId, member.id],
      ),
      runner.query<{ expires_at: Date; amount: string }>(
        `SELECT l.expires_at, sum(l.remaining) AS amount
           FROM ledger_accounts a
           JOIN ledger_lots l ON l.business_id = a.business_id AND l.account_id = a.id
          WHERE a.business_id = $1 AND a.unit = 'points' AND a.owner_type = 'member' AND a.owner_id = $2
            AND l.status = 'available' AND l.remaining > 0 AND l.expires_at > $3 AND l.expires_at <= $4
          GROUP BY l.expires_at ORDER BY l.expires_at`,
        [businessId, member.id, now, new Date(now.getTime() + SOON_MS)],
      ),
      preloaded
        ? Promise.resolve(preloaded.ruleSet)
        : this.rules.rulesAt(businessId, now).then((r) => r.ruleSet),
      preloaded ? Promise.resolve(preloaded.catalogue) : this.rules.listRewards(businessId),
    ]);
    const byUnit = new Map(balances.rows.map((b) => [b.unit, b]));
    const pts = byUnit.get('points');
    const stampCards = rules.stampCards.map((c) => {
      const held = Number(byUnit.get(`stamps:${c.id}`)?.available ?? 0);
      const h = stampHolding(held, c.cardSize);
      return {
        cardId: c.id,
        name: c.name,
        size: c.cardSize,
        progress: h.progress,
        completedCards: h.completedCards,
        rewardId: c.reward.id,
      };
    });
    const affordable = rewardsAffordable(
      { availablePoints: Number(pts?.available ?? 0) },
      Object.fromEntries(stampCards.map((c) => [c.cardId, { completedCards: c.completedCards }])),
      catalogue.map(rewardOf),
    );
    return {
      member: {
        id: member.id,
        memberNumber: member.memberNumber,
        firstName: member.firstName,
        lastName: member.lastName,
      },
      tier: null,
      points: {
        available: Number(pts?.available ?? 0),
        pending: Number(pts?.pending ?? 0),
        held: Number(pts?.held ?? 0),
        expiringSoon: expiring.rows.map((r) => ({
          amount: Number(r.amount),
          expiresAt: r.expires_at.toISOString(),
        })),
      },
      stampCards,
      rewardsAvailable: affordable.map((a) => ({
        id: a.reward.id,
        name: a.reward.name,
        cost: a.reward.cost,
        benefit: a.reward.benefit,
        times: a.times,
      })),
    };
  }

  /** The member's history across points and stamp cards, newest first, with reasons; keyset-paginated. */
  async history(businessId: string, memberId: string, cursor: string | undefined, limit = 50) {
    const res = await this.pool.query<{
      id: string;
      unit: string;
      bucket: string;
      amount: string;
      kind: string;
      reason: string | null;
      reference: string | null;
      effective_at: Date;
      available_after: string | null;
    }>(
      `SELECT e.id, a.unit, e.bucket, e.amount, t.kind, t.reason, t.reference, e.effective_at, e.available_after
         FROM ledger_accounts a
         JOIN ledger_entries e ON e.business_id = a.business_id AND e.account_id = a.id
         JOIN ledger_transactions t ON t.business_id = e.business_id AND t.id = e.transaction_id
        WHERE a.business_id = $1 AND a.owner_type = 'member' AND a.owner_id = $2 AND ($3::bigint IS NULL OR e.id < $3)
        ORDER BY e.id DESC LIMIT $4`,
      [businessId, memberId, cursor ?? null, limit + 1],
    );
    const rows = res.rows.slice(0, limit);
    return {
      items: rows.map((r) => ({
        at: r.effective_at.toISOString(),
        unit: r.unit,
        kind: r.kind,
        bucket: r.bucket,
        amount: Number(r.amount),
        balanceAfter: r.available_after === null ? null : Number(r.available_after),
        reason: r.reason,
        reference: r.reference,
      })),
      nextCursor: res.rows.length > limit ? rows[rows.length - 1].id : null,
    };
  }
}
