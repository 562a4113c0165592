import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { TokenService, type IssuedToken } from '../auth/token.service';
import { MemberSessionEntity } from './member-session.entity';
import { MemberRepository } from './members.repository';

/** How long a member stays signed in on a device without using it. */
export const MEMBER_SESSION_DAYS = 180;
const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface RefreshToken {
  /** `<business id>.<session id>.<secret>`: give it back to /api/auth/member/refresh. */
  refreshToken: string;
  refreshExpiresAt: string;
}

const SIGNED_OUT = () =>
  new DomainError(ErrorCode.UNAUTHENTICATED, 'This device is signed out: sign in again');

export const memberSessionView = (s: MemberSessionEntity) => ({
  id: s.id,
  device: s.device,
  createdAt: s.createdAt.toISOString(),
  lastUsedAt: s.lastUsedAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
});

/** Members kept signed in on their own devices: long-lived, rotated, revocable refresh tokens. */
@Injectable()
export class MemberSessionsService {
  constructor(
    @InjectRepository(MemberSessionEntity) private readonly sessions: Repository<MemberSessionEntity>,
    private readonly members: MemberRepository,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  /** A new session for the signed-in member on this device. */
  async create(businessId: string, memberId: string, device: string | null): Promise<RefreshToken> {
    const now = this.clock.now();
    const secret = randomBytes(32).toString('base64url');
    const s = await this.sessions.save(
      this.sessions.create({
        businessId,
        memberId,
        secretHash: sha256(secret),
        device,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + MEMBER_SESSION_DAYS * DAY_MS),
        revokedAt: null,
      }),
    );
    return { refreshToken: `${businessId}.${s.id}.${secret}`, refreshExpiresAt: s.expiresAt.toISOString() };
  }

  /**
   * A new access token for a refresh token, and a new refresh token in its place
   * (the old one stops working; the expiry moves on). Unknown, replaced, revoked
   * or expired tokens are UNAUTHENTICATED.
   */
  async refresh(token: string): Promise<IssuedToken & RefreshToken> {
    const [businessId, id, secret] = token.split('.');
    if (!businessId || !UUID.test(businessId) || !id || !UUID.test(id) || !secret) throw SIGNED_OUT();
    const now = this.clock.now();
    const s = await this.sessions.findOneBy({ businessId, id, revokedAt: IsNull() });
    const given = Buffer.from(sha256(secret), 'hex');
    if (!s || s.expiresAt <= now || !timingSafeEqual(given, Buffer.from(s.secretHash, 'hex')))
      throw SIGNED_OUT();
    const member = await this.members.findById(businessId, s.memberId);
    if (!member) throw SIGNED_OUT();
    const next = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + MEMBER_SESSION_DAYS * DAY_MS);
    // Compare-and-set on the old hash: of two refreshes racing with one token, one wins.
    const r = await this.sessions.update(
      { businessId, id, secretHash: s.secretHash, revokedAt: IsNull() },
      { secretHash: sha256(next), lastUsedAt: now, expiresAt },
    );
    if (!r.affected) throw SIGNED_OUT();
    return {
      ...this.tokens.issueMember(member),
      refreshToken: `${businessId}.${id}.${next}`,
      refreshExpiresAt: expiresAt.toISOString(),
    };
  }

  /** Signs this device out (the refresh token stops working). Unknown tokens are ignored. */
  async logout(token: string): Promise<void> {
    const [businessId, id, secret] = token.split('.');
    if (!businessId || !UUID.test(businessId) || !id || !UUID.test(id) || !secret) return;
    await this.sessions.update(
      { businessId, id, secretHash: sha256(secret), revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
  }

  /** The member's devices still signed in, most recently used first. */
  list(businessId: string, memberId: string): Promise<MemberSessionEntity[]> {
    return this.sessions
      .createQueryBuilder('s')
      .where('s.business_id = :businessId AND s.member_id = :memberId AND s.revoked_at IS NULL', {
        businessId,
        memberId,
      })
      .andWhere('s.expires_at > :now', { now: this.clock.now() })
      .orderBy('s.last_used_at', 'DESC')
      .take(50)
      .getMany();
  }

  /** Signs one of the member's own devices out. */
  async revoke(businessId: string, memberId: string, id: string): Promise<void> {
    const r = await this.sessions.update(
      { businessId, memberId, id, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
    if (!r.affected) throw new NotFoundError('Session');
  }
}
