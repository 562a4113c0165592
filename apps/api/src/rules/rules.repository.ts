import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThanOrEqual, Repository } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { LoyaltyProgramEntity, RewardEntity, RuleSetVersionEntity } from './rules.entities';

@Injectable()
export class RuleSetRepository {
  constructor(
    @InjectRepository(RuleSetVersionEntity) private readonly repo: Repository<RuleSetVersionEntity>,
  ) {}

  /** The version in force at `at`: latest effective_from at or before it. */
  inForceAt(businessId: string, at: Date, manager?: EntityManager): Promise<RuleSetVersionEntity | null> {
    const r = manager ? manager.getRepository(RuleSetVersionEntity) : this.repo;
    return r.findOne({
      where: { businessId, effectiveFrom: LessThanOrEqual(at) },
      order: { effectiveFrom: 'DESC', version: 'DESC' },
    });
  }

  /** Every version, newest effective first (the order rulesAt picks by). */
  all(businessId: string): Promise<RuleSetVersionEntity[]> {
    return this.repo.find({ where: { businessId }, order: { effectiveFrom: 'DESC', version: 'DESC' } });
  }

  list(businessId: string): Promise<RuleSetVersionEntity[]> {
    return this.repo.find({ where: { businessId }, order: { version: 'DESC' }, take: 100 });
  }

  latest(businessId: string, manager: EntityManager): Promise<RuleSetVersionEntity | null> {
    return manager
      .getRepository(RuleSetVersionEntity)
      .findOne({ where: { businessId }, order: { version: 'DESC' } });
  }
}

@Injectable()
export class ProgramRepository {
  constructor(
    @InjectRepository(LoyaltyProgramEntity) private readonly repo: Repository<LoyaltyProgramEntity>,
  ) {}

  find(businessId: string, manager?: EntityManager): Promise<LoyaltyProgramEntity | null> {
    return (manager ? manager.getRepository(LoyaltyProgramEntity) : this.repo).findOneBy({ businessId });
  }

  async upsert(
    businessId: string,
    values: Omit<LoyaltyProgramEntity, 'businessId'>,
  ): Promise<LoyaltyProgramEntity> {
    await this.repo.upsert({ businessId, ...values }, ['businessId']);
    return (await this.find(businessId))!;
  }
}

@Injectable()
export class RewardRepository extends TenantRepository<RewardEntity> {
  constructor(@InjectRepository(RewardEntity) repo: Repository<RewardEntity>) {
    super(repo);
  }
}
