import { Injectable } from '@nestjs/common';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Clock } from '@regulars/core';
import { AppConfig } from '../config/config';
import { Db } from '../database/db';
import { MemberRepository } from './members.repository';
import { SignInCodeRepository } from './sign-in-codes.repository';

/** How long a code works. */
export const CODE_TTL_MS = 15 * 60_000;
/** Wrong guesses a code survives. */
export const CODE_MAX_ATTEMPTS = 5;
/** Codes one member can be sent per hour (bounds guesses and messages sent to one person). */
export const CODES_PER_HOUR = 5;

/**
 * One-time sign-in codes of members: 6 random digits, stored as an HMAC keyed
 * with the server's secret, valid for 15 minutes, once, for 5 wrong guesses; a
 * new code replaces the member's earlier ones. At most 5 codes an hour per
 * member, so at most 25 guesses an hour against one member.
 */
@Injectable()
export class SignInCodeService {
  constructor(
    private readonly db: Db,
    private readonly codes: SignInCodeRepository,
    private readonly members: MemberRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private hash(businessId: string, memberId: string, code: string): string {
    return createHmac('sha256', this.config.jwtSecret)
      .update(`member-sign-in:${businessId}:${memberId}:${code}`)
      .digest('hex');
  }

  /** A new code for the member, or null when the hourly allowance is used up. */
  async issue(businessId: string, memberId: string): Promise<{ code: string; expiresAt: Date } | null> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      // Serialises the issuing of codes for one member (the hourly count stays exact).
      await this.members.lockForUpdate(businessId, memberId, tx, 'no key update');
      const recent = await this.codes.countIssuedSince(
        businessId,
        memberId,
        new Date(now.getTime() - 3_600_000),
        tx,
      );
      if (recent >= CODES_PER_HOUR) return null;
      await this.codes.spendUnused(businessId, memberId, now, tx);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      await this.codes.insert(
        businessId,
        {
          memberId,
          codeHash: this.hash(businessId, memberId, code),
          createdAt: now,
          expiresAt,
          attempts: 0,
          usedAt: null,
        },
        tx,
      );
      return { code, expiresAt };
    });
  }

  /**
   * Uses the member's current code: true (and the code is spent) when it
   * matches; false for a wrong, expired, spent or exhausted code (a wrong
   * guess counts against the code).
   */
  async redeem(businessId: string, memberId: string, code: string): Promise<boolean> {
    const now = this.clock.now();
    const given = Buffer.from(this.hash(businessId, memberId, code), 'hex');
    // One statement: the guess is counted and the code spent atomically.
    const row = await this.codes.guess(businessId, memberId, given.toString('hex'), now, CODE_MAX_ATTEMPTS);
    if (!row || !row.used_at) return false;
    return timingSafeEqual(Buffer.from(row.code_hash, 'hex'), given);
  }
}
