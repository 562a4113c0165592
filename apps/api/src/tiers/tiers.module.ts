import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { EventsModule } from '../events/events.module';
import { TiersController } from './tiers.controller';
import { TiersService } from './tiers.service';

/**
 * Club tiers (docs/TIERS.md): programs, preview, verify and member tier reads.
 * The state consumer and the period-end evaluation run on the job queue and
 * are provided by EventsModule (TierStateConsumer, TierEvaluationService).
 */
@Module({
  imports: [PersistenceModule, EventsModule],
  controllers: [TiersController],
  providers: [TiersService],
  exports: [TiersService],
})
export class TiersModule {}
