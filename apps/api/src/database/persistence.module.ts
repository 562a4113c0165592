import { Module } from '@nestjs/common';
import { Db } from './db';

/**
 * The database access every repository builds on: `Db` (transactions that any module's
 * repository can join, and the shared pool). Not global: a module whose repositories use Db
 * imports PersistenceModule; a module that needs another module's data imports that module
 * (which exports its repositories or services). Entities are registered by their own module
 * (TypeOrmModule.forFeature) and listed for migrations in data-source.ts.
 */
@Module({
  providers: [Db],
  exports: [Db],
})
export class PersistenceModule {}
