import type { MigrationInterface } from 'typeorm';
import { Initial1763000000000 } from './1763000000000-Initial';

type MigrationClass = new () => MigrationInterface;

/** Every migration, in order. Generated ones come from `npm run migration:generate -- <Name>`. */
export const APP_MIGRATIONS: MigrationClass[] = [Initial1763000000000];
