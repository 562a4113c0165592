import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { PersistenceModule } from '../database/persistence.module';
import { ApiKeyEntity, BusinessEntity, LocationEntity, StaffUserEntity } from './business.entities';
import { BusinessesController } from './businesses.controller';
import {
  ApiKeyRepository,
  BusinessRepository,
  LocationRepository,
  StaffRepository,
} from './businesses.repository';
import { BusinessesService } from './businesses.service';

const REPOSITORIES = [BusinessRepository, LocationRepository, StaffRepository, ApiKeyRepository];

/** Businesses (the tenants), their locations, staff and POS API keys. */
@Module({
  imports: [
    TypeOrmModule.forFeature([BusinessEntity, LocationEntity, StaffUserEntity, ApiKeyEntity]),
    PersistenceModule,
    AuthModule,
  ],
  controllers: [BusinessesController],
  providers: [BusinessesService, ...REPOSITORIES],
  exports: [BusinessesService, ...REPOSITORIES],
})
export class BusinessesModule {}
