import { ApiProperty } from '@nestjs/swagger';

/** A company's store credit as the counter sees it for one of its buyers. */
export class StoreCreditBalanceView {
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: the member buys for no company',
  })
  companyId: string | null;
  @ApiProperty({ type: String, nullable: true }) companyName: string | null;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'Spendable store credit, minor units' }) balance: number;
}

export class StoreCreditMovementView {
  @ApiProperty({ description: 'Ledger transaction id (refund a spend with it)' }) id: string;
  @ApiProperty({ enum: ['spend', 'refund'] }) kind: 'spend' | 'refund';
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ description: 'Minor units moved' }) amount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: "The company's store credit after it, minor units" }) balance: number;
  @ApiProperty({ type: String, nullable: true }) receiptCode: string | null;
  @ApiProperty({ description: 'true: the answer of an earlier request with the same key' }) replayed: boolean;
  @ApiProperty({ format: 'date-time' }) at: string;
}
