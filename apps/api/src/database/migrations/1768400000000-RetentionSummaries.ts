import { MigrationInterface, QueryRunner } from 'typeorm';

export class RetentionSummaries1768400000000 implements MigrationInterface {
  name = 'RetentionSummaries1768400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retention_customer_days" ("business_id" uuid NOT NULL, "customer_key" character varying(64) NOT NULL, "day" date NOT NULL, "amount" bigint NOT NULL, "purchases" integer NOT NULL, CONSTRAINT "PK_retention_customer_days" PRIMARY KEY ("business_id", "customer_key", "day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "retention_category_days" ("business_id" uuid NOT NULL, "customer_key" character varying(64) NOT NULL, "day" date NOT NULL, "category" character varying(64) NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_retention_category_days" PRIMARY KEY ("business_id", "customer_key", "day", "category"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "retention_customer_days" ADD CONSTRAINT "fk_retention_customer_days_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "retention_category_days" ADD CONSTRAINT "fk_retention_category_days_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // Existing data: the summaries start equal to a rebuild from the sources.
    await queryRunner.query(`INSERT INTO "retention_customer_days" (business_id, customer_key, day, amount, purchases)
      SELECT x.business_id, x.k, x.d, sum(x.a), count(*) FROM (
        SELECT p.business_id, p.member_id::text AS k, (p.occurred_at AT TIME ZONE b.time_zone)::date AS d,
               greatest(p.total - coalesce((SELECT sum(l.returned_quantity::bigint * l.unit_price) FROM purchase_lines l
                                             WHERE l.business_id = p.business_id AND l.purchase_id = p.id), 0), 0) AS a
          FROM purchases p JOIN businesses b ON b.id = p.business_id
        UNION ALL
        SELECT h.business_id, coalesce(hc.member_id::text, 'h:' || hc.id::text), (h.occurred_at AT TIME ZONE b.time_zone)::date, h.amount
          FROM history_purchases h
          JOIN history_customers hc ON hc.business_id = h.business_id AND hc.id = h.customer_id
          JOIN businesses b ON b.id = h.business_id) x
      GROUP BY 1, 2, 3`);
    await queryRunner.query(`INSERT INTO "retention_category_days" (business_id, customer_key, day, category, amount)
      SELECT x.business_id, x.k, x.d, x.c, sum(x.a) FROM (
        SELECT p.business_id, p.member_id::text AS k, (p.occurred_at AT TIME ZONE b.time_zone)::date AS d,
               l.category AS c, l.quantity::bigint * l.unit_price AS a
          FROM purchase_lines l
          JOIN purchases p ON p.business_id = l.business_id AND p.id = l.purchase_id
          JOIN businesses b ON b.id = p.business_id
         WHERE l.category IS NOT NULL
        UNION ALL
        SELECT h.business_id, coalesce(hc.member_id::text, 'h:' || hc.id::text), (h.occurred_at AT TIME ZONE b.time_zone)::date,
               h.category, h.amount
          FROM history_purchases h
          JOIN history_customers hc ON hc.business_id = h.business_id AND hc.id = h.customer_id
          JOIN businesses b ON b.id = h.business_id
         WHERE h.category IS NOT NULL) x
      GROUP BY 1, 2, 3, 4`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "retention_category_days" DROP CONSTRAINT "fk_retention_category_days_business"`,
    );
    await queryRunner.query(
      `ALTER TABLE "retention_customer_days" DROP CONSTRAINT "fk_retention_customer_days_business"`,
    );
    await queryRunner.query(`DROP TABLE "retention_category_days"`);
    await queryRunner.query(`DROP TABLE "retention_customer_days"`);
  }
}
