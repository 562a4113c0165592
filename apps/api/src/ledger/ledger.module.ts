import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sharedPool } from '../database/db';
import { createLedger, Ledger } from '@regulars/ledger';
import { LedgerController } from './ledger.controller';
import { LedgerScheduler } from './ledger.scheduler';

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
