import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../common/optional';
import { CHANNELS, CONSENT_SOURCES, PURPOSES } from './policy';
import type { Channel, ConsentSource, Purpose } from './policy';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class LimitQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Optional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ListMessagesQuery extends LimitQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ enum: ['queued', 'sending', 'sent', 'failed', 'dead', 'suppressed'] })
  @Optional()
  @IsIn(['queued', 'sending', 'sent', 'failed', 'dead', 'suppressed'])
  status?: 'queued' | 'sending' | 'sent' | 'failed' | 'dead' | 'suppressed';
}

export class ListDeliveriesQuery extends LimitQuery {
  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  endpointId?: string;

  @ApiPropertyOptional({ enum: ['queued', 'sending', 'sent', 'failed', 'dead'] })
  @Optional()
  @IsIn(['queued', 'sending', 'sent', 'failed', 'dead'])
  status?: 'queued' | 'sending' | 'sent' | 'failed' | 'dead';
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ example: 'de', description: 'BCP 47 language of the messages and their formatting' })
  @Optional()
  @IsString()
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, {
    message: 'language must be a language tag such as en or de-AT',
  })
  @MaxLength(35)
  language?: string;

  @ApiPropertyOptional({
    example: '21:00-08:00',
    description: '"HH:MM-HH:MM" in the business time zone, or "off"',
  })
  @Optional()
  @IsString()
  @Matches(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, {
    message: 'quietHours must be "HH:MM-HH:MM" or "off"',
  })
  quietHours?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Marketing messages per member per 7 days' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100)
  weeklyCap?: number;
}

export class UpdateTemplateDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  subject?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional()
  @IsString()
  @Length(1, 5000)
  text?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @IsString()
  @Length(1, 20000)
  html?: string;

  @ApiPropertyOptional({ description: 'Off: messages of this type are not sent' })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class VariablesDto {
  @ApiPropertyOptional()
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  points?: number;

  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @IsString()
  @MaxLength(120)
  reward?: string;

  @ApiPropertyOptional({ example: '2026-04-30' })
  @Optional()
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'expiryDate must be YYYY-MM-DD' })
  expiryDate?: string;

  @ApiPropertyOptional({ maxLength: 60 })
  @Optional()
  @IsString()
  @MaxLength(60)
  tier?: string;

  @ApiPropertyOptional({ description: 'Money in minor units' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  amount?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
  @MaxLength(500)
  link?: string;
}

export class PreviewDto {
  @ApiProperty({ description: 'The member whose data fills the template' })
  @IsUUID()
  memberId: string;

  @ApiPropertyOptional({ type: VariablesDto, description: 'Sample values (points default to the balance)' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => VariablesDto)
  variables?: VariablesDto;

  @ApiPropertyOptional({ description: 'Show as a marketing message (with the unsubscribe footer)' })
  @Optional()
  @IsBoolean()
  marketing?: boolean;
}

export class RecordConsentDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose: Purpose;

  @ApiProperty()
  @IsBoolean()
  given: boolean;

  @ApiProperty({ enum: CONSENT_SOURCES.filter((s) => s !== 'unsubscribe') })
  @IsIn(CONSENT_SOURCES.filter((s) => s !== 'unsubscribe'))
  source: ConsentSource;

  @ApiProperty({ maxLength: 2000, description: 'The wording the member was shown' })
  @IsString()
  @Length(1, 2000)
  wording: string;
}

export class CreateEndpointDto {
  @ApiProperty({ example: 'https://crm.shop.example/hooks/regulars', maxLength: 2000 })
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @Length(1, 200)
  description?: string;
}

export class RecordOwnConsentDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose: Purpose;

  @ApiProperty()
  @IsBoolean()
  given: boolean;

  @ApiProperty({ maxLength: 2000, description: 'The wording the member was shown' })
  @IsString()
  @Length(1, 2000)
  wording: string;
}
