import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@regulars/core';
import { BusinessRepository, StaffRepository } from '../businesses/businesses.repository';
import { MemberRepository } from '../members/members.repository';
import { PasswordService, TokenService } from '../auth/token.service';
import type { StaffUserEntity } from '../businesses/business.entities';
import type { MemberEntity } from '../members/member.entities';

const BAD_LOGIN = () => new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong email or password');

@Injectable()
export class AuthService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly members: MemberRepository,
    private readonly businesses: BusinessRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
  ) {}

  /**
   * Staff log in with email and password. An email may work for several
   * businesses; then the business slug picks one (without it: 409 listing none
   * of the businesses, to leak nothing).
   */
  async staffLogin(email: string, password: string, businessSlug?: string) {
    let candidates = await this.staff.findActiveByEmailForLogin(email.toLowerCase());
    if (businessSlug) {
      const b = await this.businesses.findBySlug(businessSlug);
      candidates = b ? candidates.filter((c) => c.businessId === b.id) : [];
    }
    if (candidates.length === 0) {
      await this.passwords.burn(password);
      throw BAD_LOGIN();
    }
    const matches: StaffUserEntity[] = [];
    for (const c of candidates) if (await this.passwords.verify(password, c.passwordHash)) matches.push(c);
    if (matches.length === 0) throw BAD_LOGIN();
    if (matches.length > 1) {
      throw new DomainError(
        ErrorCode.CONFLICT,
        'This login works for several businesses: give the business slug',
        {
          field: 'business',
        },
      );
    }
    const s = matches[0];
    return { staff: s, token: this.tokens.issueStaff(s) };
  }

  /** Members log in to self-service with the email and password they chose at sign-up. */
  async memberLogin(
    slug: string,
    email: string,
    password: string,
  ): Promise<{ member: MemberEntity; token: ReturnType<TokenService['issueMember']> }> {
    const b = await this.businesses.findBySlug(slug);
    const m = b ? await this.members.findByEmail(b.id, email.toLowerCase()) : null;
    if (!m || !m.passwordHash) {
      await this.passwords.burn(password);
      throw BAD_LOGIN();
    }
    if (!(await this.passwords.verify(password, m.passwordHash))) throw BAD_LOGIN();
    return { member: m, token: this.tokens.issueMember(m) };
  }
}
