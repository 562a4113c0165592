import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument } from '../openapi-document';
import { CLIENT_TYPES_PATH, clientTypesSource } from '../openapi/client';
import { findRoot } from '../web/web-assets';

/**
 * `npm run api:client`: builds the OpenAPI document without a database and writes the
 * pages' API types to web/src/generated/api.ts. `--json FILE` writes the document instead.
 */
async function main(): Promise<void> {
  const doc = await buildOpenApiDocument();
  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt > 0) {
    writeFileSync(process.argv[jsonAt + 1], `${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  const out = resolve(findRoot(__dirname), CLIENT_TYPES_PATH);
  writeFileSync(out, clientTypesSource(doc));
  console.log(`[regulars] API client types written to ${CLIENT_TYPES_PATH}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
