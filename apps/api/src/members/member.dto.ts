import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Optional } from '../common/optional';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

const PHONE = /^\+?[0-9 ()./-]{6,24}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class MemberOptionalFields {
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({ example: '+49 151 2345678' })
  @Optional()
  @IsString()
  @Matches(PHONE, {
    message: 'phone must be 6-15 digits, optionally with +, spaces, dashes, dots or brackets',
  })
  phone?: string;

  @ApiPropertyOptional({ example: '1990-04-17', description: 'YYYY-MM-DD' })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'birthday must be a date YYYY-MM-DD' })
  birthday?: string;

  @ApiPropertyOptional({ description: 'Consent to marketing messages; its time is recorded' })
  @Optional()
  @IsBoolean()
  marketingConsent?: boolean;
}

export class MemberProfileFields extends MemberOptionalFields {
  @ApiPropertyOptional({ example: 'ana@example.com' })
  @Optional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class EnrolMemberDto extends MemberProfileFields {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  firstName: string;
}

export class JoinDto extends MemberOptionalFields {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Length(1, 100)
  firstName: string;

  @ApiProperty({ example: 'ana@example.com', description: 'The sign-in code is sent here' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 200,
    description: 'Optional password for later logins (a new member only; ignored for an existing one)',
  })
  @Optional()
  @IsString()
  @Length(8, 200)
  password?: string;
}

/** The one answer of the join link, the same whether or not the person is already a member. */
export class CodeSentView {
  @ApiProperty({ example: 'code_sent' })
  status: 'code_sent';

  @ApiProperty()
  message: string;

  @ApiProperty({ description: 'How long the code works' })
  expiresInSeconds: number;
}

export class RequestSignInCodeDto {
  @ApiProperty({ description: 'Business slug (from the join link)' })
  @IsString()
  @Matches(/^[a-z0-9-]{3,60}$/)
  business: string;

  @ApiProperty({ example: 'ana@example.com' })
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class SignInWithCodeDto extends RequestSignInCodeDto {
  @ApiProperty({ example: '042917', description: 'The 6-digit code that was sent' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class UpdateMemberDto extends MemberProfileFields {
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  firstName?: string;
}

export class UpdateSelfDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @Length(1, 100)
  lastName?: string;

  @ApiPropertyOptional({
    example: '1990-04-17',
    description: 'YYYY-MM-DD; only while none is on record (the shop corrects a recorded one)',
  })
  @Optional()
  @IsString()
  @Matches(DATE, { message: 'birthday must be a date YYYY-MM-DD' })
  birthday?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  marketingConsent?: boolean;

  @ApiPropertyOptional({ minLength: 8, maxLength: 200 })
  @Optional()
  @IsString()
  @Length(8, 200)
  password?: string;
}

export class SearchMembersQuery {
  @ApiPropertyOptional({ description: 'Name, email, phone or member number', maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @Optional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Cursor: the nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Matches(/^\d{1,18}$/)
  cursor?: string;
}

export class RevokeCardDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'lost phone' })
  @Optional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
