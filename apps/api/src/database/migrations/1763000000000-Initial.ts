import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763000000000 implements MigrationInterface {
  name = 'Initial1763000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "businesses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "slug" character varying(60) NOT NULL, "currency" character(3) NOT NULL, "time_zone" character varying(64) NOT NULL, "next_member_number" bigint NOT NULL DEFAULT '100001', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bc1bf63498dd2368ce3dc8686e8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_businesses_slug" ON "businesses"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "locations" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "address" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_aab472056fb0e03661ae4e965d1" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_users" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(120) NOT NULL, "role" character varying(16) NOT NULL, "location_id" uuid, "password_hash" character varying(200) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a8ae0a41285d4f176c8138adfb4" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_staff_email" ON "staff_users"  ("email") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_staff_email" ON "staff_users"  ("business_id", "email") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "key_id" character varying(32) NOT NULL, "secret_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d838f97551f34c50c18570617b4" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_key_id" ON "api_keys"  ("key_id") `);
    await queryRunner.query(
      `CREATE TABLE "members" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_number" bigint NOT NULL, "first_name" character varying(100) NOT NULL, "last_name" character varying(100), "search_name" character varying(201) NOT NULL, "email" character varying(254), "phone" character varying(20), "birthday" date, "marketing_consent" boolean NOT NULL DEFAULT false, "marketing_consent_at" TIMESTAMP WITH TIME ZONE, "password_hash" character varying(200), "source" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_54c348f522fe6fd8778a0e3fc53" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_members_name" ON "members"  ("business_id", "search_name") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_members_phone" ON "members"  ("business_id", "phone") WHERE phone IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_members_email" ON "members"  ("business_id", "email") WHERE email IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_members_number" ON "members"  ("business_id", "member_number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "member_cards" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(200), CONSTRAINT "PK_56efa8dc60b0ce7a0a6dcfb0a45" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_cards_active" ON "member_cards"  ("business_id", "member_id") WHERE status = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cards_member" ON "member_cards"  ("business_id", "member_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "locations" ADD CONSTRAINT "fk_locations_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_users" ADD CONSTRAINT "fk_staff_location" FOREIGN KEY ("business_id", "location_id") REFERENCES "locations"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_users" ADD CONSTRAINT "fk_staff_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "members" ADD CONSTRAINT "fk_members_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "member_cards" ADD CONSTRAINT "fk_cards_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "member_cards" DROP CONSTRAINT "fk_cards_member"`);
    await queryRunner.query(`ALTER TABLE "members" DROP CONSTRAINT "fk_members_business"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_business"`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP CONSTRAINT "fk_staff_business"`);
    await queryRunner.query(`ALTER TABLE "staff_users" DROP CONSTRAINT "fk_staff_location"`);
    await queryRunner.query(`ALTER TABLE "locations" DROP CONSTRAINT "fk_locations_business"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cards_member"`);
    await queryRunner.query(`DROP INDEX "public"."uq_cards_active"`);
    await queryRunner.query(`DROP TABLE "member_cards"`);
    await queryRunner.query(`DROP INDEX "public"."uq_members_number"`);
    await queryRunner.query(`DROP INDEX "public"."uq_members_email"`);
    await queryRunner.query(`DROP INDEX "public"."uq_members_phone"`);
    await queryRunner.query(`DROP INDEX "public"."ix_members_name"`);
    await queryRunner.query(`DROP TABLE "members"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_key_id"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."uq_staff_email"`);
    await queryRunner.query(`DROP INDEX "public"."ix_staff_email"`);
    await queryRunner.query(`DROP TABLE "staff_users"`);
    await queryRunner.query(`DROP TABLE "locations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_businesses_slug"`);
    await queryRunner.query(`DROP TABLE "businesses"`);
  }
}
