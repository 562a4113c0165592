import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { EventsModule } from '../events/events.module';
import { PosModule } from '../pos/pos.module';
import { TiersModule } from '../tiers/tiers.module';
import { ClubPaymentsService } from './club-payments.service';
import { ClubController, MyClubController } from './club.controller';

/**
 * The members-only club's routes (staff and member). ClubService and the
 * purchase consumer live in TiersModule (the consumer records fees sold at
 * the counter); the fee taken through this API goes through PosModule's
 * purchase path.
 */
@Module({
  imports: [PersistenceModule, EventsModule, PosModule, TiersModule],
  controllers: [ClubController, MyClubController],
  providers: [ClubPaymentsService],
})
export class ClubModule {}
