import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  JoinController,
  MeController,
  MemberSignInController,
  MembersController,
} from './members.controller';
import { MembersService } from './members.service';
import { MemberCardEntity, MemberEntity, MemberSignInCodeEntity } from './member.entities';
import { MemberCardRepository, MemberRepository } from './members.repository';
import { AuthModule } from '../auth/auth.module';
import { BusinessesModule } from '../businesses/businesses.module';
import { PersistenceModule } from '../database/persistence.module';
import { LogMemberNotifier, MemberNotifier } from './member-notifier';
import { SignInCodeService } from './sign-in-codes.service';
import { SignInCodeRepository } from './sign-in-codes.repository';
import { MemberSessionEntity } from './member-session.entity';
import { MemberSessionsController } from './member-sessions.controller';
import { MemberSessionsService } from './member-sessions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([MemberEntity, MemberCardEntity, MemberSignInCodeEntity, MemberSessionEntity]),
    PersistenceModule,
    AuthModule,
    BusinessesModule,
  ],
  controllers: [
    MembersController,
    JoinController,
    MeController,
    MemberSignInController,
    MemberSessionsController,
  ],
  providers: [
    MembersService,
    SignInCodeService,
    SignInCodeRepository,
    MemberRepository,
    MemberCardRepository,
    MemberSessionsService,
    // Messaging replaces this provider; until then codes go to the server log (development).
    { provide: MemberNotifier, useClass: LogMemberNotifier },
  ],
  exports: [MembersService, MemberNotifier, MemberRepository, MemberCardRepository],
})
export class MembersModule {}
