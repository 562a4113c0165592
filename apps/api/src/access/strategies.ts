import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Clock } from '@regulars/core';
import { ApiKeyRepository, StaffRepository } from '../businesses/businesses.repository';
import { MemberRepository } from '../members/members.repository';
import type { Principal, TokenClaims } from '../auth/principal';

type Headers = FastifyRequest['headers'];

/** The bearer token of `Authorization: Bearer <token>`, if any. */
export function bearerToken(headers: Headers): string | undefined {
  const auth = headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const m = /^Bearer +(\S+)$/i.exec(auth);
  return m ? m[1] : undefined;
}

/** Parses `rk_<keyId>_<secret>` from X-API-Key or `Authorization: Bearer`. */
export function parseApiKey(headers: Headers): { keyId: string; secret: string } | undefined {
  const header = headers['x-api-key'];
  let raw = typeof header === 'string' ? header : undefined;
  if (!raw) {
    const bearer = bearerToken(headers);
    if (bearer?.startsWith('rk_')) raw = bearer;
  }
  const m = raw ? /^rk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(raw) : null;
  return m ? { keyId: m[1], secret: m[2] } : undefined;
}

/**
 * Bearer JWTs for staff and members (HS256, issuer "regulars", not expired:
 * the JwtModule's verify options). The account must still exist and, for
 * staff, be active; the role is read fresh, so a demotion takes effect at once.
 */
@Injectable()
export class JwtAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly staff: StaffRepository,
    private readonly members: MemberRepository,
  ) {}

  async authenticate(token: string): Promise<Principal | undefined> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token);
    } catch {
      return undefined;
    }
    if (typeof claims.sub !== 'string' || typeof claims.bid !== 'string') return undefined;
    if (claims.typ === 'staff') {
      const s = await this.staff.findById(claims.bid, claims.sub);
      if (!s || !s.active) return undefined;
      return { kind: 'staff', businessId: s.businessId, staffId: s.id, role: s.role };
    }
    if (claims.typ === 'member') {
      const m = await this.members.findById(claims.bid, claims.sub);
      return m ? { kind: 'member', businessId: m.businessId, memberId: m.id } : undefined;
    }
    return undefined;
  }
}

/** POS integrations: API keys scoped to one business, stored as SHA-256, revocable. */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async authenticate(parsed: { keyId: string; secret: string }): Promise<Principal | undefined> {
    // The key row comes from a short-lived cache: a revocation takes effect within its TTL.
    const key = await this.keys.findActiveByKeyId(parsed.keyId);
    if (!key) return undefined;
    const given = createHash('sha256').update(parsed.secret).digest();
    const stored = Buffer.from(key.secretHash, 'hex');
    if (stored.length !== given.length || !timingSafeEqual(given, stored)) return undefined;
    const now = this.clock.now();
    // Record use at most once a minute per key: no write on every POS call.
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
      await this.keys.touch(key.businessId, key.id, now);
      key.lastUsedAt = now; // the cached row too, so the next minute's calls skip the write
    }
    return { kind: 'api_key', businessId: key.businessId, apiKeyId: key.id };
  }
}
