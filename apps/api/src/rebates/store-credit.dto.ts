import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Optional } from '../common/optional';

const KEY = /^[A-Za-z0-9._:\-/]{1,100}$/;
const KEY_MESSAGE = 'idempotencyKey must be 1-100 of A-Z a-z 0-9 . _ : - /';
/** 1 billion in a 2-decimal currency, like the counter's purchase amounts. */
const MAX_MONEY = 100_000_000_000;

/** The buyer at the counter: exactly one of a scanned card, a member number or a member id. */
export class StoreCreditMemberDto {
  @ApiPropertyOptional({ description: 'Text read from the member card QR code' })
  @Optional()
  @IsString()
  @Length(1, 200)
  cardPayload?: string;

  @ApiPropertyOptional({ description: 'Member number (typed at the counter)' })
  @Optional()
  @IsString()
  @Matches(/^\d{1,18}$/, { message: 'memberNumber must be digits' })
  memberNumber?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Member id (from the scan answer)' })
  @Optional()
  @IsUUID()
  memberId?: string;
}

export class SpendStoreCreditDto extends StoreCreditMemberDto {
  @ApiProperty({ description: 'Client key: a retry with the same key and body returns the original result' })
  @IsString()
  @Matches(KEY, { message: KEY_MESSAGE })
  idempotencyKey: string;

  @ApiProperty({
    minimum: 1,
    description: 'Amount paid with store credit, minor units of the business currency',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_MONEY)
  amount: number;

  @ApiPropertyOptional({ description: 'Receipt code of the purchase paid with it (8 characters)' })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-Fa-f]{8}$/, { message: 'receiptCode must be the 8 characters printed on the receipt' })
  receiptCode?: string;
}

export class RefundStoreCreditDto {
  @ApiProperty({ description: 'Client key: a retry with the same key and body returns the original result' })
  @IsString()
  @Matches(KEY, { message: KEY_MESSAGE })
  idempotencyKey: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Minor units to give back; omitted: all not yet refunded' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_MONEY)
  amount?: number;
}

export class StoreCreditQuery extends StoreCreditMemberDto {}

export class SpendIdParam {
  @ApiProperty({ description: 'The spend (ledger transaction id)' })
  @Type(() => String)
  @IsString()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'id must be a transaction number' })
  id: string;
}
