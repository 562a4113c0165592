#!/usr/bin/env node
// Reads an OpenAPI document (JSON) on stdin and prints the TypeScript types openapi-fetch
// uses (openapi-typescript). A separate ESM process: openapi-typescript's dependencies are
// ESM-only, which Jest's CommonJS sandbox cannot load. Used by apps/api/src/openapi/client.ts.
/* global process, Buffer */
import openapiTS, { astToString } from 'openapi-typescript';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const ast = await openapiTS(doc, { alphabetize: true });
process.stdout.write(astToString(ast));
