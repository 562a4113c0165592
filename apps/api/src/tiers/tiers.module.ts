import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { EventsModule } from '../events/events.module';
import { LedgerModule } from '../ledger/ledger.module';
import { BirthdayBonusService } from './birthday-bonus';
import { ClubPaymentConsumer } from './club-payment.consumer';
import { ClubRepository } from './club.repository';
import { ClubService } from './club.service';
import { TierEvaluationService, TierStateConsumer } from './tier-sync';
import { TiersController } from './tiers.controller';
import { TiersRepository } from './tiers.repository';
import { TiersService } from './tiers.service';

/**
 * Club tiers and the members-only club (docs/TIERS.md): programs, preview,
 * verify and member tier reads; the club's state and payments. The state
 * consumer, the club-payment consumer, the period-end evaluation and the
 * birthday bonus run on the job queue: provided and exported here, listed by
 * EventWiringModule.
 */
@Module({
  imports: [PersistenceModule, EventsModule, LedgerModule],
  controllers: [TiersController],
  providers: [
    TiersRepository,
    TiersService,
    TierStateConsumer,
    TierEvaluationService,
    ClubRepository,
    ClubService,
    ClubPaymentConsumer,
    BirthdayBonusService,
  ],
  exports: [
    TiersService,
    ClubRepository,
    ClubService,
    TierStateConsumer,
    TierEvaluationService,
    ClubPaymentConsumer,
    BirthdayBonusService,
  ],
})
export class TiersModule {}
