import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Annual volume rebates (issue 16): business customers (companies and their
 * buyers), rebate agreements with append-only versions, the accrual state per
 * agreement and period (the row every accrual locks), each company's share,
 * the accrual of every event, and settlement documents. Raw SQL tables read
 * and written by apps/api/src/rebates (no TypeORM entities, like the outbox).
 */
export class Rebates1767600000000 implements MigrationInterface {
  name = 'Rebates1767600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rebate_companies" (
      "business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "legal_name" character varying(200) NOT NULL, "tax_id" character varying(40) NOT NULL,
      "billing_name" character varying(120) NOT NULL, "billing_email" character varying(254) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_rebate_companies" PRIMARY KEY ("business_id", "id"),
      CONSTRAINT "fk_rebate_companies_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id"))`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_rebate_companies_tax_id" ON "rebate_companies" ("business_id", "tax_id")`,
    );
    await q.query(`CREATE TABLE "rebate_buyers" (
      "business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "company_id" uuid NOT NULL, "member_id" uuid NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_rebate_buyers" PRIMARY KEY ("business_id", "id"),
      CONSTRAINT "ck_rebate_buyers_dates" CHECK ("ended_at" IS NULL OR "ended_at" >= "started_at"),
      CONSTRAINT "fk_rebate_buyers_company" FOREIGN KEY ("business_id", "company_id") REFERENCES "rebate_companies"("business_id", "id"),
      CONSTRAINT "fk_rebate_buyers_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id", "id"))`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_rebate_buyers_active_member" ON "rebate_buyers" ("business_id", "member_id") WHERE "ended_at" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_rebate_buyers_member" ON "rebate_buyers" ("business_id", "member_id", "started_at")`,
    );
    await q.query(`CREATE INDEX "ix_rebate_buyers_company" ON "rebate_buyers" ("business_id", "company_id")`);
    await q.query(`CREATE TABLE "rebate_agreements" (
      "business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" character varying(120) NOT NULL, "settings" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_rebate_agreements" PRIMARY KEY ("business_id", "id"),
      CONSTRAINT "fk_rebate_agreements_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id"))`);
    await q.query(`CREATE TABLE "rebate_agreement_companies" (
      "business_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "company_id" uuid NOT NULL,
      CONSTRAINT "pk_rebate_agreement_companies" PRIMARY KEY ("business_id", "agreement_id", "company_id"),
      CONSTRAINT "fk_rebate_agreement_companies_agreement" FOREIGN KEY ("business_id", "agreement_id") REFERENCES "rebate_agreements"("business_id", "id"),
      CONSTRAINT "fk_rebate_agreement_companies_company" FOREIGN KEY ("business_id", "company_id") REFERENCES "rebate_companies"("business_id", "id"))`);
    await q.query(
      `CREATE INDEX "ix_rebate_agreement_companies_company" ON "rebate_agreement_companies" ("business_id", "company_id")`,
    );
    await q.query(`CREATE TABLE "rebate_agreement_versions" (
      "business_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "version" integer NOT NULL,
      "effective_from" date NOT NULL, "terms" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_rebate_agreement_versions" PRIMARY KEY ("business_id", "agreement_id", "version"),
      CONSTRAINT "fk_rebate_agreement_versions_agreement" FOREIGN KEY ("business_id", "agreement_id") REFERENCES "rebate_agreements"("business_id", "id"))`);
    await q.query(`CREATE TABLE "rebate_periods" (
      "business_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "period_key" character varying(10) NOT NULL,
      "segments" jsonb NOT NULL DEFAULT '[]', "volume" bigint NOT NULL DEFAULT 0, "accrued" bigint NOT NULL DEFAULT 0,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_rebate_periods" PRIMARY KEY ("business_id", "agreement_id", "period_key"),
      CONSTRAINT "fk_rebate_periods_agreement" FOREIGN KEY ("business_id", "agreement_id") REFERENCES "rebate_agreements"("business_id", "id"))`);
    await q.query(`CREATE TABLE "rebate_company_volumes" (
      "business_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "period_key" character varying(10) NOT NULL,
      "company_id" uuid NOT NULL, "volume" bigint NOT NULL DEFAULT 0,
      CONSTRAINT "pk_rebate_company_volumes" PRIMARY KEY ("business_id", "agreement_id", "period_key", "company_id"),
      CONSTRAINT "fk_rebate_company_volumes_period" FOREIGN KEY ("business_id", "agreement_id", "period_key") REFERENCES "rebate_periods"("business_id", "agreement_id", "period_key"))`);
    await q.query(`CREATE TABLE "rebate_accruals" (
      "business_id" uuid NOT NULL, "agreement_id" uuid NOT NULL, "event_id" bigint NOT NULL,
      "period_key" character varying(10) NOT NULL, "company_id" uuid NOT NULL, "kind" character varying(10) NOT NULL,
      "version" integer NOT NULL, "volume_change" bigint NOT NULL, "delta" bigint NOT NULL,
      "ledger_transaction_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_rebate_accruals" PRIMARY KEY ("business_id", "agreement_id", "event_id"),
      CONSTRAINT "fk_rebate_accruals_period" FOREIGN KEY ("business_id", "agreement_id", "period_key") REFERENCES "rebate_periods"("business_id", "agreement_id", "period_key"))`);
    await q.query(`CREATE TABLE "rebate_settlements" (
      "business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "agreement_id" uuid NOT NULL, "period_key" character varying(10) NOT NULL, "seq" integer NOT NULL,
      "stage" character varying(12) NOT NULL, "number" character varying(40) NOT NULL,
      "payout" character varying(20) NOT NULL, "rebate" bigint NOT NULL, "already_paid" bigint NOT NULL,
      "amount" bigint NOT NULL, "volume" bigint NOT NULL, "lines" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_rebate_settlements" PRIMARY KEY ("business_id", "id"),
      CONSTRAINT "fk_rebate_settlements_period" FOREIGN KEY ("business_id", "agreement_id", "period_key") REFERENCES "rebate_periods"("business_id", "agreement_id", "period_key"))`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_rebate_settlements_seq" ON "rebate_settlements" ("business_id", "agreement_id", "period_key", "seq")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_rebate_settlements_final" ON "rebate_settlements" ("business_id", "agreement_id", "period_key") WHERE "stage" = 'final'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_rebate_settlements_number" ON "rebate_settlements" ("business_id", "number")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'rebate_settlements',
      'rebate_accruals',
      'rebate_company_volumes',
      'rebate_periods',
      'rebate_agreement_versions',
      'rebate_agreement_companies',
      'rebate_agreements',
      'rebate_buyers',
      'rebate_companies',
    ])
      await q.query(`DROP TABLE "${t}"`);
  }
}
