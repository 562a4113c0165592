import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../common/optional';

const KEY = /^[A-Za-z0-9._:\-/]{1,100}$/;

export class ConfigureClubDto {
  @ApiPropertyOptional({
    description: 'Stable id of the club (default "club"); fixed once it has members',
    maxLength: 64,
  })
  @Optional()
  @IsString()
  @Length(1, 64)
  id?: string;

  @ApiProperty({ maxLength: 80, example: 'The Inner Circle' })
  @IsString()
  @Length(1, 80)
  name: string;

  @ApiProperty({
    description:
      'How members get in: {"kind":"open"}, {"kind":"paid","fee":2500,"termMonths":12} (fee in minor units) or {"kind":"invitation","inviteValidDays":30}',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  access: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'The benefit model of tiers: multiplierBp (10000 = x1), rewardIds (rewards only club members may redeem), reachBonusPoints (on joining, once per term), birthdayBonusPoints',
    type: 'object',
    additionalProperties: true,
  })
  @Optional()
  @IsObject()
  benefits?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Open clubs: the wording members agree to when they join (shown to them, recorded with the consent)',
    maxLength: 500,
  })
  @Optional()
  @IsString()
  @MaxLength(500)
  consentWording?: string;

  @ApiPropertyOptional({
    description:
      'Paid clubs: the sku of the membership product sold at the counter (default CLUB-MEMBERSHIP)',
    maxLength: 64,
  })
  @Optional()
  @IsString()
  @Length(1, 64)
  membershipSku?: string;
}

export class ClubOptInDto {
  @ApiProperty({
    description: 'The consent wording shown to the member (must be the club’s current wording)',
    maxLength: 500,
  })
  @IsString()
  @Length(1, 500)
  consentWording: string;
}

export class StaffClubOptInDto extends ClubOptInDto {
  @ApiProperty({ enum: ['counter', 'console'], description: 'Where the member gave their consent' })
  @IsIn(['counter', 'console'])
  source: 'counter' | 'console';
}

export class ClubInvitationAnswerDto {
  @ApiProperty({ description: 'The invitation code', example: 'K7M2Q9XAPB' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{6,64}$/, { message: 'code must be 6-64 letters and digits' })
  code: string;
}

export class ClubPaymentDto {
  @ApiProperty({
    description: "The till's transaction id: a retry with the same id is the same payment",
    maxLength: 100,
  })
  @IsString()
  @Matches(KEY, { message: 'transactionId must be 1-100 of A-Z a-z 0-9 . _ : - /' })
  transactionId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  locationId?: string;
}
