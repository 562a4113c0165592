import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type DeepPartial, IsNull, Repository } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import type { Tx } from '../database/db';
import { TtlCache } from '../common/ttl-cache';
import { ApiKeyEntity, BusinessEntity, LocationEntity, StaffUserEntity } from './business.entities';

@Injectable()
export class BusinessRepository {
  constructor(@InjectRepository(BusinessEntity) private readonly repo: Repository<BusinessEntity>) {}

  /** Read on every purchase (time zone, currency): cached briefly, invalidated by update(). */
  private readonly cache = new TtlCache<BusinessEntity>(30_000);

  /** The tenant root is looked up by its own id: that id *is* the scope. */
  findById(businessId: string): Promise<BusinessEntity | null> {
    return this.cache.getOrLoad(businessId, () => this.repo.findOneBy({ id: businessId }));
  }

  /** @crossTenant Join pages and member sign-in find the business by its public slug. */
  findBySlug(slug: string): Promise<BusinessEntity | null> {
    return this.repo.findOneBy({ slug });
  }

  async update(
    businessId: string,
    patch: Partial<Pick<BusinessEntity, 'name' | 'timeZone' | 'purchaseConfirmAbove' | 'purchaseLimit'>>,
  ): Promise<BusinessEntity | null> {
    if (Object.values(patch).some((v) => v !== undefined)) await this.repo.update({ id: businessId }, patch);
    this.cache.delete(businessId);
    return this.findById(businessId);
  }

  /** @crossTenant How many businesses the database holds (the demo seeds an empty one). */
  countAll(): Promise<number> {
    return this.repo.count();
  }

  /** @crossTenant Sign-up creates the tenant root; its id does not exist before. */
  create(values: Omit<DeepPartial<BusinessEntity>, 'id'>, tx: Tx): Promise<BusinessEntity> {
    const repo = tx.manager.getRepository(BusinessEntity);
    return repo.save(repo.create(values));
  }

  /** Hands out the next member number of this business (row-locked, gap-free under concurrency). */
  async nextMemberNumber(businessId: string, tx: Tx): Promise<string> {
    const r = await tx.client.query<{ n: string }>(
      `UPDATE businesses SET next_member_number = next_member_number + 1 WHERE id = $1 RETURNING next_member_number - 1 AS n`,
      [businessId],
    );
    return r.rows[0].n;
  }

  /**
   * Locks the business row until the end of `tx`: serialises per-business changes that must
   * see each other (owner changes, rule versions).
   */
  async lockForUpdate(businessId: string, tx: Tx): Promise<void> {
    await tx.client.query(`SELECT 1 FROM businesses WHERE id = $1 FOR UPDATE`, [businessId]);
  }
}

@Injectable()
export class LocationRepository extends TenantRepository<LocationEntity> {
  constructor(@InjectRepository(LocationEntity) repo: Repository<LocationEntity>) {
    super(repo);
  }
}

@Injectable()
export class StaffRepository extends TenantRepository<StaffUserEntity> {
  constructor(@InjectRepository(StaffUserEntity) repo: Repository<StaffUserEntity>) {
    super(repo);
  }

  /**
   * @crossTenant Login by email, before the business is known.
   * Returns the active accounts with that email in every business.
   */
  findActiveByEmailForLogin(email: string): Promise<StaffUserEntity[]> {
    return this.repo.find({ where: { email, active: true }, take: 20 });
  }

  countActiveOwners(businessId: string, tx?: Tx): Promise<number> {
    return this.r(tx).countBy(this.scoped(businessId, { role: 'owner', active: true }));
  }
}

@Injectable()
export class ApiKeyRepository extends TenantRepository<ApiKeyEntity> {
  constructor(@InjectRepository(ApiKeyEntity) repo: Repository<ApiKeyEntity>) {
    super(repo);
  }

  /** Every POS request authenticates: active keys are cached for 5 s; revoking through this instance evicts at once. */
  private readonly active = new TtlCache<ApiKeyEntity>(5_000);

  /** @crossTenant Authentication by the key's public id, before the business is known. */
  findActiveByKeyId(keyId: string): Promise<ApiKeyEntity | null> {
    return this.active.getOrLoad(keyId, () => this.repo.findOneBy({ keyId, revokedAt: IsNull() }));
  }

  async touch(businessId: string, id: string, at: Date): Promise<void> {
    await this.repo.update(this.scoped(businessId, { id }), { lastUsedAt: at });
  }

  override async update(
    businessId: string,
    id: string,
    patch: Partial<Omit<ApiKeyEntity, 'businessId' | 'id'>>,
    tx?: Tx,
  ): Promise<ApiKeyEntity | null> {
    const updated = await super.update(businessId, id, patch, tx);
    if (updated) this.active.delete(updated.keyId);
    return updated;
  }
}
