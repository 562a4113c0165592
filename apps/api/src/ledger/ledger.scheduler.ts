import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { Ledger, type ExpireResult } from '@regulars/ledger';
import { AppConfig } from '../config/config';

/**
 * Runs the ledger's due processing (expire lapsed lots, mature pending earns,
 * release lapsed reservations) every LEDGER_SETTLE_SECONDS. Safe to run in
 * several app instances at once: the ledger processes each item exactly once.
 */
@Injectable()
export class LedgerScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerScheduler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly ledger: Ledger,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ledgerSettleSeconds > 0) {
      this.timer = setInterval(() => void this.tick(), this.config.ledgerSettleSeconds * 1000);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One run now (also what tests call with a pinned clock). */
  async runOnce(businessId?: string): Promise<ExpireResult> {
    return this.ledger.expire({ at: this.clock.now(), businessId });
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce()
      .then((r) => {
        if (r.expired || r.matured || r.holdsExpired) this.logger.log(r, 'ledger settled');
      })
      .catch((e: unknown) => this.logger.error(e, 'ledger settle run failed'))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
