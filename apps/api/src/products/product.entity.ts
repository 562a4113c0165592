import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BusinessEntity } from '../businesses/business.entities';

/**
 * An item the business sells. The counter's quick items come from the active
 * products, so the sku and category that decide points and stamps are chosen,
 * never typed at the till.
 */
@Entity('products')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_products_business' })
@Index('uq_products_sku', ['businessId', 'sku'], { unique: true })
export class ProductEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Matched by the rules' categories (exact, case-sensitive); null = none. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  category: string | null;

  /** Minor units of the business currency. */
  @Column({ type: 'bigint' })
  price: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
