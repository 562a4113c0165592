import { ApiProperty } from '@nestjs/swagger';
import type { MemberCardEntity, MemberEntity } from './member.entities';

export class MemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '100001' }) memberNumber: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ type: String, nullable: true }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true, description: '"+" and digits' }) phone: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) birthday: string | null;
  @ApiProperty() marketingConsent: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) marketingConsentAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where the consent was last given or withdrawn: join, counter, staff or member_page',
  })
  marketingConsentSource: string | null;
  @ApiProperty({ enum: ['counter', 'join'] }) source: 'counter' | 'join';
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MemberPageView {
  @ApiProperty({ type: [MemberView] }) items: MemberView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page' })
  nextCursor: string | null;
}

export class CardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status: 'active' | 'revoked';
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedReason: string | null;
}

export class CardWithPayloadView extends CardView {
  @ApiProperty({ description: 'The QR payload RG1.…' }) payload: string;
}

export class CardListView {
  @ApiProperty({ type: [CardView] }) items: CardView[];
}

export class EnrolledMemberView extends MemberView {
  @ApiProperty({ type: CardWithPayloadView }) card: CardWithPayloadView;
}

export const memberView = (m: MemberEntity): MemberView => ({
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

export const cardView = (c: MemberCardEntity): CardView => ({
  id: c.id,
  status: c.status,
  issuedAt: c.issuedAt.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
  revokedReason: c.revokedReason,
});
