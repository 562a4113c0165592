import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { Db, type Tx } from '../database/db';
import { TenantRepository } from '../database/tenant-repository';
import { LoyaltyProgramEntity, RewardEntity, RuleSetVersionEntity } from './rules.entities';

@Injectable()
export class RuleSetRepository {
  constructor(
    @InjectRepository(RuleSetVersionEntity) private readonly repo: Repository<RuleSetVersionEntity>,
  ) {}

  /** The version in force at `at`: latest effective_from at or before it. */
  inForceAt(businessId: string, at: Date, tx?: Tx): Promise<RuleSetVersionEntity | null> {
    const r = tx ? tx.manager.getRepository(RuleSetVersionEntity) : this.repo;
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

  latest(businessId: string, tx: Tx): Promise<RuleSetVersionEntity | null> {
    return tx.manager
      .getRepository(RuleSetVersionEntity)
      .findOne({ where: { businessId }, order: { version: 'DESC' } });
  }

  /** Saves the next version; run in the transaction that locked the business (gap-free numbers). */
  insert(
    businessId: string,
    values: Omit<RuleSetVersionEntity, 'businessId' | 'id'>,
    tx: Tx,
  ): Promise<RuleSetVersionEntity> {
    const repo = tx.manager.getRepository(RuleSetVersionEntity);
    return repo.save(repo.create({ ...values, businessId }));
  }
}

@Injectable()
export class ProgramRepository {
  constructor(
    @InjectRepository(LoyaltyProgramEntity) private readonly repo: Repository<LoyaltyProgramEntity>,
  ) {}

  find(businessId: string, tx?: Tx): Promise<LoyaltyProgramEntity | null> {
    return (tx ? tx.manager.getRepository(LoyaltyProgramEntity) : this.repo).findOneBy({ businessId });
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

/** A purchase as the rule preview replays it (amounts as decimal strings, read exactly). */
export interface PreviewPurchaseRow {
  id: string;
  member_id: string;
  occurred_at: Date;
  total: string;
  lines: {
    lineId: string;
    sku: string | null;
    category: string | null;
    quantity: number;
    unitPrice: string;
  }[];
}

/**
 * The rules pages' reads of other modules' tables (purchases, members, staff): read models,
 * always scoped to one business.
 */
@Injectable()
export class RulesReadRepository {
  constructor(private readonly db: Db) {}

  /** Names of the given staff users of this business. */
  async staffNames(businessId: string, ids: string[]): Promise<{ id: string; name: string }[]> {
    const r = await this.db.pool.query<{ id: string; name: string }>(
      `SELECT id, name FROM staff_users WHERE business_id = $1 AND id = ANY($2::uuid[])`,
      [businessId, ids],
    );
    return r.rows;
  }

  /** The business's purchases in [from, to] with their lines, oldest first (at most 200,000). */
  async purchasesBetween(businessId: string, from: Date, to: Date): Promise<PreviewPurchaseRow[]> {
    const r = await this.db.pool.query<PreviewPurchaseRow>(
      `SELECT p.id, p.member_id, p.occurred_at, p.total::text AS total,
              coalesce(json_agg(json_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category,
                        'quantity', l.quantity, 'unitPrice', l.unit_price::text)) FILTER (WHERE l.line_id IS NOT NULL), '[]') AS lines
         FROM purchases p LEFT JOIN purchase_lines l ON l.business_id = p.business_id AND l.purchase_id = p.id
        WHERE p.business_id = $1 AND p.occurred_at >= $2 AND p.occurred_at <= $3
        GROUP BY p.business_id, p.id ORDER BY p.occurred_at LIMIT 200000`,
      [businessId, from, to],
    );
    return r.rows;
  }

  /** Names and numbers of the given members of this business. */
  async memberNames(
    businessId: string,
    ids: string[],
  ): Promise<{ id: string; first_name: string; last_name: string | null; member_number: string }[]> {
    const r = await this.db.pool.query<{
      id: string;
      first_name: string;
      last_name: string | null;
      member_number: string;
    }>(
      `SELECT id, first_name, last_name, member_number::text AS member_number
         FROM members WHERE business_id = $1 AND id = ANY($2::uuid[])`,
      [businessId, ids],
    );
    return r.rows;
  }
}
