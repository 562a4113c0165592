import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/config';
import { loginAccount, loginAddress } from './login-throttler.guard';
import { PasswordService, TokenService } from './token.service';

/**
 * Authentication primitives every feature uses: tokens (JWT), password hashing, the login
 * rate limits, and the decorators and principal types (plain files of this folder). It depends
 * on no feature module; login and the global guard, which read staff, API keys and members,
 * are AccessModule (apps/api/src/access).
 */
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
  providers: [TokenService, PasswordService],
  exports: [TokenService, PasswordService, JwtModule],
})
export class AuthModule {}
