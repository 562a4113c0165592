import { MigrationInterface, QueryRunner } from 'typeorm';

/** Members kept signed in on their own devices (refresh tokens, stored as SHA-256). */
export class MemberSessions1767300000003 implements MigrationInterface {
  name = 'MemberSessions1767300000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_sessions" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "secret_hash" character varying(64) NOT NULL, "device" character varying(120), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b8227f4a44ad0e75f5968efca15" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_member_sessions_member" ON "member_sessions"  ("business_id", "member_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "member_sessions" ADD CONSTRAINT "fk_member_sessions_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "member_sessions" DROP CONSTRAINT "fk_member_sessions_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_sessions_member"`);
    await queryRunner.query(`DROP TABLE "member_sessions"`);
  }
}
