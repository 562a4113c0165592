import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../openapi-document';
import { CLIENT_TYPES_PATH, clientTypesSource } from './client';

describe('the pages’ generated API client types', () => {
  it('equal what the current OpenAPI document generates (else run `npm run api:client`)', async () => {
    const doc = await buildOpenApiDocument();
    const expected = clientTypesSource(doc);
    const checkedIn = readFileSync(join(__dirname, '..', '..', '..', '..', CLIENT_TYPES_PATH), 'utf8');
    // One assertion with a hint, not a 3,000-line diff.
    if (checkedIn !== expected) {
      throw new Error(`${CLIENT_TYPES_PATH} is out of date: run \`npm run api:client\` and commit it`);
    }
    expect(checkedIn).toContain('"/api/members/{id}"');
  });

  it('documents typed responses for the routes the console uses', async () => {
    const doc = await buildOpenApiDocument();
    const ok = (path: string, method: 'get' | 'post' | 'patch' | 'delete') => {
      const op = doc.paths[path]?.[method];
      const res = op?.responses?.['200'] ?? op?.responses?.['201'];
      return (res as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
    };
    for (const [path, method] of [
      ['/api/auth/staff/login', 'post'],
      ['/api/business', 'get'],
      ['/api/members', 'get'],
      ['/api/members/{id}', 'get'],
      ['/api/staff', 'get'],
      ['/api/api-keys', 'get'],
      ['/api/api-keys', 'post'],
      ['/api/locations', 'get'],
    ] as const) {
      expect({ path, method, schema: ok(path, method) }).toEqual({
        path,
        method,
        schema: expect.objectContaining({}),
      });
    }
  });
});
