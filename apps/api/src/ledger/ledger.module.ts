import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sharedPool } from '../database/db';
import { createLedger, Ledger } from '@regulars/ledger';
import { LedgerController } from './ledger.controller';
import { LedgerScheduler } from './ledger.scheduler';

/**
 * @deprecated Use `Db` (apps/api/src/database/db.ts): `db.pool`, `db.transaction`. Kept for
 * the modules not yet moved to the convention (surveys) and some tests.
 */
export const poolOf = sharedPool;

/** The points ledger (@regulars/ledger) on the app's shared pool, its routes and its settle run. */
@Module({
  controllers: [LedgerController],
  providers: [
    {
      provide: Ledger,
      inject: [DataSource],
      useFactory: (ds: DataSource) => createLedger(sharedPool(ds), { defaultReversalPolicy: 'refuse' }),
    },
    LedgerScheduler,
  ],
  exports: [Ledger, LedgerScheduler],
})
export class LedgerModule {}
