import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { createLedger, Ledger } from '@regulars/ledger';
import { LedgerController } from './ledger.controller';
import { LedgerScheduler } from './ledger.scheduler';

/** TypeORM's own pg pool: the ledger shares the app's connections. */
export function poolOf(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}

@Global()
@Module({
  controllers: [LedgerController],
  providers: [
    {
      provide: Ledger,
      inject: [DataSource],
      useFactory: (ds: DataSource) => createLedger(poolOf(ds), { defaultReversalPolicy: 'refuse' }),
    },
    LedgerScheduler,
  ],
  exports: [Ledger, LedgerScheduler],
})
export class LedgerModule {}
