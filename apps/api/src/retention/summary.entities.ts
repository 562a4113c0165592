import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { BusinessEntity } from '../businesses/business.entities';

/**
 * The retention reports' precomputed summary: one row per customer and local
 * day with a purchase (same-day purchases merged, as the retention library
 * counts orders). The customer key is the member id, or `h:<history customer
 * id>` for an imported customer not linked to a member; live purchases count
 * their paid total less the value of returned lines (never below 0), imported
 * ones their amount. Kept current by RetentionSummaryConsumer (purchase and
 * return events) and by the history importer (in each batch's transaction);
 * `POST /api/retention/summaries/rebuild` recomputes it from the sources.
 */
@Entity('retention_customer_days')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_retention_customer_days_business' })
export class RetentionCustomerDayEntity {
  @PrimaryColumn({
    primaryKeyConstraintName: 'PK_retention_customer_days',
    type: 'uuid',
    name: 'business_id',
  })
  businessId: string;

  @PrimaryColumn({
    primaryKeyConstraintName: 'PK_retention_customer_days',
    type: 'varchar',
    length: 64,
    name: 'customer_key',
  })
  customerKey: string;

  @PrimaryColumn({ primaryKeyConstraintName: 'PK_retention_customer_days', type: 'date' })
  day: string;

  /** Minor units of the business currency. */
  @Column({ type: 'bigint' })
  amount: string;

  /** Purchases (live and imported) merged into this day. */
  @Column({ type: 'int' })
  purchases: number;
}

/**
 * Spend per customer, local day and product category (live lines at their
 * full line value; imported rows with a category), for the "stopped buying a
 * product range" detector. Kept current like retention_customer_days.
 */
@Entity('retention_category_days')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_retention_category_days_business' })
export class RetentionCategoryDayEntity {
  @PrimaryColumn({
    primaryKeyConstraintName: 'PK_retention_category_days',
    type: 'uuid',
    name: 'business_id',
  })
  businessId: string;

  @PrimaryColumn({
    primaryKeyConstraintName: 'PK_retention_category_days',
    type: 'varchar',
    length: 64,
    name: 'customer_key',
  })
  customerKey: string;

  @PrimaryColumn({ primaryKeyConstraintName: 'PK_retention_category_days', type: 'date' })
  day: string;

  @PrimaryColumn({ primaryKeyConstraintName: 'PK_retention_category_days', type: 'varchar', length: 64 })
  category: string;

  @Column({ type: 'bigint' })
  amount: string;
}
