import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Tenant root. Every other tenant table carries business_id as the first
 * column of its primary key and of every foreign key (Citus distribution column).
 */
@Entity('businesses')
export class BusinessEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Public handle used in the join link /join/<slug>. */
  @Index('uq_businesses_slug', { unique: true })
  @Column({ type: 'varchar', length: 60 })
  slug: string;

  /** ISO 4217 code; money is stored in minor units of this currency. */
  @Column({ type: 'char', length: 3 })
  currency: string;

  /** IANA time zone: "day", "week" and "year" of the business are computed in it. */
  @Column({ type: 'varchar', length: 64, name: 'time_zone' })
  timeZone: string;

  /** Next member number to hand out (allocated with UPDATE ... RETURNING). */
  @Column({ type: 'bigint', name: 'next_member_number', default: 100001 })
  nextMemberNumber: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  /** The counter asks for confirmation above this amount (minor units); null = the currency default. */
  @Column({ type: 'bigint', name: 'purchase_confirm_above', nullable: true })
  purchaseConfirmAbove: string | null;

  /** Purchases above this amount (minor units) are refused; null = the currency default. */
  @Column({ type: 'bigint', name: 'purchase_limit', nullable: true })
  purchaseLimit: string | null;
}

@Entity('locations')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_locations_business' })
export class LocationEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

import { STAFF_ROLES, type StaffRole } from '../auth/principal';
export { STAFF_ROLES, type StaffRole };

@Entity('staff_users')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_staff_business' })
@ForeignKey(() => LocationEntity, ['businessId', 'locationId'], ['businessId', 'id'], {
  name: 'fk_staff_location',
})
@Index('uq_staff_email', ['businessId', 'email'], { unique: true })
@Index('ix_staff_email', ['email'])
export class StaffUserEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: StaffRole;

  @Column({ type: 'uuid', name: 'location_id', nullable: true })
  locationId: string | null;

  @Column({ type: 'varchar', length: 200, name: 'password_hash' })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

@Entity('api_keys')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_api_keys_business' })
@Index('uq_api_keys_key_id', ['keyId'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Public half of the key (shown in listings, used for lookup). */
  @Column({ type: 'varchar', length: 32, name: 'key_id' })
  keyId: string;

  /** SHA-256 of the secret half (keys are 256-bit random, so a fast hash suffices). */
  @Column({ type: 'varchar', length: 64, name: 'secret_hash' })
  secretHash: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;
}
