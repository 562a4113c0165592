import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BusinessEntity } from '../businesses/business.entities';

@Entity('members')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_members_business' })
@Index('uq_members_number', ['businessId', 'memberNumber'], { unique: true })
@Index('uq_members_email', ['businessId', 'email'], { unique: true, where: 'email IS NOT NULL' })
@Index('uq_members_phone', ['businessId', 'phone'], { unique: true, where: 'phone IS NOT NULL' })
@Index('ix_members_name', ['businessId', 'searchName'])
export class MemberEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', name: 'member_number' })
  memberNumber: string;

  @Column({ type: 'varchar', length: 100, name: 'first_name' })
  firstName: string;

  @Column({ type: 'varchar', length: 100, name: 'last_name', nullable: true })
  lastName: string | null;

  /** Lower-cased first and last name, for search. */
  @Column({ type: 'varchar', length: 201, name: 'search_name' })
  searchName: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** Normalised: "+" and digits only. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'date', nullable: true })
  birthday: string | null;

  @Column({ type: 'boolean', name: 'marketing_consent', default: false })
  marketingConsent: boolean;

  /** When consent was last given or withdrawn (null: never asked). */
  @Column({ type: 'timestamptz', name: 'marketing_consent_at', nullable: true })
  marketingConsentAt: Date | null;

  /** Where the consent was last given or withdrawn: join, counter, staff or member_page. */
  @Column({ type: 'varchar', length: 16, name: 'marketing_consent_source', nullable: true })
  marketingConsentSource: string | null;

  /** For member self-service login; null until the member sets a password. */
  @Column({ type: 'varchar', length: 200, name: 'password_hash', nullable: true })
  passwordHash: string | null;

  /** 'counter' (enrolled by staff) or 'join' (self sign-up). */
  @Column({ type: 'varchar', length: 16 })
  source: 'counter' | 'join';

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

@Entity('member_cards')
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], { name: 'fk_cards_member' })
@Index('ix_cards_member', ['businessId', 'memberId'])
@Index('uq_cards_active', ['businessId', 'memberId'], { unique: true, where: "status = 'active'" })
export class MemberCardEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'active' | 'revoked';

  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 200, name: 'revoked_reason', nullable: true })
  revokedReason: string | null;
}

/**
 * A one-time sign-in code sent to a member (join link, or a claim of an
 * account enrolled at the counter). Only its keyed hash is stored; it works
 * once, until expires_at, and for a few attempts.
 */
@Entity('member_sign_in_codes')
@ForeignKey(() => MemberEntity, ['businessId', 'memberId'], ['businessId', 'id'], {
  name: 'fk_sign_in_codes_member',
})
@Index('ix_sign_in_codes_member', ['businessId', 'memberId', 'createdAt'])
export class MemberSignInCodeEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId: string;

  /** HMAC-SHA256 of the code (hex), keyed with the server's secret. */
  @Column({ type: 'varchar', length: 64, name: 'code_hash' })
  codeHash: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt: Date;

  /** Wrong guesses so far; the code stops working at the limit. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Set when the code signed the member in, or when a newer code replaced it. */
  @Column({ type: 'timestamptz', name: 'used_at', nullable: true })
  usedAt: Date | null;
}
