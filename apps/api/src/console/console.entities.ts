import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MemberEntity } from '../members/member.entities';
import { StaffUserEntity } from '../businesses/business.entities';

/**
 * The audit record of a manual points adjustment: who (staff), when, why, how
 * much, and the ledger transaction that posted it. Written in the same database
 * transaction as that posting; idempotent by the console's key.
 */
@Entity('point_adjustments')
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], {
  name: 'fk_adjustments_member',
})
@ForeignKey(() => StaffUserEntity, ['businessId', 'staffId'], ['businessId', 'id'], {
  name: 'fk_adjustments_staff',
})
@Index('uq_adjustments_key', ['businessId', 'idempotencyKey'], { unique: true })
@Index('ix_adjustments_member', ['businessId', 'memberId', 'createdAt'])
export class PointAdjustmentEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, name: 'idempotency_key' })
  idempotencyKey: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId: string;

  @Column({ type: 'uuid', name: 'staff_id' })
  staffId: string;

  /** Points added (positive) or taken away (negative). */
  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'varchar', length: 64, name: 'ledger_transaction_id', nullable: true })
  ledgerTransactionId: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
