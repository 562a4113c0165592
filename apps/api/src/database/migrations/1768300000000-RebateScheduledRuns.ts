import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled settlement runs of rebate agreements (cron task rebates:settle):
 * one row per agreement period and run key (`interim:<date>` or `final`),
 * written in the transaction that posts the settlement (or finds nothing due),
 * under the period's row lock — the primary key makes each run happen once,
 * however many workers run the cron.
 */
export class RebateScheduledRuns1768300000000 implements MigrationInterface {
  name = 'RebateScheduledRuns1768300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rebate_scheduled_runs" (
      "business_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "period_key" character varying(10) NOT NULL,
      "run_key" character varying(24) NOT NULL, "outcome" character varying(12) NOT NULL,
      "settlement_id" uuid, "ran_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_rebate_scheduled_runs" PRIMARY KEY ("business_id", "agreement_id", "period_key", "run_key"),
      CONSTRAINT "ck_rebate_scheduled_runs_outcome" CHECK ("outcome" IN ('posted', 'nothing_due')),
      CONSTRAINT "fk_rebate_scheduled_runs_period" FOREIGN KEY ("business_id", "agreement_id", "period_key") REFERENCES "rebate_periods"("business_id", "agreement_id", "period_key"),
      CONSTRAINT "fk_rebate_scheduled_runs_settlement" FOREIGN KEY ("business_id", "settlement_id") REFERENCES "rebate_settlements"("business_id", "id"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rebate_scheduled_runs"`);
  }
}
