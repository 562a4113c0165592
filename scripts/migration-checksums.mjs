/* global URL, console */
// `npm run migration:checksums`: records the SHA-256 of every migration file
// not yet listed in apps/api/src/database/migration-checksums.json. It never
// changes an entry that exists: a shipped migration is frozen (the test
// apps/api/src/database/migration-checksums.spec.ts fails when one is edited);
// change the schema with a new migration instead.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const listFile = join(root, 'apps/api/src/database/migration-checksums.json');
const dirs = ['apps/api/src/database/migrations'];
const files = [
  'libs/ledger/src/schema/migrations.ts',
  'libs/ledger/src/schema/tables.sql.ts',
  'libs/ledger/src/schema/functions.sql.ts',
];

export function migrationFiles() {
  const out = [...files];
  for (const d of dirs)
    for (const f of readdirSync(join(root, d)))
      if (f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.spec.ts')) out.push(`${d}/${f}`);
  return out.sort();
}

export const checksum = (text) => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

const current = existsSync(listFile) ? JSON.parse(readFileSync(listFile, 'utf8')) : {};
const added = [];
for (const f of migrationFiles()) {
  if (current[f]) continue;
  current[f] = checksum(readFileSync(join(root, f), 'utf8'));
  added.push(f);
}
const sorted = Object.fromEntries(
  Object.keys(current)
    .sort()
    .map((k) => [k, current[k]]),
);
writeFileSync(listFile, JSON.stringify(sorted, null, 2) + '\n');
console.log(added.length ? `recorded: ${added.join(', ')}` : 'every migration file is recorded');
