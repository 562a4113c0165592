import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Optional } from '../common/optional';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';

export class StaffLoginDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password: string;

  @ApiPropertyOptional({
    description: 'Business slug; needed only when the email works for several businesses',
  })
  @Optional()
  @IsString()
  @Matches(/^[a-z0-9-]{3,60}$/)
  business?: string;
}

export class MemberLoginDto {
  @ApiProperty({ description: 'Business slug (from the join link)' })
  @IsString()
  @Matches(/^[a-z0-9-]{3,60}$/)
  business: string;

  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  password: string;
}
