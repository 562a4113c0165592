import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';

/** The document's title, description and security schemes (served at /api/docs, and the source of web/src/generated). */
export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('Regulars API')
    .setDescription(
      'Loyalty and rewards: businesses, staff, members with QR cards, points ledger, rules, rewards.\n\n' +
        'Errors always have the body `{ "error": { "code", "message", "details"? }, "requestId" }`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'POS integration key rk_…' },
      'api-key',
    )
    .build();
}
