import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's stored weeks also record the time zone they were computed in: a business
 * can change its time zone (PATCH /api/business), which moves every local Monday, so a week
 * computed in another zone is recomputed like one computed under other card sizes.
 */
export class DashboardWeeksTimeZone1768960000001 implements MigrationInterface {
  name = 'DashboardWeeksTimeZone1768960000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dashboard_weeks ADD COLUMN time_zone text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dashboard_weeks DROP COLUMN time_zone`);
  }
}
