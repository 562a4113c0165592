import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's tier view (tier, progress, benefits) stored beside their tier state by every
 * writer of the state, with the interval in which it stays exact (view_from, view_until:
 * libs/tiers tierViewSnapshot) and what it depends on besides the state (view_key: the time
 * zone and the program versions). The counter's scan reads the view instead of advancing the
 * ~5 kB state and measuring progress per scan; outside the interval, or under another key, it
 * derives the view from the state as before. Existing rows have no view until their next write.
 */
export class TierStoredView1768970000000 implements MigrationInterface {
  name = 'TierStoredView1768970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE member_tier_states ADD COLUMN view jsonb, ADD COLUMN view_key text,
         ADD COLUMN view_from timestamptz, ADD COLUMN view_until timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE member_tier_states DROP COLUMN view, DROP COLUMN view_key, DROP COLUMN view_from,
         DROP COLUMN view_until`,
    );
  }
}
