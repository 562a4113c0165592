import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a member's marketing consent was last given or withdrawn (join, counter, staff, member_page). */
export class ConsentSource1767300000002 implements MigrationInterface {
  name = 'ConsentSource1767300000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "members" ADD "marketing_consent_source" character varying(16)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "marketing_consent_source"`);
  }
}
