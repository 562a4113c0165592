export * from './types';
export {
  Ledger,
  createLedger,
  toDomainError,
  parseHolderSnapshot,
  rawHolderSnapshot,
  type LedgerOptions,
  type RawHolderSnapshot,
} from './ledger';
export {
  ledgerMigrations,
  LedgerSchema1764000000000,
  LedgerFunctions1764000000001,
  LedgerHolderIndex1764000000002,
  LedgerHolderSnapshot1766000000000,
  LEDGER_SCHEMA_SQL,
} from './schema/migrations';
export { LEDGER_SLOTS } from './schema/functions.sql';
export { verifyLedger, VERIFY_CHECKS } from './verify';
export { canonicalJson, requestHash } from './validate';
