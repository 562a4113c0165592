import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holdout groups of the campaign-like message triggers (win-back, points
 * expiring): the share of eligible members kept back per business and
 * trigger, in basis points (1000 = 10 %). Held-back members are recorded as
 * messages with status `suppressed` and reason `holdout` (docs/MESSAGING.md).
 */
export class MessageHoldouts1768500000000 implements MigrationInterface {
  name = 'MessageHoldouts1768500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "message_holdouts" ("business_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "share_bp" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_message_holdouts" PRIMARY KEY ("business_id", "type"), CONSTRAINT "ck_message_holdouts_share" CHECK ("share_bp" >= 0 AND "share_bp" <= 5000), CONSTRAINT "fk_message_holdouts_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_messages_type_created" ON "messages" ("business_id", "type", "created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_messages_type_created"`);
    await queryRunner.query(`DROP TABLE "message_holdouts"`);
  }
}
