import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Optional } from '../common/optional';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { STAFF_ROLES, type StaffRole } from './business.entities';

/** The largest amount limit a business can set (minor units), as the purchase API's own maximum. */
export const MAX_PURCHASE_AMOUNT = 100_000_000_000;

export class SignupDto {
  @ApiProperty({ example: 'Café Central', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({
    example: 'cafe-central',
    description: 'Join-link handle; generated from the name when absent',
  })
  @Optional()
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]$/, {
    message: 'slug must be 3-60 of a-z, 0-9 and inner dashes',
  })
  slug?: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217' })
  @IsISO4217CurrencyCode()
  currency: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone' })
  @IsTimeZone()
  timeZone: string;

  @ApiProperty({ example: 'owner@cafe.example' })
  @IsEmail()
  @MaxLength(254)
  ownerEmail: string;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200)
  ownerPassword: string;

  @ApiProperty({ example: 'Maria Rossi' })
  @IsString()
  @Length(1, 120)
  ownerName: string;
}

export class UpdateBusinessDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @Optional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PURCHASE_AMOUNT,
    nullable: true,
    description:
      'The counter asks for confirmation of a purchase above this amount (minor units); null = the currency default',
  })
  @ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_PURCHASE_AMOUNT)
  purchaseConfirmAbove?: number | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PURCHASE_AMOUNT,
    nullable: true,
    description:
      'Purchases above this amount (minor units) are refused with AMOUNT_OVER_LIMIT; null = the currency default',
  })
  @ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_PURCHASE_AMOUNT)
  purchaseLimit?: number | null;
}

export class CreateLocationDto {
  @ApiProperty({ maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @IsString()
  @MaxLength(300)
  address?: string;
}

export class UpdateLocationDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @Optional()
  @IsString()
  @MaxLength(300)
  address?: string;
}

export class CreateStaffDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role: StaffRole;

  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @Length(10, 200)
  password: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  locationId?: string;
}

export class UpdateStaffDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @Optional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: 10, maxLength: 200 })
  @Optional()
  @IsString()
  @Length(10, 200)
  password?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional()
  @IsUUID()
  locationId?: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Counter POS 1', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name: string;
}
