import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Club tiers (issue 15): program versions per business, the stored tier state
 * per member (derived from the purchase and return events, recomputable), the
 * tier history, and the period-end evaluation keys (exactly once per member
 * and due instant, also with several workers).
 */
export class Tiers1767700000000 implements MigrationInterface {
  name = 'Tiers1767700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tier_program_versions" ("business_id" uuid NOT NULL, "version" integer NOT NULL, "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL, "program" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, CONSTRAINT "pk_tier_program_versions" PRIMARY KEY ("business_id", "version"), CONSTRAINT "fk_tier_programs_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "member_tier_states" ("business_id" uuid NOT NULL, "member_id" uuid NOT NULL, "state" jsonb NOT NULL, "tier_id" character varying(64), "since" TIMESTAMP WITH TIME ZONE, "until" TIMESTAMP WITH TIME ZONE, "as_of" TIMESTAMP WITH TIME ZONE, "next_due_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_member_tier_states" PRIMARY KEY ("business_id", "member_id"), CONSTRAINT "fk_tier_states_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_tier_states_due" ON "member_tier_states" ("business_id", "next_due_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "member_tier_history" ("business_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "member_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "from_tier" character varying(64), "to_tier" character varying(64) NOT NULL, "reason" character varying(20) NOT NULL, "program_version" integer NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "seq" bigint GENERATED ALWAYS AS IDENTITY, CONSTRAINT "pk_member_tier_history" PRIMARY KEY ("business_id", "key"), CONSTRAINT "fk_tier_history_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_tier_history_member" ON "member_tier_history" ("business_id", "member_id", "at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "tier_evaluations" ("business_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "member_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "transitions" integer NOT NULL, CONSTRAINT "pk_tier_evaluations" PRIMARY KEY ("business_id", "key"), CONSTRAINT "fk_tier_evaluations_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "tier_evaluations"`);
    await queryRunner.query(`DROP TABLE "member_tier_history"`);
    await queryRunner.query(`DROP TABLE "member_tier_states"`);
    await queryRunner.query(`DROP TABLE "tier_program_versions"`);
  }
}
