import { MigrationInterface, QueryRunner } from 'typeorm';

/** One-time sign-in codes of members (join link, claiming an account enrolled at the counter). */
export class MemberSignInCodes1767100000000 implements MigrationInterface {
  name = 'MemberSignInCodes1767100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "member_sign_in_codes" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "code_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_fa36e41fb28f4b34cd7c8b249c8" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sign_in_codes_member" ON "member_sign_in_codes"  ("business_id", "member_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "member_sign_in_codes" ADD CONSTRAINT "fk_sign_in_codes_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "member_sign_in_codes" DROP CONSTRAINT "fk_sign_in_codes_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sign_in_codes_member"`);
    await queryRunner.query(`DROP TABLE "member_sign_in_codes"`);
  }
}
