import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { Clock } from '@regulars/core';
import { AppConfig } from '../config/config';
import { MemberSignInCodeEntity } from './member.entities';

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
    @InjectRepository(MemberSignInCodeEntity) private readonly codes: Repository<MemberSignInCodeEntity>,
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
    return this.codes.manager.transaction(async (m) => {
      // Serialises the issuing of codes for one member (the hourly count stays exact).
      await m.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2 FOR NO KEY UPDATE`, [
        businessId,
        memberId,
      ]);
      const recent = await m.getRepository(MemberSignInCodeEntity).countBy({
        businessId,
        memberId,
        createdAt: MoreThan(new Date(now.getTime() - 3_600_000)),
      });
      if (recent >= CODES_PER_HOUR) return null;
      await m
        .getRepository(MemberSignInCodeEntity)
        .update({ businessId, memberId, usedAt: IsNull() }, { usedAt: now });
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      await m.getRepository(MemberSignInCodeEntity).insert({
        businessId,
        memberId,
        codeHash: this.hash(businessId, memberId, code),
        createdAt: now,
        expiresAt,
        attempts: 0,
        usedAt: null,
      });
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
    // One statement: the guess is counted and the code spent atomically (two racing correct
    // guesses cannot both sign in; racing wrong guesses cannot exceed the limit).
    const rows = (await this.codes.query(
      `UPDATE member_sign_in_codes c
          SET attempts = c.attempts + CASE WHEN c.code_hash = $3 THEN 0 ELSE 1 END,
              used_at = CASE WHEN c.code_hash = $3 THEN $4::timestamptz ELSE NULL END
        WHERE c.business_id = $1 AND c.member_id = $2 AND c.used_at IS NULL
          AND c.expires_at > $4 AND c.attempts < $5
        RETURNING c.code_hash, c.used_at`,
      [businessId, memberId, given.toString('hex'), now, CODE_MAX_ATTEMPTS],
    )) as [{ code_hash: string; used_at: Date | null }[], number];
    const row = rows[0][0];
    if (!row || !row.used_at) return false;
    return timingSafeEqual(Buffer.from(row.code_hash, 'hex'), given);
  }
}
