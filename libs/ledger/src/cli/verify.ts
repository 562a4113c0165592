/**
 * npm run ledger:verify [-- --business <uuid>] [-- --json]
 * Checks every ledger invariant over the whole ledger (or one business) on the
 * app's database (DATABASE_URL, or the app's embedded PostgreSQL). Exit codes:
 * 0 clean, 1 violations found (each printed with its name), 2 could not run.
 */
import { Pool } from 'pg';
import { resolveDatabase } from '../../../../apps/api/src/database/resolve-database';
import { VERIFY_CHECKS, verifyLedger } from '../verify';
import { checkBusinessId } from '../validate';

export interface VerifyArgs {
  businessId?: string;
  json: boolean;
}

export function parseArgs(argv: string[]): VerifyArgs {
  const args: VerifyArgs = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--business' || a === '-b') {
      args.businessId = argv[++i];
      if (!args.businessId) throw new Error('--business needs a business id');
      checkBusinessId(args.businessId);
    } else if (a.startsWith('--business=')) {
      args.businessId = a.slice('--business='.length);
      checkBusinessId(args.businessId);
    } else if (a === '--json') {
      args.json = true;
    } else {
      throw new Error(`unknown argument ${a}`);
    }
  }
  return args;
}

async function main(): Promise<number> {
  let args: VerifyArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(
      `ledger:verify: ${(e as Error).message}\nusage: npm run ledger:verify [-- --business <uuid>] [--json]\n`,
    );
    return 2;
  }
  const db = await resolveDatabase(process.env);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  // An idle connection dropped by the server is reported here instead of ending the process.
  pool.on('error', (e) => process.stderr.write(`ledger:verify: connection lost: ${e.message}\n`));
  try {
    const exists = await pool.query<{ t: string | null }>(`SELECT to_regclass('ledger_entries')::text AS t`);
    if (!exists.rows[0].t) {
      process.stderr.write(
        'ledger:verify: the ledger tables do not exist here; run the migrations first (npm run migration:run)\n',
      );
      return 2;
    }
    const violations = await verifyLedger(pool, args.businessId ?? null);
    const scope = args.businessId ? `business ${args.businessId}` : 'all businesses';
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ scope, checks: VERIFY_CHECKS, violations }, null, 2)}\n`);
    } else {
      for (const v of violations) {
        process.stdout.write(
          `VIOLATION ${v.code}${v.businessId ? ` [business ${v.businessId}]` : ''}: ${v.message}\n`,
        );
      }
      process.stdout.write(
        violations.length
          ? `ledger:verify: ${violations.length} violation(s) in ${scope}\n`
          : `ledger:verify: clean (${VERIFY_CHECKS.length} checks over ${scope})\n`,
      );
    }
    return violations.length ? 1 : 0;
  } finally {
    await pool.end();
    await db.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`ledger:verify failed: ${String((e as Error).stack ?? e)}\n`);
      process.exit(2);
    },
  );
}
