import { Module } from '@nestjs/common';
import { JoinController, MeController, MembersController } from './members.controller';
import { MembersService } from './members.service';

@Module({
  controllers: [MembersController, JoinController, MeController],
  providers: [MembersService],
  exports: [MembersService],
})
export class MembersModule {}
