import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { ProductEntity } from './product.entity';

@Injectable()
export class ProductRepository extends TenantRepository<ProductEntity> {
  constructor(@InjectRepository(ProductEntity) repo: Repository<ProductEntity>) {
    super(repo);
  }

  async delete(businessId: string, id: string): Promise<boolean> {
    const r = await this.repo.delete(this.scoped(businessId, { id }));
    return (r.affected ?? 0) > 0;
  }
}
