import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Shipped migrations are frozen: a database that ran a migration never runs
 * it again, so an edit would make fresh and upgraded databases differ. Their
 * checksums are committed in migration-checksums.json; a new migration file is
 * recorded with `npm run migration:checksums` (which never rewrites an
 * existing entry).
 */
const root = resolve(__dirname, '../../../..');
const recorded = JSON.parse(readFileSync(join(__dirname, 'migration-checksums.json'), 'utf8')) as Record<
  string,
  string
>;

const checksum = (text: string) => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

function migrationFiles(): string[] {
  const files = [
    'libs/ledger/src/schema/migrations.ts',
    'libs/ledger/src/schema/tables.sql.ts',
    'libs/ledger/src/schema/functions.sql.ts',
  ];
  const dir = 'apps/api/src/database/migrations';
  for (const f of readdirSync(join(root, dir)))
    if (f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.spec.ts')) files.push(`${dir}/${f}`);
  return files.sort();
}

describe('migration checksums', () => {
  it('records every migration file', () => {
    expect(migrationFiles().filter((f) => !recorded[f])).toEqual([]);
    expect(Object.keys(recorded).sort()).toEqual(migrationFiles());
  });

  it.each(Object.keys(recorded))('%s is unchanged since it was shipped', (file) => {
    expect(checksum(readFileSync(join(root, file), 'utf8'))).toBe(recorded[file]);
  });
});
