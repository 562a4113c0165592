import { Injectable } from '@nestjs/common';
import { Clock, ConflictError, NotFoundError } from '@regulars/core';
import { isUniqueViolation } from '../database/pg-errors';
import { ProductEntity } from './product.entity';
import { ProductRepository } from './products.repository';

export { ProductRepository };
import type { CreateProductDto, ProductView, UpdateProductDto } from './product.dto';

export const productView = (p: ProductEntity): ProductView => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  category: p.category,
  price: Number(p.price),
  active: p.active,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const skuTaken = (sku: string) => new ConflictError(`Another product already has the sku ${sku}`, { sku });

/** The product list of a business (owner and manager keep it; the counter reads it). */
@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductRepository,
    private readonly clock: Clock,
  ) {}

  list(businessId: string, onlyActive: boolean): Promise<ProductEntity[]> {
    return this.products.list(businessId, onlyActive ? { active: true } : {}, {
      category: 'ASC',
      name: 'ASC',
      sku: 'ASC',
    });
  }

  async get(businessId: string, id: string): Promise<ProductEntity> {
    const p = await this.products.findById(businessId, id);
    if (!p) throw new NotFoundError('Product');
    return p;
  }

  async create(businessId: string, dto: CreateProductDto): Promise<ProductEntity> {
    const now = this.clock.now();
    try {
      return await this.products.insert(businessId, {
        sku: dto.sku,
        name: dto.name,
        category: dto.category ?? null,
        price: String(dto.price),
        active: dto.active ?? true,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_products_sku')) throw skuTaken(dto.sku);
      throw e;
    }
  }

  async update(businessId: string, id: string, dto: UpdateProductDto): Promise<ProductEntity> {
    const patch: Partial<Omit<ProductEntity, 'businessId' | 'id'>> = { updatedAt: this.clock.now() };
    if (dto.sku !== undefined) patch.sku = dto.sku;
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.category !== undefined) patch.category = dto.category;
    if (dto.price !== undefined) patch.price = String(dto.price);
    if (dto.active !== undefined) patch.active = dto.active;
    try {
      const p = await this.products.update(businessId, id, patch);
      if (!p) throw new NotFoundError('Product');
      return p;
    } catch (e) {
      if (dto.sku !== undefined && isUniqueViolation(e, 'uq_products_sku')) throw skuTaken(dto.sku);
      throw e;
    }
  }

  async remove(businessId: string, id: string): Promise<void> {
    if (!(await this.products.delete(businessId, id))) throw new NotFoundError('Product');
  }
}
