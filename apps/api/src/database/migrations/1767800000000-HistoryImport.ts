import { MigrationInterface, QueryRunner } from 'typeorm';

export class HistoryImport1767800000000 implements MigrationInterface {
  name = 'HistoryImport1767800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "history_imports" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "source" character varying(200) NOT NULL, "state" character varying(16) NOT NULL, "mapping" jsonb NOT NULL, "committed_line" integer NOT NULL DEFAULT '0', "resumed_from" uuid, "rows_read" integer NOT NULL DEFAULT '0', "purchases_imported" integer NOT NULL DEFAULT '0', "purchases_existing" integer NOT NULL DEFAULT '0', "customers_created" integer NOT NULL DEFAULT '0', "rows_rejected" integer NOT NULL DEFAULT '0', "error" character varying(500), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6700523c52624a3c636a74522f8" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_history_imports_source" ON "history_imports"  ("business_id", "source", "started_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "history_customers" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" character varying(100) NOT NULL, "name" character varying(200), "email" character varying(254), "member_id" uuid, "import_id" uuid NOT NULL, CONSTRAINT "PK_724691a220f1c3c356f4b7b3592" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_history_customers_member" ON "history_customers"  ("business_id", "member_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_history_customers_external" ON "history_customers"  ("business_id", "external_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "history_purchases" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" character varying(100) NOT NULL, "customer_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "amount" bigint NOT NULL, "sku" character varying(64), "category" character varying(64), "import_id" uuid NOT NULL, CONSTRAINT "PK_962abad64d8cbac0733bc4c7d19" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_history_purchases_time" ON "history_purchases"  ("business_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_history_purchases_customer_time" ON "history_purchases"  ("business_id", "customer_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_history_purchases_external" ON "history_purchases"  ("business_id", "external_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "history_imports" ADD CONSTRAINT "fk_history_imports_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "history_customers" ADD CONSTRAINT "fk_history_customers_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "history_customers" ADD CONSTRAINT "fk_history_customers_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "history_purchases" ADD CONSTRAINT "fk_history_purchases_import" FOREIGN KEY ("business_id", "import_id") REFERENCES "history_imports"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "history_purchases" ADD CONSTRAINT "fk_history_purchases_customer" FOREIGN KEY ("business_id", "customer_id") REFERENCES "history_customers"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "history_purchases" DROP CONSTRAINT "fk_history_purchases_customer"`,
    );
    await queryRunner.query(`ALTER TABLE "history_purchases" DROP CONSTRAINT "fk_history_purchases_import"`);
    await queryRunner.query(
      `ALTER TABLE "history_customers" DROP CONSTRAINT "fk_history_customers_business"`,
    );
    await queryRunner.query(`ALTER TABLE "history_customers" DROP CONSTRAINT "fk_history_customers_member"`);
    await queryRunner.query(`ALTER TABLE "history_imports" DROP CONSTRAINT "fk_history_imports_business"`);
    await queryRunner.query(`DROP INDEX "public"."uq_history_purchases_external"`);
    await queryRunner.query(`DROP INDEX "public"."ix_history_purchases_customer_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_history_purchases_time"`);
    await queryRunner.query(`DROP TABLE "history_purchases"`);
    await queryRunner.query(`DROP INDEX "public"."uq_history_customers_external"`);
    await queryRunner.query(`DROP INDEX "public"."ix_history_customers_member"`);
    await queryRunner.query(`DROP TABLE "history_customers"`);
    await queryRunner.query(`DROP INDEX "public"."ix_history_imports_source"`);
    await queryRunner.query(`DROP TABLE "history_imports"`);
  }
}
