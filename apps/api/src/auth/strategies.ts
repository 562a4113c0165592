import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as PassportStrategyBase } from 'passport-strategy';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Clock } from '@regulars/core';
import { AppConfig } from '../config/config';
import { ApiKeyRepository, StaffRepository } from '../businesses/businesses.repository';
import { MemberRepository } from '../members/members.repository';
import type { Principal, TokenClaims } from './principal';

/** Bearer JWTs for staff and members. The account must still exist (and, for staff, be active). */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly staff: StaffRepository,
    private readonly members: MemberRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: TokenClaims): Promise<Principal | false> {
    if (typeof claims.sub !== 'string' || typeof claims.bid !== 'string') return false;
    if (claims.typ === 'staff') {
      const s = await this.staff.findById(claims.bid, claims.sub);
      if (!s || !s.active) return false;
      // The role is read fresh, so a demotion takes effect at once.
      return { kind: 'staff', businessId: s.businessId, staffId: s.id, role: s.role };
    }
    if (claims.typ === 'member') {
      const m = await this.members.findById(claims.bid, claims.sub);
      return m ? { kind: 'member', businessId: m.businessId, memberId: m.id } : false;
    }
    return false;
  }
}

/** Parses `rk_<keyId>_<secret>` from X-API-Key or `Authorization: Bearer`. */
export function parseApiKey(req: FastifyRequest): { keyId: string; secret: string } | undefined {
  const header = req.headers['x-api-key'];
  let raw = typeof header === 'string' ? header : undefined;
  const auth = req.headers.authorization;
  if (!raw && auth?.startsWith('Bearer rk_')) raw = auth.slice(7);
  const m = raw ? /^rk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(raw) : null;
  return m ? { keyId: m[1], secret: m[2] } : undefined;
}

type VerifyCallback = (req: FastifyRequest, done: (err: unknown, user?: Principal | false) => void) => void;

/** A passport strategy reading the API key from the request; the Nest mixin supplies `verify` (our validate). */
class ApiKeyStrategyBase extends PassportStrategyBase {
  name = 'api-key';
  constructor(private readonly verify: VerifyCallback) {
    super();
  }
  override authenticate(req: unknown): void {
    this.verify(req as FastifyRequest, (err, user) => {
      if (err) this.error(err as Error);
      else if (user) this.success(user);
      else this.fail(401);
    });
  }
}

/** POS integrations: API keys scoped to one business, stored as SHA-256, revocable. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(ApiKeyStrategyBase, 'api-key') {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async validate(req: FastifyRequest): Promise<Principal | false> {
    const parsed = parseApiKey(req);
    if (!parsed) return false;
    const key = await this.keys.findActiveByKeyId(parsed.keyId);
    if (!key) return false;
    const given = createHash('sha256').update(parsed.secret).digest();
    const stored = Buffer.from(key.secretHash, 'hex');
    if (stored.length !== given.length || !timingSafeEqual(given, stored)) return false;
    const now = this.clock.now();
    // Record use at most once a minute per key: no write on every POS call.
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
      await this.keys.touch(key.businessId, key.id, now);
      key.lastUsedAt = now; // the cached row too, so the next minute's calls skip the write
    }
    return { kind: 'api_key', businessId: key.businessId, apiKeyId: key.id };
  }
}
