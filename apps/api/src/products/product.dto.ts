import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Optional } from '../common/optional';

/** No leading or trailing spaces: " coffee" and "coffee" must not be two categories. */
const TRIMMED = /^\S(?:.*\S)?$/;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;
const MAX_PRICE = 100_000_000_000;

export class CreateProductDto {
  @ApiProperty({
    example: 'FLAT-WHITE',
    description: 'Unique in the business: A-Z a-z 0-9 . _ - /',
    maxLength: 64,
  })
  @IsString()
  @Matches(SKU, { message: 'sku must be 1-64 of A-Z a-z 0-9 . _ - / starting with a letter or digit' })
  sku: string;

  @ApiProperty({ example: 'Flat white', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @Matches(TRIMMED, { message: 'name must not start or end with a space' })
  name: string;

  @ApiPropertyOptional({
    type: String,
    example: 'coffee',
    maxLength: 64,
    nullable: true,
    description: 'Category the rules match (exact, case-sensitive); null = none',
  })
  @ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)
  @IsString()
  @Length(1, 64)
  @Matches(TRIMMED, { message: 'category must not start or end with a space' })
  category?: string | null;

  @ApiProperty({ example: 380, minimum: 0, description: 'Minor units of the business currency' })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price: number;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateProductDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @Optional()
  @IsString()
  @Matches(SKU, { message: 'sku must be 1-64 of A-Z a-z 0-9 . _ - / starting with a letter or digit' })
  sku?: string;

  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @IsString()
  @Length(1, 120)
  @Matches(TRIMMED, { message: 'name must not start or end with a space' })
  name?: string;

  @ApiPropertyOptional({ type: String, maxLength: 64, nullable: true })
  @ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)
  @IsString()
  @Length(1, 64)
  @Matches(TRIMMED, { message: 'category must not start or end with a space' })
  category?: string | null;

  @ApiPropertyOptional({ minimum: 0 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class ProductListQuery {
  @ApiPropertyOptional({ description: 'true: only the products on sale (the counter asks for these)' })
  @Optional()
  @Matches(/^(true|false)$/)
  active?: 'true' | 'false';
}

/** A product as the API answers it. */
export class ProductView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ description: 'Minor units' }) price: number;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ProductListView {
  @ApiProperty({ type: [ProductView] }) items: ProductView[];
}
