import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MemberEntity } from '../members/member.entities';
import { StaffUserEntity } from '../businesses/business.entities';

export const DEFECTION_REASONS = [
  'price',
  'quality',
  'service',
  'moved',
  'competitor',
  'no_longer_needed',
  'other',
] as const;
export type DefectionReason = (typeof DEFECTION_REASONS)[number];

export const CALL_OUTCOMES = ['will_return', 'declined', 'call_back', 'no_answer', 'other'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * A call to an at-risk or lost customer, recorded by staff: reached or not,
 * why they left (a reason code and free text), the outcome, a follow-up day.
 * The customer is a member or an imported customer not linked to one.
 */
@Entity('defection_calls')
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], {
  name: 'fk_defection_calls_member',
})
// By entity name, not class: imports/ depends on retention/ (the importer refreshes its summaries).
@ForeignKey('HistoryCustomerEntity', ['businessId', 'historyCustomerId'], ['businessId', 'id'], {
  name: 'fk_defection_calls_history_customer',
})
@ForeignKey(() => StaffUserEntity, ['businessId', 'staffId'], ['businessId', 'id'], {
  name: 'fk_defection_calls_staff',
})
@Check('ck_defection_calls_customer', `("member_id" IS NULL) <> ("history_customer_id" IS NULL)`)
@Index('ix_defection_calls_time', ['businessId', 'calledAt'])
@Index('ix_defection_calls_member', ['businessId', 'memberId'])
@Index('ix_defection_calls_history_customer', ['businessId', 'historyCustomerId'])
export class DefectionCallEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'member_id', nullable: true })
  memberId: string | null;

  @Column({ type: 'uuid', name: 'history_customer_id', nullable: true })
  historyCustomerId: string | null;

  @Column({ type: 'uuid', name: 'staff_id' })
  staffId: string;

  @Column({ type: 'timestamptz', name: 'called_at' })
  calledAt: Date;

  @Column({ type: 'boolean' })
  reached: boolean;

  @Column({ type: 'varchar', length: 24, nullable: true })
  reason: DefectionReason | null;

  @Column({ type: 'varchar', length: 500, name: 'reason_text', nullable: true })
  reasonText: string | null;

  @Column({ type: 'varchar', length: 24 })
  outcome: CallOutcome;

  @Column({ type: 'date', name: 'follow_up_on', nullable: true })
  followUpOn: string | null;
}
