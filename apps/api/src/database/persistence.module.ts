import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENTITIES } from './data-source';
import { Db } from './db';
import {
  ApiKeyRepository,
  BusinessRepository,
  LocationRepository,
  StaffRepository,
} from '../businesses/businesses.repository';
import { MemberCardRepository, MemberRepository } from '../members/members.repository';

const REPOSITORIES = [
  Db,
  BusinessRepository,
  LocationRepository,
  StaffRepository,
  ApiKeyRepository,
  MemberRepository,
  MemberCardRepository,
];

/** The tenant-scoped repositories, available to every feature module. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class PersistenceModule {}
