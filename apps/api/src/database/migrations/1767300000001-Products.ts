import { MigrationInterface, QueryRunner } from 'typeorm';

/** The product list of a business (issue 13): the counter's items, so nobody types a category at the till. */
export class Products1767300000001 implements MigrationInterface {
  name = 'Products1767300000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "products" ("business_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "sku" character varying(64) NOT NULL, "name" character varying(120) NOT NULL, "category" character varying(64), "price" bigint NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_aa235ec059c80e4045afaf2e57e" PRIMARY KEY ("business_id", "id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_products_sku" ON "products"  ("business_id", "sku") `);
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "fk_products_business" FOREIGN KEY ("business_id") REFERENCES "businesses"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "products" DROP CONSTRAINT "fk_products_business"`);
    await queryRunner.query(`DROP INDEX "public"."uq_products_sku"`);
    await queryRunner.query(`DROP TABLE "products"`);
  }
}
