import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * retention_customer_histories (issue 17): one row per customer with their
 * whole summary history as JSON, {"d": [day numbers], "a": [amounts],
 * "c": {"<category>": [day numbers]}} (days ascending), so the monthly review
 * reads 100k rows instead of aggregating 3M. Kept with the day summaries by
 * the same writers (summary.repository.ts); filled here from the existing
 * summaries. No TypeORM entity: summary.repository.ts owns the SQL.
 */
export class RetentionCustomerHistories1768800000000 implements MigrationInterface {
  name = 'RetentionCustomerHistories1768800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
CREATE TABLE retention_customer_histories (
  business_id uuid NOT NULL,
  customer_key varchar(64) NOT NULL,
  history jsonb NOT NULL,
  CONSTRAINT "PK_retention_customer_histories" PRIMARY KEY (business_id, customer_key),
  CONSTRAINT fk_retention_customer_histories_business FOREIGN KEY (business_id) REFERENCES businesses(id)
)`);
    await q.query(`
INSERT INTO retention_customer_histories (business_id, customer_key, history)
SELECT d.business_id, d.customer_key, jsonb_build_object('d', d.days, 'a', d.amounts, 'c', coalesce(c.cats, '{}'::jsonb))
  FROM (SELECT business_id, customer_key, jsonb_agg(day - DATE '1970-01-01' ORDER BY day) AS days,
               jsonb_agg(amount ORDER BY day) AS amounts
          FROM retention_customer_days GROUP BY business_id, customer_key) d
  LEFT JOIN (SELECT business_id, customer_key, jsonb_object_agg(category, days) AS cats
               FROM (SELECT business_id, customer_key, category, jsonb_agg(day - DATE '1970-01-01' ORDER BY day) AS days
                       FROM retention_category_days GROUP BY business_id, customer_key, category) x
              GROUP BY business_id, customer_key) c
    ON c.business_id = d.business_id AND c.customer_key = d.customer_key`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_customer_histories`);
  }
}
