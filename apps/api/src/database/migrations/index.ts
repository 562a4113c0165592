import type { MigrationInterface } from 'typeorm';
import { Initial1763000000000 } from './1763000000000-Initial';
import { Loyalty1765000000000 } from './1765000000000-Loyalty';
import { PurchaseCall1766000000001 } from './1766000000001-PurchaseCall';
import { PurchaseCallChecks1766000000002 } from './1766000000002-PurchaseCallChecks';
import { Messaging1767500000000 } from './1767500000000-Messaging';

type MigrationClass = new () => MigrationInterface;

/**
 * Every app migration, in order (the ledger library's own come from
 * @regulars/ledger). New ones come from `npm run migration:generate -- <Name>`.
 */
export const APP_MIGRATIONS: MigrationClass[] = [
  Initial1763000000000,
  Loyalty1765000000000,
  PurchaseCall1766000000001,
  PurchaseCallChecks1766000000002,
  Messaging1767500000000,
];
