import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

type Req = { ip?: string; body?: unknown };

const field = (body: unknown, name: string): string => {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v.toLowerCase().slice(0, 254) : '';
};

/** The client address (X-Forwarded-For only from a trusted proxy: TRUST_PROXY). */
export const loginAddress = (req: Req): string => req.ip ?? 'unknown';

/** The account a login-like request is about: the email, with the business slug when given. */
export const loginAccount = (req: Req): string =>
  `${field(req.body, 'business')}|${field(req.body, 'email')}`;

/**
 * The login limits (registered in AuthModule, applied by this guard on login,
 * join and sign-in-code routes), each per minute:
 * - per client address and account (LOGIN_RATE_LIMIT): guessing one account's
 *   password; the same account from another address is not locked out, so one
 *   client cannot lock out others;
 * - per client address (LOGIN_ADDRESS_RATE_LIMIT): one client spraying many
 *   accounts.
 * There is deliberately no limit per account alone: anyone could use it to
 * lock a member or cashier out.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {}
