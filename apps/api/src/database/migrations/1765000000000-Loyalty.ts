import { MigrationInterface, QueryRunner } from 'typeorm';

export class Loyalty1765000000000 implements MigrationInterface {
  name = 'Loyalty1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "loyalty_programs" ("business_id" uuid NOT NULL, "reversal_policy" character varying(16) NOT NULL DEFAULT 'clamp', "restore_rewards_on_return" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_aabf2c460b0f03c67d243fff34b" PRIMARY KEY ("business_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rule_set_versions" ("business_id" uuid NOT NULL, "version" integer NOT NULL, "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL, "rules" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, CONSTRAINT "PK_443e533e8275fd4b3333f95ec50" PRIMARY KEY ("business_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rewards" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "cost" jsonb NOT NULL, "benefit" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_cb202ba162541b306d40e11bf38" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "purchases" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "transaction_id" character varying(100) NOT NULL, "member_id" uuid NOT NULL, "location_id" uuid, "recorded_by" character varying(60) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "total" bigint NOT NULL, "rule_version" integer, "evaluation" jsonb, "ledger_transactions" jsonb, "request_hash" character varying(64) NOT NULL, "response" jsonb, CONSTRAINT "PK_6ce90c03236177d88c546f85880" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_purchases_time" ON "purchases"  ("business_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_purchases_member_time" ON "purchases"  ("business_id", "member_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_purchases_txn" ON "purchases"  ("business_id", "transaction_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "purchase_lines" ("business_id" uuid NOT NULL, "purchase_id" uuid NOT NULL, "line_id" character varying(64) NOT NULL, "sku" character varying(64), "category" character varying(64), "quantity" integer NOT NULL, "unit_price" bigint NOT NULL, "returned_quantity" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_5bac8c5ee5c3eb86bd0c780ae44" PRIMARY KEY ("business_id", "purchase_id", "line_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_lines_category" ON "purchase_lines"  ("business_id", "category") `,
    );
    await queryRunner.query(
      `CREATE TABLE "redemptions" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" character varying(100) NOT NULL, "member_id" uuid NOT NULL, "reward_id" uuid NOT NULL, "purchase_id" uuid, "ledger_transaction_id" character varying(64), "cost" bigint NOT NULL, "unit" character varying(80) NOT NULL, "discount" bigint NOT NULL, "status" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "request_hash" character varying(64) NOT NULL, "response" jsonb, CONSTRAINT "PK_7557d8393a2ac1b507a3adba4a0" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_redemptions_member" ON "redemptions"  ("business_id", "member_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_redemptions_key" ON "redemptions"  ("business_id", "idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "purchase_returns" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" character varying(100) NOT NULL, "purchase_id" uuid NOT NULL, "lines" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "request_hash" character varying(64) NOT NULL, "response" jsonb, CONSTRAINT "PK_94bdd9c4c38f57b144505c9c1a0" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_returns_key" ON "purchase_returns"  ("business_id", "idempotency_key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "loyalty_programs" ADD CONSTRAINT "fk_programs_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rule_set_versions" ADD CONSTRAINT "fk_rule_versions_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rewards" ADD CONSTRAINT "fk_rewards_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "purchases" ADD CONSTRAINT "fk_purchases_location" FOREIGN KEY ("business_id", "location_id") REFERENCES "locations"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "purchases" ADD CONSTRAINT "fk_purchases_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "purchase_lines" ADD CONSTRAINT "fk_lines_purchase" FOREIGN KEY ("business_id", "purchase_id") REFERENCES "purchases"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemptions" ADD CONSTRAINT "fk_redemptions_purchase" FOREIGN KEY ("business_id", "purchase_id") REFERENCES "purchases"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemptions" ADD CONSTRAINT "fk_redemptions_reward" FOREIGN KEY ("business_id", "reward_id") REFERENCES "rewards"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemptions" ADD CONSTRAINT "fk_redemptions_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "purchase_returns" ADD CONSTRAINT "fk_returns_purchase" FOREIGN KEY ("business_id", "purchase_id") REFERENCES "purchases"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "purchase_returns" DROP CONSTRAINT "fk_returns_purchase"`);
    await queryRunner.query(`ALTER TABLE "redemptions" DROP CONSTRAINT "fk_redemptions_member"`);
    await queryRunner.query(`ALTER TABLE "redemptions" DROP CONSTRAINT "fk_redemptions_reward"`);
    await queryRunner.query(`ALTER TABLE "redemptions" DROP CONSTRAINT "fk_redemptions_purchase"`);
    await queryRunner.query(`ALTER TABLE "purchase_lines" DROP CONSTRAINT "fk_lines_purchase"`);
    await queryRunner.query(`ALTER TABLE "purchases" DROP CONSTRAINT "fk_purchases_member"`);
    await queryRunner.query(`ALTER TABLE "purchases" DROP CONSTRAINT "fk_purchases_location"`);
    await queryRunner.query(`ALTER TABLE "rewards" DROP CONSTRAINT "fk_rewards_business"`);
    await queryRunner.query(`ALTER TABLE "rule_set_versions" DROP CONSTRAINT "fk_rule_versions_business"`);
    await queryRunner.query(`ALTER TABLE "loyalty_programs" DROP CONSTRAINT "fk_programs_business"`);
    await queryRunner.query(`DROP INDEX "public"."uq_returns_key"`);
    await queryRunner.query(`DROP TABLE "purchase_returns"`);
    await queryRunner.query(`DROP INDEX "public"."uq_redemptions_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_redemptions_member"`);
    await queryRunner.query(`DROP TABLE "redemptions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_lines_category"`);
    await queryRunner.query(`DROP TABLE "purchase_lines"`);
    await queryRunner.query(`DROP INDEX "public"."uq_purchases_txn"`);
    await queryRunner.query(`DROP INDEX "public"."ix_purchases_member_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_purchases_time"`);
    await queryRunner.query(`DROP TABLE "purchases"`);
    await queryRunner.query(`DROP TABLE "rewards"`);
    await queryRunner.query(`DROP TABLE "rule_set_versions"`);
    await queryRunner.query(`DROP TABLE "loyalty_programs"`);
  }
}
