/**
 * npm run ledger:verify [-- --business <uuid>] [-- --json]
 * The ledger's invariant check (libs/ledger/src/cli/verify.ts) on the app's database:
 * DATABASE_URL, or the app's embedded PostgreSQL. Exit codes: 0 clean, 1 violations, 2 could not run.
 */
import { runVerifyCli } from '../../../../libs/ledger/src/cli/verify';
import { resolveDatabase } from '../database/resolve-database';

runVerifyCli(process.argv.slice(2), () => resolveDatabase(process.env)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`ledger:verify failed: ${String((e as Error).stack ?? e)}\n`);
    process.exit(2);
  },
);
