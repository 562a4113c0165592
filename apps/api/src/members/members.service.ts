import { Injectable } from '@nestjs/common';
import { Clock, ConflictError, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { AppConfig } from '../config/config';
import { BusinessRepository } from '../businesses/businesses.repository';
import type { BusinessEntity } from '../businesses/business.entities';
import { isUniqueViolation } from '../database/pg-errors';
import { Db, type Tx } from '../database/db';
import { PasswordService } from '../auth/token.service';
import { MemberCardEntity, MemberEntity } from './member.entities';
import { MemberCardRepository, MemberRepository } from './members.repository';
import { signCardToken, verifyCardToken } from './card-token';
import { MemberNotifier, type SignInCodeReason } from './member-notifier';
import { SignInCodeService } from './sign-in-codes.service';
import type { EnrolMemberDto, JoinDto, MemberProfileFields, UpdateMemberDto } from './member.dto';
import { recordEvent } from '../events/events';

export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  if (digits.length < 6 || digits.length > 15) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'phone must have 6 to 15 digits', {
      fields: [{ field: 'phone', problems: ['must have 6 to 15 digits'] }],
    });
  }
  return phone.trim().startsWith('+') ? `+${digits}` : digits;
}

function searchName(first: string, last: string | null | undefined): string {
  return `${first} ${last ?? ''}`.trim().toLowerCase();
}

function uniqueConflict(e: unknown): never {
  if (isUniqueViolation(e, 'uq_members_email')) {
    throw new ConflictError('A member with that email exists', { field: 'email' });
  }
  if (isUniqueViolation(e, 'uq_members_phone')) {
    throw new ConflictError('A member with that phone number exists', { field: 'phone' });
  }
  throw e;
}

@Injectable()
export class MembersService {
  constructor(
    private readonly db: Db,
    private readonly members: MemberRepository,
    private readonly cards: MemberCardRepository,
    private readonly businesses: BusinessRepository,
    private readonly passwords: PasswordService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly signInCodes: SignInCodeService,
    private readonly notifier: MemberNotifier,
  ) {}

  /** Enrolment at the counter: a name and an email or phone; the card is issued at once. */
  enrol(businessId: string, dto: EnrolMemberDto): Promise<{ member: MemberEntity; card: MemberCardEntity }> {
    if (!dto.email && !dto.phone) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'An email or a phone number is required', {
        fields: [{ field: 'email', problems: ['email or phone is required'] }],
      });
    }
    return this.create(businessId, dto, 'counter', null);
  }

  async businessBySlug(slug: string): Promise<BusinessEntity> {
    const business = /^[a-z0-9-]{3,60}$/.test(slug) ? await this.businesses.findBySlug(slug) : null;
    if (!business) throw new NotFoundError('Business');
    return business;
  }

  /**
   * Self sign-up through the business's public join link. The outcome does not
   * depend on whether the email or phone already belongs to a member (the
   * answer must not tell a stranger who is a member): a new person becomes a
   * member; in both cases the person is sent a one-time sign-in code (the
   * existing member learns that someone used their address, and can sign in).
   * The password, when given, is hashed either way (same work, same time) and
   * kept only for a new member.
   */
  async join(slug: string, dto: JoinDto): Promise<void> {
    const business = await this.businessBySlug(slug);
    const hash = dto.password === undefined ? null : await this.passwords.hash(dto.password);
    const email = dto.email.toLowerCase();
    const phone = dto.phone ? normalisePhone(dto.phone) : null;
    let member = await this.findByContact(business.id, email, phone);
    let reason: SignInCodeReason = 'already_member';
    if (!member) {
      try {
        member = (await this.create(business.id, dto, 'join', hash)).member;
        reason = 'joined';
      } catch (e) {
        // A concurrent join with the same email or phone won the race: that one is the member.
        if (!(e instanceof DomainError && e.code === ErrorCode.CONFLICT)) throw e;
        member = await this.findByContact(business.id, email, phone);
        if (!member) throw e;
      }
    }
    await this.sendSignInCode(business, member, reason);
  }

  /** A member of the business with this email or (when given) phone, if any. */
  private async findByContact(
    businessId: string,
    email: string,
    phone: string | null,
  ): Promise<MemberEntity | null> {
    return (
      (await this.members.findByEmail(businessId, email)) ??
      (phone ? await this.members.findByPhone(businessId, phone) : null)
    );
  }

  /**
   * A member asks for a sign-in code (members enrolled at the counter claim
   * their account this way). Nothing tells the caller whether the email is a
   * member's: the caller always gets the same answer.
   */
  async requestSignInCode(slug: string, email: string): Promise<void> {
    const business = await this.businessBySlug(slug);
    const member = await this.members.findByEmail(business.id, email.toLowerCase());
    if (member) await this.sendSignInCode(business, member, 'requested');
  }

  /** Signs a member in with the code sent to them; UNAUTHENTICATED for anything else. */
  async signInWithCode(slug: string, email: string, code: string): Promise<MemberEntity> {
    const business = /^[a-z0-9-]{3,60}$/.test(slug) ? await this.businesses.findBySlug(slug) : null;
    const member = business ? await this.members.findByEmail(business.id, email.toLowerCase()) : null;
    if (!member || !(await this.signInCodes.redeem(member.businessId, member.id, code)))
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong or expired code');
    return member;
  }

  private async sendSignInCode(
    business: BusinessEntity,
    member: MemberEntity,
    reason: SignInCodeReason,
  ): Promise<void> {
    const issued = await this.signInCodes.issue(business.id, member.id);
    if (!issued) return; // this hour's allowance of codes for this member is used up
    await this.notifier.sendSignInCode({
      business: { id: business.id, name: business.name, slug: business.slug },
      member: { id: member.id, firstName: member.firstName, email: member.email, phone: member.phone },
      code: issued.code,
      expiresAt: issued.expiresAt,
      reason,
    });
  }

  private async create(
    businessId: string,
    dto: MemberProfileFields & { firstName: string },
    source: 'counter' | 'join',
    passwordHash: string | null,
  ) {
    const now = this.clock.now();
    const phone = dto.phone ? normalisePhone(dto.phone) : null;
    try {
      return await this.db.transaction(async (tx) => {
        const memberNumber = await this.businesses.nextMemberNumber(businessId, tx);
        const member = await this.members.insert(
          businessId,
          {
            memberNumber,
            firstName: dto.firstName.trim(),
            lastName: dto.lastName?.trim() ?? null,
            searchName: searchName(dto.firstName, dto.lastName),
            email: dto.email?.toLowerCase() ?? null,
            phone,
            birthday: dto.birthday ?? null,
            marketingConsent: dto.marketingConsent ?? false,
            marketingConsentAt: dto.marketingConsent === undefined ? null : now,
            marketingConsentSource: dto.marketingConsent === undefined ? null : source,
            passwordHash,
            source,
            createdAt: now,
          },
          tx,
        );
        const card = await this.issueCard(businessId, member.id, tx);
        await recordEvent(tx, {
          businessId,
          type: 'member.enrolled',
          payload: {
            memberId: member.id,
            memberNumber: String(member.memberNumber),
            cardId: card.id,
            source,
          },
          occurredAt: now,
          recordedAt: now,
        });
        return { member, card };
      });
    } catch (e) {
      uniqueConflict(e);
    }
  }

  private issueCard(businessId: string, memberId: string, tx: Tx): Promise<MemberCardEntity> {
    return this.cards.insert(
      businessId,
      { memberId, status: 'active', issuedAt: this.clock.now(), revokedAt: null, revokedReason: null },
      tx,
    );
  }

  async get(businessId: string, id: string): Promise<MemberEntity> {
    const m = await this.members.findById(businessId, id);
    if (!m) throw new NotFoundError('Member');
    return m;
  }

  async getByNumber(businessId: string, memberNumber: string): Promise<MemberEntity> {
    const m = /^\d{1,18}$/.test(memberNumber)
      ? await this.members.findByNumber(businessId, memberNumber)
      : null;
    if (!m) throw new NotFoundError('Member');
    return m;
  }

  async search(businessId: string, q: string | undefined, limit = 25, cursor?: string) {
    const items = await this.members.search(businessId, q, limit + 1, cursor);
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? page[page.length - 1].memberNumber : null };
  }

  async update(businessId: string, id: string, dto: UpdateMemberDto): Promise<MemberEntity> {
    const current = await this.get(businessId, id);
    const patch: Partial<MemberEntity> = {};
    if (dto.firstName !== undefined) patch.firstName = dto.firstName.trim();
    if (dto.lastName !== undefined) patch.lastName = dto.lastName.trim();
    if (dto.firstName !== undefined || dto.lastName !== undefined) {
      patch.searchName = searchName(patch.firstName ?? current.firstName, patch.lastName ?? current.lastName);
    }
    if (dto.email !== undefined) patch.email = dto.email.toLowerCase();
    if (dto.phone !== undefined) patch.phone = normalisePhone(dto.phone);
    if (dto.birthday !== undefined) patch.birthday = dto.birthday;
    if (dto.marketingConsent !== undefined && dto.marketingConsent !== current.marketingConsent) {
      patch.marketingConsent = dto.marketingConsent;
      patch.marketingConsentAt = this.clock.now();
      patch.marketingConsentSource = 'staff';
    }
    try {
      return (await this.members.update(businessId, id, patch))!;
    } catch (e) {
      uniqueConflict(e);
    }
  }

  async updateSelf(
    businessId: string,
    id: string,
    dto: {
      marketingConsent?: boolean;
      password?: string;
      firstName?: string;
      lastName?: string;
      birthday?: string;
    },
  ) {
    const current = await this.get(businessId, id);
    const patch: Partial<MemberEntity> = {};
    if (dto.firstName?.trim()) patch.firstName = dto.firstName.trim();
    if (dto.lastName?.trim()) patch.lastName = dto.lastName.trim();
    if (patch.firstName !== undefined || patch.lastName !== undefined) {
      patch.searchName = searchName(patch.firstName ?? current.firstName, patch.lastName ?? current.lastName);
    }
    if (dto.birthday !== undefined && dto.birthday !== current.birthday) {
      // Birthdays earn birthday bonuses: a member records theirs once, the shop corrects it.
      if (current.birthday)
        throw new ConflictError('Your birthday is already recorded; ask the shop to correct it', {
          hint: 'ask the shop to correct it',
        });
      patch.birthday = dto.birthday;
    }
    if (dto.marketingConsent !== undefined && dto.marketingConsent !== current.marketingConsent) {
      patch.marketingConsent = dto.marketingConsent;
      patch.marketingConsentAt = this.clock.now();
      patch.marketingConsentSource = 'member_page';
    }
    if (dto.password !== undefined) patch.passwordHash = await this.passwords.hash(dto.password);
    return (await this.members.update(businessId, id, patch))!;
  }

  // ---- cards ----

  async activeCard(businessId: string, memberId: string): Promise<MemberCardEntity> {
    await this.get(businessId, memberId);
    const card = await this.cards.findActive(businessId, memberId);
    if (!card) throw new NotFoundError('Active card', { hint: 'issue a new card' });
    return card;
  }

  cardPayload(card: MemberCardEntity): string {
    return signCardToken(this.config.cardSecret, card.businessId, card.id);
  }

  listCards(businessId: string, memberId: string) {
    return this.cards.listForMember(businessId, memberId);
  }

  /** Revokes the member's active card (lost phone, stolen card). Scans of it are refused afterwards. */
  async revokeCard(businessId: string, memberId: string, reason?: string): Promise<MemberCardEntity> {
    const card = await this.activeCard(businessId, memberId);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const revoked = (await this.cards.update(
        businessId,
        card.id,
        { status: 'revoked', revokedAt: now, revokedReason: reason ?? null },
        tx,
      ))!;
      await recordEvent(tx, {
        businessId,
        type: 'card.revoked',
        payload: { memberId, cardId: card.id, reason: reason ?? null },
        occurredAt: now,
        recordedAt: now,
      });
      return revoked;
    });
  }

  /** Revokes the active card (if any) and issues a new one, atomically. */
  async reissueCard(businessId: string, memberId: string, reason?: string): Promise<MemberCardEntity> {
    await this.get(businessId, memberId);
    return this.db.transaction(async (tx) => {
      // Serialise concurrent reissues of one member on the member row.
      await this.members.lockForUpdate(businessId, memberId, tx);
      const active = await this.cards.findActive(businessId, memberId, tx);
      const now = this.clock.now();
      if (active) {
        await this.cards.update(
          businessId,
          active.id,
          { status: 'revoked', revokedAt: now, revokedReason: reason ?? 'reissued' },
          tx,
        );
      }
      const card = await this.issueCard(businessId, memberId, tx);
      await recordEvent(tx, {
        businessId,
        type: 'card.reissued',
        payload: { memberId, cardId: card.id, revokedCardId: active?.id ?? null, reason: reason ?? null },
        occurredAt: now,
        recordedAt: now,
      });
      return card;
    });
  }

  /**
   * Resolves a scanned QR payload to the member, for the scanning business only.
   * Malformed or forged payloads, cards of another business and revoked cards
   * are refused with distinct codes.
   */
  /** The card id a scanned payload names, when its signature holds and it is this business's card. */
  verifyScanPayload(businessId: string, payload: string): string {
    const check = verifyCardToken(this.config.cardSecret, payload);
    if (!check.ok) {
      throw new DomainError(
        ErrorCode.CARD_INVALID,
        check.reason === 'malformed'
          ? 'This is not a Regulars member card'
          : 'The card could not be verified (damaged or forged)',
        { reason: check.reason },
      );
    }
    if (check.businessId !== businessId) {
      throw new DomainError(ErrorCode.CARD_FOREIGN_BUSINESS, 'This card belongs to another business');
    }
    return check.cardId;
  }
}

/** Refuses a scanned card that does not exist (in this business) or was revoked. */
export function checkScannedCard(card: { status: string; revokedAt: Date | null } | null): void {
  if (!card) throw new DomainError(ErrorCode.CARD_INVALID, 'Unknown card', { reason: 'unknown' });
  if (card.status === 'revoked') {
    throw new DomainError(ErrorCode.CARD_REVOKED, 'This card has been revoked; ask for the current card', {
      revokedAt: card.revokedAt?.toISOString(),
    });
  }
}
