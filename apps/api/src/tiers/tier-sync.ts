import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Clock } from '@regulars/core';
import {
  applyTierEvent,
  evaluatePeriodEnd,
  tierTimeline,
  type StepResult,
  type TierContext,
  type TierEvent,
  type TierState,
} from '@regulars/tiers';
import type { EventConsumer } from '../events/consumer';
import type { EventPayloads, EventType, StoredEvent } from '../events/events';
import { toTierEvents } from './tier-events';
import { rollback, TiersRepository } from './tiers.repository';

const ms = (x: string | Date) => (x instanceof Date ? x.getTime() : Date.parse(x));

function alreadyApplied(state: TierState, e: TierEvent): boolean {
  if (e.kind === 'purchase') return state.purchases.some((p) => p.id === e.id);
  if (e.kind === 'return')
    return state.purchases.some((p) => p.id === e.purchaseId && p.returnIds.includes(e.id));
  return false;
}

/**
 * The full recompute of a member's state from history up to `at`: used when
 * the stored state was never computed (a program launched after the member's
 * first purchases) and when an event arrives after the stored state has moved
 * past its recorded time (consumers run in parallel; the period-end run may
 * have advanced the state). The library guarantees it equals the incremental
 * steps; the history rows it yields are inserted once by key.
 */
export async function recomputeStep(
  store: TiersRepository,
  q: PoolClient,
  businessId: string,
  ctx: TierContext,
  at: Date,
): Promise<StepResult> {
  const t = tierTimeline(ctx, await store.memberEvents(businessId, ctx.memberId, at, q), at);
  return { state: t.state, transitions: t.history, bonuses: t.bonuses };
}

/**
 * Keeps member_tier_states current from purchases and returns: the library's
 * incremental step under the member's row lock, idempotent per event (the
 * event_consumptions row, and the state itself knows the purchases and returns
 * it has applied). Reach bonuses go to the ledger by the library's key.
 */
@Injectable()
export class TierStateConsumer implements EventConsumer {
  readonly name = 'events:tier-state';
  readonly types: readonly EventType[] = ['purchase.recorded', 'return.recorded'];

  constructor(
    private readonly store: TiersRepository,
    private readonly clock: Clock,
  ) {}

  async handle(tx: PoolClient, event: StoredEvent): Promise<void> {
    const { businessId } = event;
    const isPurchase = event.type === 'purchase.recorded';
    const memberId = isPurchase
      ? (event.payload as EventPayloads['purchase.recorded']).memberId
      : (event.payload as EventPayloads['return.recorded']).memberId;
    const ctx = await this.store.context(businessId, memberId, tx);
    if (!ctx) return; // no tier program
    const now = this.clock.now();
    const state = await this.store.lockState(businessId, memberId, now, tx);
    const row = await this.store.sourceRow(
      businessId,
      isPurchase ? 'purchase' : 'return',
      isPurchase
        ? (event.payload as EventPayloads['purchase.recorded']).purchaseId
        : (event.payload as EventPayloads['return.recorded']).returnId,
      tx,
    );
    if (!row) return;
    const [tierEvent] = toTierEvents(
      [row],
      (pid, lid) =>
        state.purchases.find((p) => p.id === pid)?.lines.find((l) => l.lineId === lid)?.returnedQuantity ?? 0,
    );
    if (alreadyApplied(state, tierEvent)) return;
    const recordedAt = ms(tierEvent.recordedAt ?? tierEvent.at);
    let result: StepResult;
    if (state.asOf === null || recordedAt < ms(state.asOf)) {
      const upTo = new Date(Math.max(recordedAt, state.asOf === null ? 0 : ms(state.asOf)));
      result = await recomputeStep(this.store, tx, businessId, ctx, upTo);
    } else {
      result = applyTierEvent(ctx, state, tierEvent);
    }
    await this.store.save(businessId, ctx, result, now, tx);
  }
}

/**
 * The period-end evaluation (cron task tiers:evaluate): for each member whose
 * stored state has a timer due (a review, a manual status ending, a new
 * program version) or who has no state yet, the library's evaluatePeriodEnd
 * under the member's row lock; its deterministic key goes into
 * tier_evaluations (unique) in the same transaction, so each member and due
 * instant is evaluated once however many workers run it.
 */
@Injectable()
export class TierEvaluationService {
  private readonly logger = new Logger('Tiers');

  constructor(
    private readonly store: TiersRepository,
    private readonly clock: Clock,
  ) {}

  async runOnce(at: Date = this.clock.now()): Promise<{ evaluated: number; skipped: number }> {
    let evaluated = 0;
    let skipped = 0;
    for (const businessId of await this.store.businessesWithProgramAt(at)) {
      for (const id of await this.store.dueMembers(businessId, at)) {
        if (await this.evaluateMember(businessId, id, at)) evaluated++;
        else skipped++;
      }
    }
    if (evaluated) this.logger.log({ evaluated, skipped }, 'tiers evaluated');
    return { evaluated, skipped };
  }

  /** Evaluates one member at `at`; false when nothing was due or another worker did it (nothing written). */
  async evaluateMember(businessId: string, memberId: string, at: Date): Promise<boolean> {
    return this.store.transaction(async (client) => {
      const ctx = await this.store.context(businessId, memberId, client);
      if (!ctx) return rollback(false);
      const now = this.clock.now();
      const state = await this.store.lockState(businessId, memberId, now, client);
      const [r] = evaluatePeriodEnd({
        timeZone: ctx.timeZone,
        versions: ctx.versions,
        members: [{ memberId, memberSince: ctx.memberSince, state }],
        at,
      });
      if (!r) return rollback(false);
      const claimed = await this.store.claimEvaluation(
        businessId,
        { key: r.key, memberId, dueAt: r.dueAt, evaluatedAt: now, transitions: r.transitions.length },
        client,
      );
      if (!claimed) return rollback(false);
      const result: StepResult =
        state.asOf === null ? await recomputeStep(this.store, client, businessId, ctx, at) : r;
      await this.store.save(businessId, ctx, result, now, client);
      return true;
    });
  }
}
