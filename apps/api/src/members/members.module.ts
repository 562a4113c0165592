import { Module } from '@nestjs/common';
import { JoinController, MeController, MembersController, ScanController } from './members.controller';
import { MembersService } from './members.service';

@Module({
  controllers: [MembersController, JoinController, MeController, ScanController],
  providers: [MembersService],
  exports: [MembersService],
})
export class MembersModule {}
