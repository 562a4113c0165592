import type { Principal } from '../auth/principal';
import type { CounterRef } from './counter-read.service';
import type { PurchaseAnswer } from './pos-common';
import type { PurchaseDto } from './pos.dto';

/** A purchase as both strategies take it: checked (limits, lines, time) by PurchaseService. */
export interface PurchaseRequest {
  principal: Principal;
  dto: PurchaseDto;
  /** The hash of the request (idempotency: the same transactionId with another body is a conflict). */
  requestHash: string;
  now: Date;
  occurredAt: Date;
  ref: CounterRef;
}

/**
 * One way of recording a purchase. Both write the same rows and ledger
 * effects and answer the same (test/pos/both-paths.e2e-spec.ts checks it):
 * - OneCallPurchase: one SQL statement after the scan (pos_record_purchase);
 * - StepsPurchase: a transaction of several statements (redemptions with the
 *   sale, debts to settle first, and the fallback of the first).
 */
export interface PurchaseStrategy {
  readonly name: 'one-call' | 'steps';
  /** The answer; null when this strategy cannot take this purchase (the caller uses the next). */
  record(req: PurchaseRequest): Promise<PurchaseAnswer | null>;
}
