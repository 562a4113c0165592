import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module';
import { BusinessesModule } from '../businesses/businesses.module';
import { MembersModule } from '../members/members.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { GlobalAuthGuard } from './auth.guard';
import { ApiKeyAuthenticator, JwtAuthenticator } from './strategies';

/**
 * Who may call: staff and member login, and the global guard (default deny) that
 * authenticates every request by JWT or POS API key. Sits above businesses and members (it
 * reads staff users, API keys and members), so those modules never import it.
 */
@Module({
  imports: [AuthModule, BusinessesModule, MembersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    JwtAuthenticator,
    ApiKeyAuthenticator,
    { provide: APP_GUARD, useClass: GlobalAuthGuard },
  ],
})
export class AccessModule {}
