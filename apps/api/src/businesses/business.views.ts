import { purchaseLimitsOf } from './currency';
import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from './business.entities';
import type { ApiKeyEntity, BusinessEntity, LocationEntity, StaffUserEntity } from './business.entities';

/** Response views: what the API answers (documented in OpenAPI; the pages' client types come from them). */
export class PurchaseLimitsDefaultsView {
  @ApiProperty() confirmAbove: boolean;
  @ApiProperty() limit: boolean;
}

export class PurchaseLimitsView {
  @ApiProperty({ description: 'Minor units: the counter asks for confirmation above this' })
  confirmAbove: number;
  @ApiProperty({ description: 'Minor units: a purchase above this is refused (AMOUNT_OVER_LIMIT)' })
  limit: number;
  @ApiProperty({
    type: PurchaseLimitsDefaultsView,
    description: 'Which of the two are the currency defaults',
  })
  defaults: PurchaseLimitsDefaultsView;
}

export class BusinessView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Join-link handle' }) slug: string;
  @ApiProperty({ description: 'ISO 4217; money is in minor units of it', example: 'EUR' }) currency: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timeZone: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    type: PurchaseLimitsView,
    description: 'Amount limits of a purchase in force (minor units)',
  })
  purchaseLimits: PurchaseLimitsView;
}

export class LocationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class LocationListView {
  @ApiProperty({ type: [LocationView] }) items: LocationView[];
}

export class StaffView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StaffListView {
  @ApiProperty({ type: [StaffView] }) items: StaffView[];
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Public half of the key (rk_<keyId>_…)' }) keyId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The whole key; shown in this answer only' }) key: string;
}

export class ApiKeyListView {
  @ApiProperty({ type: [ApiKeyView] }) items: ApiKeyView[];
}

export class TokenView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
}

export class StaffLoginView extends TokenView {
  @ApiProperty({ type: StaffView }) staff: StaffView;
}

export class SignupView extends TokenView {
  @ApiProperty({ type: BusinessView }) business: BusinessView;
  @ApiProperty({ type: LocationView }) location: LocationView;
  @ApiProperty({ type: StaffView }) owner: StaffView;
}

export const businessView = (b: BusinessEntity): BusinessView => ({
  id: b.id,
  name: b.name,
  slug: b.slug,
  currency: b.currency,
  timeZone: b.timeZone,
  createdAt: b.createdAt.toISOString(),
  purchaseLimits: purchaseLimitsOf(b),
});

export const locationView = (l: LocationEntity): LocationView => ({
  id: l.id,
  name: l.name,
  address: l.address,
  createdAt: l.createdAt.toISOString(),
});

export const staffView = (s: StaffUserEntity): StaffView => ({
  id: s.id,
  email: s.email,
  name: s.name,
  role: s.role,
  locationId: s.locationId,
  active: s.active,
  createdAt: s.createdAt.toISOString(),
});

export const apiKeyView = (k: ApiKeyEntity): ApiKeyView => ({
  id: k.id,
  name: k.name,
  keyId: k.keyId,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});
