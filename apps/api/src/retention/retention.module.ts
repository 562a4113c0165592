import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { RetentionDataRepository } from './retention-data';
import { RetentionService } from './retention.service';

@Module({
  controllers: [RetentionController],
  providers: [RetentionDataRepository, RetentionService],
})
export class RetentionModule {}
