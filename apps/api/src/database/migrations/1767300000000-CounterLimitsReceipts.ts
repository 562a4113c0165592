import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counter of issue 13:
 *
 * - businesses.purchase_confirm_above / purchase_limit: the amount above which
 *   the counter asks for confirmation, and the amount above which a purchase is
 *   refused (AMOUNT_OVER_LIMIT). NULL = the default for the business currency.
 * - purchase_returns (business_id, purchase_id): the counter's list of recent
 *   purchases asks, per purchase, whether it was returned.
 * - purchases.receipt_code: a short code printed on the receipt, to find the
 *   purchase again for a return. Set at insert by a trigger from the purchase
 *   id (its last 8 hex digits, upper case: the random part of a UUIDv7), so
 *   every writer of purchases (the one-call function included) gets it without
 *   a change; the app computes the same code for its answer. Unique per
 *   business: a clash fails the insert and the app retries with a new id.
 *   Purchases recorded before this migration that clash get a code from a hash
 *   of their id instead (their stored answers never showed a code).
 */
export class CounterLimitsReceipts1767300000000 implements MigrationInterface {
  name = 'CounterLimitsReceipts1767300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "businesses" ADD "purchase_confirm_above" bigint, ADD "purchase_limit" bigint`,
    );
    await queryRunner.query(`ALTER TABLE "purchases" ADD "receipt_code" character varying(8)`);
    await queryRunner.query(`UPDATE "purchases" SET "receipt_code" = upper(substr(id::text, 29, 8))`);
    // Purchases recorded before, whose ids share their last 8 hex digits in one business (random
    // ids: about n^2 / 2^33 pairs among n purchases), get another code each, from a hash of the id.
    await queryRunner.query(
      `CREATE INDEX "tmp_purchases_receipt" ON "purchases" ("business_id", "receipt_code")`,
    );
    await queryRunner.query(`
      DO $$
      DECLARE r record; c text; k int;
      BEGIN
        FOR r IN SELECT business_id, id FROM (
                   SELECT business_id, id, row_number() OVER (
                            PARTITION BY business_id, receipt_code ORDER BY occurred_at, id) AS rn
                     FROM purchases) d
                  WHERE rn > 1 LOOP
          k := 0;
          LOOP
            c := upper(substr(md5(r.id::text || ':' || k), 1, 8));
            EXIT WHEN NOT EXISTS (SELECT 1 FROM purchases WHERE business_id = r.business_id AND receipt_code = c);
            k := k + 1;
          END LOOP;
          UPDATE purchases SET receipt_code = c WHERE business_id = r.business_id AND id = r.id;
        END LOOP;
      END $$`);
    await queryRunner.query(`DROP INDEX "tmp_purchases_receipt"`);
    await queryRunner.query(`ALTER TABLE "purchases" ALTER COLUMN "receipt_code" SET NOT NULL`);
    await queryRunner.query(`
      CREATE FUNCTION purchases_receipt_code() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.receipt_code := upper(substr(NEW.id::text, 29, 8));
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER purchases_receipt_code BEFORE INSERT ON purchases
        FOR EACH ROW EXECUTE FUNCTION purchases_receipt_code()`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_purchases_receipt" ON "purchases" ("business_id", "receipt_code") `,
    );
    // The counter's list of recent purchases asks, per purchase, whether it was returned.
    await queryRunner.query(
      `CREATE INDEX "ix_returns_purchase" ON "purchase_returns" ("business_id", "purchase_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_returns_purchase"`);
    await queryRunner.query(`DROP INDEX "public"."uq_purchases_receipt"`);
    await queryRunner.query(`DROP TRIGGER purchases_receipt_code ON purchases`);
    await queryRunner.query(`DROP FUNCTION purchases_receipt_code()`);
    await queryRunner.query(`ALTER TABLE "purchases" DROP COLUMN "receipt_code"`);
    await queryRunner.query(
      `ALTER TABLE "businesses" DROP COLUMN "purchase_limit", DROP COLUMN "purchase_confirm_above"`,
    );
  }
}
