import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Manual tier status (issue 15): a floor set by an owner or manager with a
 * reason and an expiry; the rows are the audit trail and a source of the
 * member's tier events (a recompute reads them like purchases).
 */
export class TierManualStatus1767700000001 implements MigrationInterface {
  name = 'TierManualStatus1767700000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_tier_manual" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "tier_id" character varying(64) NOT NULL, "reason" character varying(200) NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "set_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_member_tier_manual" PRIMARY KEY ("business_id", "id"), CONSTRAINT "fk_tier_manual_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_tier_manual_member" ON "member_tier_manual" ("business_id", "member_id", "created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "member_tier_manual"`);
  }
}
