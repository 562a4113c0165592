import { MigrationInterface, QueryRunner } from 'typeorm';

export class DefectionCalls1767800000001 implements MigrationInterface {
  name = 'DefectionCalls1767800000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "defection_calls" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid, "history_customer_id" uuid, "staff_id" uuid NOT NULL, "called_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reached" boolean NOT NULL, "reason" character varying(24), "reason_text" character varying(500), "outcome" character varying(24) NOT NULL, "follow_up_on" date, CONSTRAINT "ck_defection_calls_customer" CHECK (("member_id" IS NULL) <> ("history_customer_id" IS NULL)), CONSTRAINT "PK_c59cf4b3fe3ad498dc25db8f6db" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_defection_calls_history_customer" ON "defection_calls"  ("business_id", "history_customer_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_defection_calls_member" ON "defection_calls"  ("business_id", "member_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_defection_calls_time" ON "defection_calls"  ("business_id", "called_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "defection_calls" ADD CONSTRAINT "fk_defection_calls_staff" FOREIGN KEY ("business_id", "staff_id") REFERENCES "staff_users"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defection_calls" ADD CONSTRAINT "fk_defection_calls_history_customer" FOREIGN KEY ("business_id", "history_customer_id") REFERENCES "history_customers"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defection_calls" ADD CONSTRAINT "fk_defection_calls_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "defection_calls" DROP CONSTRAINT "fk_defection_calls_member"`);
    await queryRunner.query(
      `ALTER TABLE "defection_calls" DROP CONSTRAINT "fk_defection_calls_history_customer"`,
    );
    await queryRunner.query(`ALTER TABLE "defection_calls" DROP CONSTRAINT "fk_defection_calls_staff"`);
    await queryRunner.query(`DROP INDEX "public"."ix_defection_calls_time"`);
    await queryRunner.query(`DROP INDEX "public"."ix_defection_calls_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_defection_calls_history_customer"`);
    await queryRunner.query(`DROP TABLE "defection_calls"`);
  }
}
