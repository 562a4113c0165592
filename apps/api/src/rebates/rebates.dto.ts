import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsObject, IsString, IsUUID, Length, Matches } from 'class-validator';
import { Optional } from '../common/optional';

/** No leading or trailing spaces. */
const TRIMMED = /^\S(?:.*\S)?$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateCompanyDto {
  @ApiProperty({ example: 'Café Aurora GmbH', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(TRIMMED, { message: 'legalName must not start or end with a space' })
  legalName: string;

  @ApiProperty({ example: 'DE123456789', description: 'Unique in the business', maxLength: 40 })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./-]{1,39}$/, {
    message: 'taxId must be 2-40 of A-Z a-z 0-9 space . / - starting with a letter or digit',
  })
  taxId: string;

  @ApiProperty({ example: 'Accounts payable', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @Matches(TRIMMED, { message: 'billingName must not start or end with a space' })
  billingName: string;

  @ApiProperty({ example: 'ap@aurora.example', maxLength: 254 })
  @IsEmail()
  @Length(3, 254)
  billingEmail: string;
}

export class UpdateCompanyDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  @Matches(TRIMMED, { message: 'legalName must not start or end with a space' })
  legalName?: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./-]{1,39}$/, {
    message: 'taxId must be 2-40 of A-Z a-z 0-9 space . / - starting with a letter or digit',
  })
  taxId?: string;

  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @IsString()
  @Length(1, 120)
  @Matches(TRIMMED, { message: 'billingName must not start or end with a space' })
  billingName?: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @Optional()
  @IsEmail()
  @Length(3, 254)
  billingEmail?: string;
}

export class AddBuyerDto {
  @ApiProperty({ format: 'uuid', description: 'A member of the business (the buyer keeps their own card)' })
  @IsUUID()
  memberId: string;
}

export class CreateAgreementDto {
  @ApiProperty({ example: 'Cafés 2027', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @Matches(TRIMMED, { message: 'name must not start or end with a space' })
  name: string;

  @ApiProperty({
    description:
      'Agreement settings as @regulars/rebates defines them: { period, basis, payout, assignment } (company ids are the companies of this business)',
    example: {
      period: { kind: 'calendar_year' },
      basis: 'net_amount',
      payout: 'credit_note',
      assignment: { kind: 'company', companyId: '00000000-0000-0000-0000-000000000000' },
    },
  })
  @IsObject()
  settings: Record<string, unknown>;

  @ApiProperty({
    description: 'The first version { effectiveFrom: "YYYY-MM-DD" (tomorrow at the earliest), terms }',
  })
  @IsObject()
  version: Record<string, unknown>;
}

export class AmendAgreementDto {
  @ApiProperty({ example: '2027-07-01', description: 'Local date, after today and after the latest version' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom: string;

  @ApiProperty({ description: 'The terms as @regulars/rebates defines them (mode, scope, brackets, ...)' })
  @IsObject()
  terms: Record<string, unknown>;
}

export class PeriodQuery {
  @ApiPropertyOptional({
    example: '2027-01-01',
    description: "The period's key (its first local day); default: the period containing now",
  })
  @Optional()
  @Matches(LOCAL_DATE, { message: 'period must be a date YYYY-MM-DD' })
  period?: string;
}

export class SettleDto {
  @ApiPropertyOptional({
    example: '2027-01-01',
    description: "The period's key; default: the period containing now",
  })
  @Optional()
  @IsString()
  @Matches(LOCAL_DATE, { message: 'period must be a date YYYY-MM-DD' })
  period?: string;
}
