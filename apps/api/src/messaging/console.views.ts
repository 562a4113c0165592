import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, CONSENT_SOURCES, PURPOSES } from './policy';
import { MESSAGE_TYPES, TEMPLATE_VARIABLES } from './templates';

/**
 * Typed answers of the messaging routes the console uses (OpenAPI, so the
 * generated client knows them). Shapes are those of messaging.views.ts.
 */
export class MessagingSettingsView {
  @ApiProperty({ example: 'en', description: 'BCP 47 language of the messages' }) language: string;
  @ApiProperty({ example: '21:00-08:00', description: '"HH:MM-HH:MM" in the business time zone, or "off"' })
  quietHours: string;
  @ApiProperty({ description: 'Marketing messages per member per 7 days' }) weeklyCap: number;
  @ApiProperty({
    example: 'Café Lumen <news@cafe.example>',
    description: 'The From of e-mails (server setting MAIL_FROM)',
  })
  sender: string;
}

export class TemplateView {
  @ApiProperty({ enum: MESSAGE_TYPES }) type: string;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() html: string;
  @ApiProperty({ description: 'Off: the trigger of this type sends nothing' }) enabled: boolean;
  @ApiProperty({ description: 'false while the shipped default (in the business language) applies' })
  custom: boolean;
}

export class TemplateListView {
  @ApiProperty({ type: [TemplateView] }) items: TemplateView[];
  @ApiProperty({
    enum: TEMPLATE_VARIABLES,
    isArray: true,
    description: 'Variables a template may use as {{name}}',
  })
  variables: string[];
}

export class PreviewView {
  @ApiProperty({ enum: MESSAGE_TYPES }) type: string;
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() html: string;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
}

export class ConsentStateView {
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ enum: PURPOSES }) purpose: string;
  @ApiProperty() allowed: boolean;
}

export class ConsentEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ enum: PURPOSES }) purpose: string;
  @ApiProperty() given: boolean;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: CONSENT_SOURCES }) source: string;
  @ApiProperty({ description: 'The wording the member was shown' }) wording: string;
  @ApiProperty({ nullable: true, type: String, example: 'staff:…' }) actor: string | null;
}

export class ConsentsView {
  @ApiProperty({ type: [ConsentStateView] }) current: ConsentStateView[];
  @ApiProperty({ type: [ConsentEntryView], description: 'Newest first' }) log: ConsentEntryView[];
}

export class EndpointView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedEndpointView extends EndpointView {
  @ApiProperty({ description: 'The signing secret (whsec_…), shown only in this answer' }) secret: string;
}

export class EndpointListView {
  @ApiProperty({ type: [EndpointView] }) items: EndpointView[];
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) endpointId: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ example: 'message.thank_you' }) eventType: string;
  @ApiProperty({ enum: ['queued', 'sending', 'sent', 'failed', 'dead'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt: string;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt: string | null;
}

export class DeliveryListView {
  @ApiProperty({ type: [DeliveryView], description: 'Newest first' }) items: DeliveryView[];
}

export class AttemptView {
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() durationMs: number;
}

export class DeliveryDetailView extends DeliveryView {
  @ApiProperty({ type: [AttemptView] }) log: AttemptView[];
}
