import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JoinController, MeController, MembersController } from './members.controller';
import { MembersService } from './members.service';
import { MemberSessionEntity } from './member-session.entity';
import { MemberSessionsController } from './member-sessions.controller';
import { MemberSessionsService } from './member-sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([MemberSessionEntity])],
  controllers: [MembersController, JoinController, MeController, MemberSessionsController],
  providers: [MembersService, MemberSessionsService],
  exports: [MembersService],
})
export class MembersModule {}
