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

@Module({
  imports: [TypeOrmModule.forFeature([MemberSignInCodeEntity])],
  controllers: [MembersController, JoinController, MeController, MemberSignInController],
  providers: [
    MembersService,
    SignInCodeService,
    // Messaging replaces this provider; until then codes go to the server log (development).
    { provide: MemberNotifier, useClass: LogMemberNotifier },
  ],
  exports: [MembersService, MemberNotifier],
})
export class MembersModule {}
