import type { DeepPartial, FindOptionsOrder, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import type { Tx } from './db';

/**
 * Base for tenant-scoped repositories: every method takes the business id
 * first and merges it into the query, so a query without it does not compile.
 * Entities have a composite primary key (business_id, id). Methods that may run inside a
 * transaction take `tx?: Tx` last and then use the transaction's connection (`tx.manager`).
 */
export abstract class TenantRepository<T extends ObjectLiteral & { businessId: string; id: string }> {
  protected constructor(protected readonly repo: Repository<T>) {}

  protected scoped(
    businessId: string,
    where: Omit<FindOptionsWhere<T>, 'businessId'> = {} as Omit<FindOptionsWhere<T>, 'businessId'>,
  ): FindOptionsWhere<T> {
    return { ...where, businessId } as FindOptionsWhere<T>;
  }

  protected r(tx?: Tx): Repository<T> {
    return tx ? tx.manager.getRepository<T>(this.repo.target) : this.repo;
  }

  findById(businessId: string, id: string, tx?: Tx): Promise<T | null> {
    return this.r(tx).findOneBy(this.scoped(businessId, { id } as unknown as FindOptionsWhere<T>));
  }

  findOneWhere(
    businessId: string,
    where: Omit<FindOptionsWhere<T>, 'businessId'>,
    tx?: Tx,
  ): Promise<T | null> {
    return this.r(tx).findOneBy(this.scoped(businessId, where));
  }

  list(
    businessId: string,
    where: Omit<FindOptionsWhere<T>, 'businessId'> = {} as Omit<FindOptionsWhere<T>, 'businessId'>,
    order?: FindOptionsOrder<T>,
    take = 500,
  ): Promise<T[]> {
    return this.repo.find({ where: this.scoped(businessId, where), order, take });
  }

  async insert(businessId: string, values: Omit<DeepPartial<T>, 'businessId'>, tx?: Tx): Promise<T> {
    const repo = this.r(tx);
    const entity = repo.create({ ...values, businessId } as DeepPartial<T>);
    return repo.save(entity);
  }

  /** Updates one row of this business; returns the updated row, or null when there is none. */
  async update(
    businessId: string,
    id: string,
    patch: Partial<Omit<T, 'businessId' | 'id'>>,
    tx?: Tx,
  ): Promise<T | null> {
    const repo = this.r(tx);
    const where = this.scoped(businessId, { id } as unknown as FindOptionsWhere<T>);
    if (Object.values(patch).some((v) => v !== undefined)) await repo.update(where, patch as never);
    return repo.findOneBy(where);
  }
}
