import { Column, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BusinessEntity } from '../businesses/business.entities';
import type { RuleSet, RewardBenefit, RewardCost } from '@regulars/rules';
import type { ReversalPolicy } from '@regulars/ledger';

/** Program-wide settings of a business's loyalty program (one row per business). */
@Entity('loyalty_programs')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_programs_business' })
export class LoyaltyProgramEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  /** What a return does to points of the purchase that were already spent: see docs/RULES.md. */
  @Column({ type: 'varchar', length: 16, name: 'reversal_policy', default: 'clamp' })
  reversalPolicy: ReversalPolicy;

  /** When a purchase is returned, give back the rewards redeemed on it. */
  @Column({ type: 'boolean', name: 'restore_rewards_on_return', default: true })
  restoreRewardsOnReturn: boolean;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/**
 * Versioned reward rules. A purchase is evaluated under the version whose
 * effective_from is the latest at or before the purchase time, also when the
 * purchase arrives late.
 */
@Entity('rule_set_versions')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_rule_versions_business' })
export class RuleSetVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'timestamptz', name: 'effective_from' })
  effectiveFrom: Date;

  @Column({ type: 'jsonb' })
  rules: RuleSet;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;
}

@Entity('rewards')
@ForeignKey(() => BusinessEntity, ['businessId'], ['id'], { name: 'fk_rewards_business' })
export class RewardEntity {
  @PrimaryColumn({ type: 'uuid', name: 'business_id' })
  businessId: string;

  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'jsonb' })
  cost: RewardCost;

  @Column({ type: 'jsonb' })
  benefit: RewardBenefit;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
