import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS } from './policy';

/** One message as the development mailbox kept it (what would have been sent). */
export class DevMailView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The outbox message' }) messageId: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ nullable: true, type: String, description: 'Email address or phone number' }) to:
    string | null;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() html: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Mail headers' })
  headers: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) deliveredAt: string;
}

export class TransportNamesView {
  @ApiProperty({ example: 'dev-mailbox' }) email: string;
  @ApiProperty({ example: 'dev-mailbox' }) sms: string;
}

export class DevMailboxView {
  @ApiProperty({ type: TransportNamesView, description: 'The transport each channel uses now' })
  transport: TransportNamesView;
  @ApiProperty({ type: [DevMailView], description: 'Newest first' }) items: DevMailView[];
}
