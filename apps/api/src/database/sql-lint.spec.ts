import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The lint rule "no .query( outside repositories" (eslint.config.mjs): it fires in a service
 * and names what to do, and it is silent in a repository, in apps/api/src/database, in tests,
 * and (for now) in the allowlisted files of modules being reworked in parallel. ESLint runs in
 * a child process with the project's real configuration.
 */
const ROOT = resolve(__dirname, '../../../..');
const PROBE = `declare const db: { query(sql: string): Promise<unknown> };\nvoid db.query('SELECT 1');\n`;

const SCRIPT = `
const { ESLint } = require('eslint');
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = {};
  for (const f of JSON.parse(process.argv[1])) {
    const [r] = await eslint.lintText(process.argv[2], { filePath: f });
    out[f] = r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('lint: SQL only in repositories', () => {
  it('fires outside repositories and nowhere else', () => {
    const files = [
      'apps/api/src/members/members.service.ts',
      'apps/api/src/console/dashboard.service.ts',
      'apps/api/src/members/members.repository.ts',
      'apps/api/src/database/db.ts',
      'apps/api/src/pos/pos.service.ts', // temporary allowlist
      'test/platform/members.e2e-spec.ts',
    ];
    const out = JSON.parse(
      execFileSync(process.execPath, ['-e', SCRIPT, JSON.stringify(files), PROBE], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 240_000,
      }),
    ) as Record<string, string[]>;
    expect(out['apps/api/src/members/members.service.ts']).toHaveLength(1);
    expect(out['apps/api/src/members/members.service.ts'][0]).toMatch(
      /^SQL belongs in a repository: move this \.query\( into a method of <module>\/<name>\.repository\.ts/,
    );
    expect(out['apps/api/src/console/dashboard.service.ts']).toHaveLength(1);
    expect(out['apps/api/src/members/members.repository.ts']).toEqual([]);
    expect(out['apps/api/src/database/db.ts']).toEqual([]);
    expect(out['apps/api/src/pos/pos.service.ts']).toEqual([]);
    expect(out['test/platform/members.e2e-spec.ts']).toEqual([]);
  }, 300_000);
});
