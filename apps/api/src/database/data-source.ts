import { DataSource, DataSourceOptions } from 'typeorm';
import {
  ApiKeyEntity,
  BusinessEntity,
  LocationEntity,
  StaffUserEntity,
} from '../businesses/business.entities';
import { MemberCardEntity, MemberEntity, MemberSignInCodeEntity } from '../members/member.entities';
import { ledgerMigrations } from '@regulars/ledger';
import { APP_MIGRATIONS } from './migrations';
import { LoyaltyProgramEntity, RewardEntity, RuleSetVersionEntity } from '../rules/rules.entities';
import {
  PurchaseEntity,
  PurchaseLineEntity,
  PurchaseReturnEntity,
  RedemptionEntity,
} from '../pos/pos.entities';
import { ProductEntity } from '../products/product.entity';
import { MemberSessionEntity } from '../members/member-session.entity';
import { PointAdjustmentEntity } from '../console/console.entities';
import {
  HistoryCustomerEntity,
  HistoryImportEntity,
  HistoryPurchaseEntity,
} from '../imports/import.entities';
import { DefectionCallEntity } from '../retention/retention.entities';
import { RetentionCategoryDayEntity, RetentionCustomerDayEntity } from '../retention/summary.entities';

/** Every entity, registered explicitly (no glob paths in a monorepo build). */
export const ENTITIES = [
  BusinessEntity,
  LocationEntity,
  StaffUserEntity,
  ApiKeyEntity,
  MemberEntity,
  MemberCardEntity,
  MemberSignInCodeEntity,
  LoyaltyProgramEntity,
  RuleSetVersionEntity,
  RewardEntity,
  PurchaseEntity,
  PurchaseLineEntity,
  RedemptionEntity,
  PurchaseReturnEntity,
  ProductEntity,
  MemberSessionEntity,
  PointAdjustmentEntity,
  HistoryImportEntity,
  HistoryCustomerEntity,
  HistoryPurchaseEntity,
  DefectionCallEntity,
  RetentionCustomerDayEntity,
  RetentionCategoryDayEntity,
];

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    // The ledger library brings its own migrations (tables, PL/pgSQL functions, append-only triggers).
    migrations: [...APP_MIGRATIONS, ...ledgerMigrations],
    migrationsTableName: 'regulars_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, application_name: 'regulars' },
  };
}

/**
 * Applies pending migrations. An advisory lock makes concurrent starts (two
 * app instances, or the app and `npm run migration:run`) apply them once.
 */
export async function runMigrations(
  url: string,
  log: (line: string) => void = () => undefined,
): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(url, 2) });
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('regulars:migrations'))`);
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      for (const m of done) log(`migration applied: ${m.name}`);
      return done.map((m) => m.name);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('regulars:migrations'))`);
    }
  } finally {
    await lock.release();
    await ds.destroy();
  }
}
