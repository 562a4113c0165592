import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import { createLedger, Ledger } from '@regulars/ledger';
import { LedgerController } from './ledger.controller';
import { LedgerScheduler } from './ledger.scheduler';

const guarded = new WeakSet<Pool>();

/**
 * TypeORM's own pg pool: the ledger shares the app's connections. Every client of it gets an
 * 'error' listener for as long as it lives: a connection the server drops (restart, fail-over,
 * pg_terminate_backend) while a caller holds it must fail that caller's query, never reach Node as
 * an unhandled 'error' event that ends the process. The pool then discards the broken client.
 */
export function poolOf(ds: DataSource): Pool {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  if (!guarded.has(pool)) {
    guarded.add(pool);
    const ignore = () => undefined; // the caller's query fails with the same error
    pool.on('connect', (client) => client.on('error', ignore));
    for (const client of (pool as unknown as { _clients?: PoolClient[] })._clients ?? [])
      client.on('error', ignore);
  }
  return pool;
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
