import { ApiProperty } from '@nestjs/swagger';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class ClubSettingsView {
  @ApiProperty({
    ...OBJECT,
    nullable: true,
    description: 'The club (id, name, access, benefits); null: none',
  })
  club: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) consentWording: string | null;
  @ApiProperty({ type: String, nullable: true }) membershipSku: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Members per status now (active, invited, lapsed, left, refused, cancelled, none)',
  })
  counts: Record<string, number>;
}

export class ClubConsentView {
  @ApiProperty() wording: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'Where it was given: app, counter or console' }) source: string;
}

export class ClubInvitationStateView {
  @ApiProperty() code: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class ClubHistoryItemView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() status: string;
  @ApiProperty() reason: string;
}

export class ClubMembershipView {
  @ApiProperty() clubId: string;
  @ApiProperty() clubName: string;
  @ApiProperty({ enum: ['open', 'paid', 'invitation'] }) access: string;
  @ApiProperty({ enum: ['none', 'invited', 'active', 'lapsed', 'left', 'refused', 'cancelled'] })
  status: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) since: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Paid clubs: end of the term (exclusive); it lapses then unless renewed',
  })
  until: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Last local day covered (YYYY-MM-DD)' })
  lastDay: string | null;
  @ApiProperty({ type: ClubConsentView, nullable: true }) consent: ClubConsentView | null;
  @ApiProperty({ type: ClubInvitationStateView, nullable: true })
  openInvitation: ClubInvitationStateView | null;
  @ApiProperty({ type: [ClubHistoryItemView] }) history: ClubHistoryItemView[];
}

export class ClubMemberItemView {
  @ApiProperty() memberId: string;
  @ApiProperty() memberNumber: string;
  @ApiProperty() name: string;
  @ApiProperty() status: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) since: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) until: string | null;
  @ApiProperty({ type: String, nullable: true }) lastDay: string | null;
  @ApiProperty({ type: ClubInvitationStateView, nullable: true })
  openInvitation: ClubInvitationStateView | null;
}

export class ClubMemberListView {
  @ApiProperty({ type: [ClubMemberItemView] }) items: ClubMemberItemView[];
}

export class ClubInvitationView {
  @ApiProperty() code: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'Path of the page where the member accepts it (on /me)' }) link: string;
  @ApiProperty({ type: ClubMembershipView }) membership: ClubMembershipView;
}

export class ClubPaymentView {
  @ApiProperty({ description: 'The purchase of the membership product' }) purchaseId: string;
  @ApiProperty({ description: 'Minor units' }) fee: number;
  @ApiProperty() currency: string;
  @ApiProperty({ type: ClubMembershipView }) membership: ClubMembershipView;
}

export class MyClubInfoView {
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['open', 'paid', 'invitation'] }) access: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Paid clubs: the fee, minor units' }) fee:
    number | null;
  @ApiProperty({ type: Number, nullable: true }) termMonths: number | null;
  @ApiProperty() currency: string;
  @ApiProperty({ type: String, nullable: true, description: 'Open clubs: what you agree to by joining' })
  consentWording: string | null;
  @ApiProperty(OBJECT) benefits: Record<string, unknown>;
}

export class MyClubView {
  @ApiProperty({ type: MyClubInfoView, nullable: true }) club: MyClubInfoView | null;
  @ApiProperty({ type: ClubMembershipView, nullable: true }) membership: ClubMembershipView | null;
}
