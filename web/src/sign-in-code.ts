/**
 * Sign-in by a one-time code sent by email, shared by /join and /me:
 * POST /api/auth/member/code sends it (202 whether or not the email is a
 * member), POST /api/auth/member/code/verify trades it for a member token.
 */
import { api, ApiError, describeError } from './api';

/** Asks the server to email a sign-in code (same answer whether or not the email is a member). */
export function requestSignInCode(business: string, email: string): Promise<{ message: string }> {
  return api<{ message: string }>('/api/auth/member/code', { body: { business, email } });
}

/** Trades the emailed code for a member access token. */
export function verifySignInCode(
  business: string,
  email: string,
  code: string,
): Promise<{ accessToken: string }> {
  return api<{ accessToken: string }>('/api/auth/member/code/verify', { body: { business, email, code } });
}

/**
 * The sentence shown next to the code field when the code is refused.
 * `again` says how to get a new code on this page.
 */
export function signInCodeError(e: unknown, again: string): string {
  if (e instanceof ApiError && e.status === 401)
    return `That code is wrong or has expired (a code works for 15 minutes and 5 tries). Check it, or ${again}.`;
  if (e instanceof ApiError && e.status === 429) return 'Too many attempts. Wait a minute, then try again.';
  return describeError(e, 'member');
}
