import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/config';
import { AuthController } from './auth.controller';
import { loginAccount, loginAddress } from './login-throttler.guard';
import { AuthService } from './auth.service';
import { GlobalAuthGuard } from './auth.guard';
import { ApiKeyAuthenticator, JwtAuthenticator } from './strategies';
import { PasswordService, TokenService } from './token.service';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'regulars' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'regulars' },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => [
        {
          name: 'login',
          ttl: 60_000,
          limit: config.loginRateLimit,
          getTracker: (req: Record<string, unknown>) => `${loginAddress(req)}|${loginAccount(req)}`,
          // Counted across every login-like route (staff and member login, join, sign-in codes).
          generateKey: (_ctx: unknown, tracker: string, name: string) => `${name}:${tracker}`,
        },
        {
          name: 'login-address',
          ttl: 60_000,
          limit: config.loginAddressRateLimit,
          getTracker: (req: Record<string, unknown>) => loginAddress(req),
          generateKey: (_ctx: unknown, tracker: string, name: string) => `${name}:${tracker}`,
        },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    PasswordService,
    JwtAuthenticator,
    ApiKeyAuthenticator,
    { provide: APP_GUARD, useClass: GlobalAuthGuard },
  ],
  exports: [TokenService, PasswordService],
})
export class AuthModule {}
