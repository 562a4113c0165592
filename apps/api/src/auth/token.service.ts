import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/config';
import { hashPassword, verifyPassword } from './passwords';
import type { StaffRole, TokenClaims } from './principal';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  issueStaff(staff: { id: string; businessId: string; role: StaffRole }): IssuedToken {
    const claims: TokenClaims = { sub: staff.id, bid: staff.businessId, typ: 'staff', role: staff.role };
    return this.issue(claims);
  }

  issueMember(member: { id: string; businessId: string }): IssuedToken {
    return this.issue({ sub: member.id, bid: member.businessId, typ: 'member' });
  }

  private issue(claims: TokenClaims): IssuedToken {
    return {
      accessToken: this.jwt.sign(claims, { expiresIn: this.config.jwtTtlSeconds }),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
    };
  }
}

@Injectable()
export class PasswordService {
  constructor(private readonly config: AppConfig) {}
  hash(password: string): Promise<string> {
    return hashPassword(password, this.config.scryptCost);
  }
  verify(password: string, stored: string): Promise<boolean> {
    return verifyPassword(password, stored);
  }
  /** Spends the same time as a real check, so unknown accounts can't be told apart by timing. */
  async burn(password: string): Promise<void> {
    await hashPassword(password, this.config.scryptCost);
  }
}
