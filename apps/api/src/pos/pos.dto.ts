import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../common/optional';

const KEY = /^[A-Za-z0-9._:\-/]{1,100}$/;
const MAX_MONEY = 100_000_000_000; // 1 billion in a 2-decimal currency

/** Identifies the member at the counter: a scanned card payload or the member number typed in. Exactly one. */
export class MemberRefDto {
  @ApiPropertyOptional({ description: 'Text read from the member card QR code' })
  @Optional()
  @IsString()
  @Length(1, 200)
  cardPayload?: string;

  @ApiPropertyOptional({ description: 'Member number (manual entry)' })
  @Optional()
  @IsString()
  @Matches(/^\d{1,18}$/, { message: 'memberNumber must be digits' })
  memberNumber?: string;
}

export class PurchaseLineDto {
  @ApiProperty({ description: 'Unique within the purchase; returns refer to it', maxLength: 64 })
  @IsString()
  @Length(1, 64)
  lineId: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @Optional()
  @IsString()
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'Product range / category' })
  @Optional()
  @IsString()
  @Length(1, 64)
  category?: string;

  @ApiProperty({ minimum: 1, maximum: 10000 })
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity: number;

  @ApiProperty({ minimum: 0, description: 'Minor units of the business currency' })
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  unitPrice: number;
}

export class RedeemItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  rewardId: string;
}

export class PurchaseDto {
  @ApiProperty({
    description: "The POS's own transaction id: a retry with the same id returns the original result",
    maxLength: 100,
  })
  @IsString()
  @Matches(KEY, { message: 'transactionId must be 1-100 of A-Z a-z 0-9 . _ : - /' })
  transactionId: string;

  @ApiProperty({ type: MemberRefDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MemberRefDto)
  member: MemberRefDto;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({
    description:
      'When the sale happened (ISO 8601); default now. Late purchases are evaluated under the rules of their time.',
  })
  @Optional()
  @IsISO8601({ strict: true })
  occurredAt?: string;

  @ApiProperty({ minimum: 0, description: 'Amount paid, minor units' })
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  total: number;

  @ApiPropertyOptional({ type: [PurchaseLineDto], maxItems: 500 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PurchaseLineDto)
  lines?: PurchaseLineDto[];

  @ApiPropertyOptional({
    type: [RedeemItemDto],
    maxItems: 10,
    description: 'Rewards redeemed with this purchase (atomic with it)',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RedeemItemDto)
  redeem?: RedeemItemDto[];
}

export class RedemptionDto {
  @ApiProperty({
    description: 'Client key: a retry with the same key returns the original result',
    maxLength: 100,
  })
  @IsString()
  @Matches(KEY, { message: 'idempotencyKey must be 1-100 of A-Z a-z 0-9 . _ : - /' })
  idempotencyKey: string;

  @ApiProperty({ type: MemberRefDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MemberRefDto)
  member: MemberRefDto;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  rewardId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The purchase it is redeemed on, if any' })
  @Optional()
  @IsUUID()
  purchaseId?: string;

  @ApiPropertyOptional({
    minimum: 0,
    description: 'Purchase total to compute a percentage discount on (minor units)',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_MONEY)
  purchaseTotal?: number;
}

export class ReturnLineDto {
  @ApiProperty({ maxLength: 64 })
  @IsString()
  @Length(1, 64)
  lineId: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity: number;
}

export class ReturnDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Matches(KEY, { message: 'idempotencyKey must be 1-100 of A-Z a-z 0-9 . _ : - /' })
  idempotencyKey: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  purchaseId: string;

  @ApiPropertyOptional({
    type: [ReturnLineDto],
    description: 'Lines and quantities returned; omit for a full return',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ReturnLineDto)
  lines?: ReturnLineDto[];
}

export class ScanRequestDto extends MemberRefDto {
  @ApiPropertyOptional({ description: 'Alias of cardPayload (the scanned QR text)' })
  @Optional()
  @IsString()
  @Length(1, 200)
  payload?: string;
}

export class HistoryQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Matches(/^\d{1,19}$/)
  cursor?: string;
}

export class RecentPurchasesQuery {
  @ApiProperty({ format: 'uuid', description: 'The member whose purchases to list' })
  @IsUUID()
  memberId: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class ListedLineView {
  @ApiProperty() lineId: string;
  @ApiProperty({ type: String, nullable: true }) sku: string | null;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'Minor units' }) unitPrice: number;
  @ApiProperty({ description: 'Units already returned' }) returnedQuantity: number;
}

export class ListedMemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() memberNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
}

export class ListedEarnedView {
  @ApiProperty({ enum: ['points', 'stamps'] }) kind: string;
  @ApiProperty() amount: number;
  @ApiProperty() reason: string;
}

/** A purchase as the counter lists it (to pick a return from). */
export class PurchaseListItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Printed on the receipt: 8 characters 0-9 A-F', example: '3FA90C21' })
  receiptCode: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ description: 'Amount paid, minor units' }) total: number;
  @ApiProperty({ type: ListedMemberView }) member: ListedMemberView;
  @ApiProperty({ type: [ListedLineView] }) lines: ListedLineView[];
  @ApiProperty({ type: [ListedEarnedView] }) earned: ListedEarnedView[];
  @ApiProperty({ description: 'Nothing is left to return' }) fullyReturned: boolean;
}

export class PurchaseListView {
  @ApiProperty({ type: [PurchaseListItemView] }) items: PurchaseListItemView[];
}
