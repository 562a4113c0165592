import { purchaseLimitsOf } from './currency';
import type { ApiKeyEntity, BusinessEntity, LocationEntity, StaffUserEntity } from './business.entities';

export const businessView = (b: BusinessEntity) => ({
  id: b.id,
  name: b.name,
  slug: b.slug,
  currency: b.currency,
  timeZone: b.timeZone,
  createdAt: b.createdAt.toISOString(),
  /** Amount limits of a purchase in force (minor units), and which are the currency defaults. */
  purchaseLimits: purchaseLimitsOf(b),
});

export const locationView = (l: LocationEntity) => ({
  id: l.id,
  name: l.name,
  address: l.address,
  createdAt: l.createdAt.toISOString(),
});

export const staffView = (s: StaffUserEntity) => ({
  id: s.id,
  email: s.email,
  name: s.name,
  role: s.role,
  locationId: s.locationId,
  active: s.active,
  createdAt: s.createdAt.toISOString(),
});

export const apiKeyView = (k: ApiKeyEntity) => ({
  id: k.id,
  name: k.name,
  keyId: k.keyId,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});
