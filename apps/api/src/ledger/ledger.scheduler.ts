import { Injectable } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { Ledger, type ExpireResult } from '@regulars/ledger';

/**
 * The ledger's due processing (expire lapsed lots, mature pending earns,
 * release lapsed reservations). It runs as the job queue's cron task
 * `ledger:settle` every LEDGER_SETTLE_SECONDS (rounded up to whole minutes,
 * see settle-cron.ts), once per interval across every instance running a
 * worker (events/worker.ts). Safe to run concurrently anyway: the ledger
 * processes each item exactly once.
 */
@Injectable()
export class LedgerScheduler {
  constructor(
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {}

  /** One run now (the cron task; tests call it with a pinned clock). */
  async runOnce(businessId?: string): Promise<ExpireResult> {
    return this.ledger.expire({ at: this.clock.now(), businessId });
  }
}
