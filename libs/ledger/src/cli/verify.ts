/**
 * Checks every ledger invariant over the whole ledger (or one business). Exit codes:
 * 0 clean, 1 violations found (each printed with its name), 2 could not run.
 * Run directly it needs DATABASE_URL; `npm run ledger:verify [-- --business <uuid>] [--json]`
 * (apps/api/src/cli/ledger-verify.ts) also finds the app's embedded PostgreSQL. A library does
 * not import the app: the app passes its database in.
 */
import { Pool } from 'pg';
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

/** The database to check: its URL, and how to let it go afterwards. */
export interface VerifyDatabase {
  url: string;
  stop(): Promise<void>;
}

const fromEnv = (): Promise<VerifyDatabase> => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL (or run npm run ledger:verify)');
  return Promise.resolve({ url, stop: async () => undefined });
};

export async function runVerifyCli(
  argv: string[],
  resolveDatabase: () => Promise<VerifyDatabase> = fromEnv,
): Promise<number> {
  let args: VerifyArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(
      `ledger:verify: ${(e as Error).message}\nusage: npm run ledger:verify [-- --business <uuid>] [--json]\n`,
    );
    return 2;
  }
  const db = await resolveDatabase();
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
  runVerifyCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`ledger:verify failed: ${String((e as Error).stack ?? e)}\n`);
      process.exit(2);
    },
  );
}
