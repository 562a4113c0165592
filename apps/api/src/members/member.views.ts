import type { MemberCardEntity, MemberEntity } from './member.entities';

export const memberView = (m: MemberEntity) => ({
  id: m.id,
  memberNumber: m.memberNumber,
  firstName: m.firstName,
  lastName: m.lastName,
  email: m.email,
  phone: m.phone,
  birthday: m.birthday,
  marketingConsent: m.marketingConsent,
  marketingConsentAt: m.marketingConsentAt?.toISOString() ?? null,
  marketingConsentSource: m.marketingConsentSource,
  source: m.source,
  createdAt: m.createdAt.toISOString(),
});

export const cardView = (c: MemberCardEntity) => ({
  id: c.id,
  status: c.status,
  issuedAt: c.issuedAt.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
  revokedReason: c.revokedReason,
});
