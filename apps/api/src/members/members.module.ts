import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  JoinController,
  MeController,
  MemberSignInController,
  MembersController,
} from './members.controller';
import { MembersService } from './members.service';
import { MemberSignInCodeEntity } from './member.entities';
import { LogMemberNotifier, MemberNotifier } from './member-notifier';
import { SignInCodeService } from './sign-in-codes.service';
import { SignInCodeRepository } from './sign-in-codes.repository';
import { MemberSessionEntity } from './member-session.entity';
import { MemberSessionsController } from './member-sessions.controller';
import { MemberSessionsService } from './member-sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([MemberSignInCodeEntity, MemberSessionEntity])],
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
    MemberSessionsService,
    // Messaging replaces this provider; until then codes go to the server log (development).
    { provide: MemberNotifier, useClass: LogMemberNotifier },
  ],
  exports: [MembersService, MemberNotifier],
})
export class MembersModule {}
