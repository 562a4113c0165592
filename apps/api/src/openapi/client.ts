import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { findRoot } from '../web/web-assets';

/** Where the pages' typed API client types live (checked in; `npm run api:client` rewrites them). */
export const CLIENT_TYPES_PATH = 'web/src/generated/api.ts';

const HEADER =
  '/**\n' +
  " * Generated from the app's OpenAPI document by `npm run api:client`\n" +
  ' * (apps/api/src/openapi). Do not edit: change the views and DTOs, then regenerate.\n' +
  ' * apps/api/src/openapi/client.spec.ts fails when this file is out of date.\n' +
  ' */\n';

/** TypeScript types (paths, components, operations) for openapi-fetch, from the OpenAPI document. */
export function clientTypesSource(doc: OpenAPIObject): string {
  const script = join(findRoot(__dirname), 'scripts', 'openapi-types.mjs');
  const types = execFileSync(process.execPath, [script], {
    input: JSON.stringify(doc),
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  return HEADER + types;
}
