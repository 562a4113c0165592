import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MemberEntity } from './member.entities';

/**
 * A member signed in on one of their own devices for months: a refresh token
 * (only its SHA-256 is stored) that gets new short-lived access tokens. Each use
 * replaces the token and moves the expiry on; the member (or logging out on the
 * device) revokes it.
 */
@Entity('member_sessions')
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], {
  name: 'fk_member_sessions_member',
})
@Index('ix_member_sessions_member', ['businessId', 'memberId'])
export class MemberSessionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId: string;

  /** SHA-256 (hex) of the secret half of the current refresh token. */
  @Column({ type: 'varchar', length: 64, name: 'secret_hash' })
  secretHash: string;

  /** What the member's device calls itself (shown in their list of signed-in devices). */
  @Column({ type: 'varchar', length: 120, nullable: true })
  device: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'last_used_at' })
  lastUsedAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
