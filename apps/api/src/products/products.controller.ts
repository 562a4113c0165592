import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, COUNTER, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import {
  CreateProductDto,
  ProductListQuery,
  ProductListView,
  ProductView,
  UpdateProductDto,
} from './product.dto';
import { productView, ProductsService } from './products.service';

@ApiTags('products')
@Controller('api/products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'The product list (the counter shows the active ones as its items)' })
  @ApiOkResponse({ type: ProductListView })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ProductListQuery): Promise<ProductListView> {
    return { items: (await this.products.list(p.businessId, q.active === 'true')).map(productView) };
  }

  @Get(':id')
  @Auth(...COUNTER)
  @ApiOperation({ summary: 'One product' })
  @ApiOkResponse({ type: ProductView })
  async get(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<ProductView> {
    return productView(await this.products.get(p.businessId, id));
  }

  @Post()
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Add a product (sku unique in the business)' })
  @ApiCreatedResponse({ type: ProductView })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateProductDto): Promise<ProductView> {
    return productView(await this.products.create(p.businessId, dto));
  }

  @Patch(':id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Change a product (price, name, category, sku, on sale or not)' })
  @ApiOkResponse({ type: ProductView })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: UpdateProductDto,
  ): Promise<ProductView> {
    return productView(await this.products.update(p.businessId, id, dto));
  }

  @Delete(':id')
  @Auth(...MANAGERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a product (purchases keep their own sku and category)' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<void> {
    await this.products.remove(p.businessId, id);
  }
}
