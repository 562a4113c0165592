import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { PersistenceModule } from '../database/persistence.module';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  imports: [PersistenceModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsService],
})
export class ReportsModule {}
