import { MigrationInterface, QueryRunner } from 'typeorm';

export class PointAdjustments1767400000000 implements MigrationInterface {
  name = 'PointAdjustments1767400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "point_adjustments" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "idempotency_key" character varying(100) NOT NULL, "member_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "amount" bigint NOT NULL, "reason" character varying(200) NOT NULL, "ledger_transaction_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e6536533cd11591720c83f7929e" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_adjustments_member" ON "point_adjustments"  ("business_id", "member_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_adjustments_key" ON "point_adjustments"  ("business_id", "idempotency_key") `,
    );
    await queryRunner.query(
      `ALTER TABLE "point_adjustments" ADD CONSTRAINT "fk_adjustments_staff" FOREIGN KEY ("business_id", "staff_id") REFERENCES "staff_users"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "point_adjustments" ADD CONSTRAINT "fk_adjustments_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "point_adjustments" DROP CONSTRAINT "fk_adjustments_member"`);
    await queryRunner.query(`ALTER TABLE "point_adjustments" DROP CONSTRAINT "fk_adjustments_staff"`);
    await queryRunner.query(`DROP INDEX "public"."uq_adjustments_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_adjustments_member"`);
    await queryRunner.query(`DROP TABLE "point_adjustments"`);
  }
}
