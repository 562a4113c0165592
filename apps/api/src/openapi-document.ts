import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { loadConfig } from './config/config';
import { openApiConfig } from './openapi/openapi';

/**
 * The OpenAPI document without a database or a listening server: Nest's preview
 * mode resolves the module graph and the routes but instantiates no provider
 * (so TypeORM never connects). Used by `npm run api:client` and its up-to-date test.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(32),
    CARD_SECRET: 'y'.repeat(32),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
  });
  const app = await NestFactory.create(
    AppModule.register({ config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused' }),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return SwaggerModule.createDocument(app, openApiConfig());
  } finally {
    await app.close();
  }
}
