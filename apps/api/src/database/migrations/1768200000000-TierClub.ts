import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The members-only club (issue 15): one club per business (its definition as
 * @regulars/tiers validates it, the consent wording shown on opt-in, the sku of
 * the membership product sold at the counter) and the members' club events
 * (opt-in with consent, opt-out, payments and their refunds, invitations,
 * acceptances, refusals, cancellations), from which the library derives each membership. Payments are
 * unique per purchase, invitation codes unique per business.
 */
export class TierClub1768200000000 implements MigrationInterface {
  name = 'TierClub1768200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tier_clubs" ("business_id" uuid NOT NULL, "definition" jsonb NOT NULL, "consent_wording" character varying(500) NOT NULL, "membership_sku" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_by" uuid, CONSTRAINT "pk_tier_clubs" PRIMARY KEY ("business_id"), CONSTRAINT "fk_tier_clubs_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "club_events" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "club_id" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "consent" character varying(500), "source" character varying(16), "payment_id" character varying(100), "amount" bigint, "code" character varying(64), "expires_at" TIMESTAMP WITH TIME ZONE, "actor_id" uuid, "seq" bigint GENERATED ALWAYS AS IDENTITY, CONSTRAINT "pk_club_events" PRIMARY KEY ("business_id", "id"), CONSTRAINT "fk_club_events_member" FOREIGN KEY ("business_id", "member_id") REFERENCES "members"("business_id","id"), CONSTRAINT "ck_club_events_kind" CHECK ("kind" IN ('opt_in','opt_out','payment','refunded','invited','accepted','refused','cancelled')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_club_events_member" ON "club_events" ("business_id", "member_id", "at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_club_events_payment" ON "club_events" ("business_id", "club_id", "payment_id") WHERE "kind" = 'payment'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ux_club_events_invite" ON "club_events" ("business_id", "code") WHERE "kind" = 'invited'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "club_events"`);
    await queryRunner.query(`DROP TABLE "tier_clubs"`);
  }
}
