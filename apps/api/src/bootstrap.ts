import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import helmet from '@fastify/helmet';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '@regulars/core';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { ErrorFilter } from './common/error.filter';
import { createValidationPipe } from './common/validation';
import { openApiConfig } from './openapi/openapi';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Tests pin time with a FixedClock. */
  clock?: Clock;
}

/**
 * Builds the HTTP application exactly as production runs it; tests call this
 * too, so they get the same pipes, filter, headers and docs.
 */
export async function createApp(opts: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 256 * 1024,
    // Whose X-Forwarded-For is believed (TRUST_PROXY, default: proxies on this host only): a client
    // must not choose the address that the login limits key on.
    trustProxy: opts.config.trustProxy,
    // Honour a caller's X-Request-Id when it is sane; otherwise make one. The raw request
    // carries it too, so the pino request logger logs the same id.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      (req as IncomingMessage & { id: string }).id = id;
      return id;
    },
  });
  const moduleRef = AppModule.register({
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    clock: opts.clock,
  });
  const app = await NestFactory.create<NestFastifyApplication>(moduleRef, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());

  const fastify = app.getHttpAdapter().getInstance();
  // CSV uploads (historical imports) reach the handler as the unread stream: the importer parses as it reads.
  fastify.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  fastify.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  // No HSTS and no upgrade-insecure-requests: a shop runs this on its LAN over plain HTTP;
  // a TLS-terminating proxy in front adds HSTS.
  await app.register(helmet, {
    hsts: false,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });

  const doc = openApiConfig();
  const document = SwaggerModule.createDocument(app, doc);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  await app.init();
  await fastify.ready();
  return app;
}
