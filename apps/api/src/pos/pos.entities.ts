import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { PurchaseEvaluation } from '@regulars/rules';
import { MemberEntity } from '../members/member.entities';
import { LocationEntity } from '../businesses/business.entities';
import { RewardEntity } from '../rules/rules.entities';

/**
 * A purchase, kept in full for reporting and retention analysis. Idempotent
 * by the POS's own transaction id: a retry returns the stored response.
 */
@Entity('purchases')
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], {
  name: 'fk_purchases_member',
})
@ForeignKey(() => LocationEntity, ['businessId', 'locationId'], ['businessId', 'id'], {
  name: 'fk_purchases_location',
})
@Index('uq_purchases_txn', ['businessId', 'transactionId'], { unique: true })
@Index('ix_purchases_member_time', ['businessId', 'memberId', 'occurredAt'])
@Index('ix_purchases_time', ['businessId', 'occurredAt'])
@Index('uq_purchases_receipt', ['businessId', 'receiptCode'], { unique: true })
export class PurchaseEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'transaction_id' })
  transactionId: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId: string;

  @Column({ type: 'uuid', name: 'location_id', nullable: true })
  locationId: string | null;

  /** Staff member or API key that recorded it. */
  @Column({ type: 'varchar', length: 60, name: 'recorded_by' })
  recordedBy: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt: Date;

  /** Amount paid, minor units. */
  @Column({ type: 'bigint' })
  total: string;

  @Column({ type: 'int', name: 'rule_version', nullable: true })
  ruleVersion: number | null;

  /** The rules evaluation (postings per line), needed to reverse exactly what returned lines earned. */
  @Column({ type: 'jsonb', nullable: true })
  evaluation: PurchaseEvaluation | null;

  @Column({ type: 'varchar', length: 64, name: 'request_hash' })
  requestHash: string;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  /** Short code on the receipt (set at insert from the id by a trigger; see receiptCodeOf). */
  @Column({ type: 'varchar', length: 8, name: 'receipt_code' })
  receiptCode: string;
}

@Entity('purchase_lines')
@ForeignKey(() => PurchaseEntity, ['businessId', 'purchaseId'], ['businessId', 'id'], {
  name: 'fk_lines_purchase',
})
@Index('ix_lines_category', ['businessId', 'category'])
export class PurchaseLineEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryColumn({ type: 'uuid', name: 'purchase_id' })
  purchaseId: string;

  @PrimaryColumn({ type: 'varchar', length: 64, name: 'line_id' })
  lineId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sku: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category: string | null;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'bigint', name: 'unit_price' })
  unitPrice: string;

  @Column({ type: 'int', name: 'returned_quantity', default: 0 })
  returnedQuantity: number;
}

@Entity('redemptions')
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], {
  name: 'fk_redemptions_member',
})
@ForeignKey(() => RewardEntity, ['businessId', 'rewardId'], ['businessId', 'id'], {
  name: 'fk_redemptions_reward',
})
@ForeignKey(() => PurchaseEntity, ['businessId', 'purchaseId'], ['businessId', 'id'], {
  name: 'fk_redemptions_purchase',
})
@Index('uq_redemptions_key', ['businessId', 'idempotencyKey'], { unique: true })
@Index('ix_redemptions_member', ['businessId', 'memberId', 'createdAt'])
@Index('ix_redemptions_time', ['businessId', 'createdAt'])
export class RedemptionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId: string;

  @Column({ type: 'uuid', name: 'reward_id' })
  rewardId: string;

  @Column({ type: 'uuid', name: 'purchase_id', nullable: true })
  purchaseId: string | null;

  @Column({ type: 'varchar', length: 64, name: 'ledger_transaction_id', nullable: true })
  ledgerTransactionId: string | null;

  /** Points or stamps spent. */
  @Column({ type: 'bigint' })
  cost: string;

  @Column({ type: 'varchar', length: 80 })
  unit: string;

  /** Minor units off the purchase. */
  @Column({ type: 'bigint' })
  discount: string;

  /** 'redeemed', or 'restored' when a return gave it back. */
  @Column({ type: 'varchar', length: 16 })
  status: 'redeemed' | 'restored';

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 64, name: 'request_hash' })
  requestHash: string;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;
}

@Entity('purchase_returns')
@ForeignKey(() => PurchaseEntity, ['businessId', 'purchaseId'], ['businessId', 'id'], {
  name: 'fk_returns_purchase',
})
@Index('uq_returns_key', ['businessId', 'idempotencyKey'], { unique: true })
@Index('ix_returns_purchase', ['businessId', 'purchaseId'])
export class PurchaseReturnEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ type: 'uuid', name: 'purchase_id' })
  purchaseId: string;

  @Column({ type: 'jsonb' })
  lines: { lineId: string; quantity: number }[];

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 64, name: 'request_hash' })
  requestHash: string;

  @Column({ type: 'jsonb', nullable: true })
  response: unknown;
}
