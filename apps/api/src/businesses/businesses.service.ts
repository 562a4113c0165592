import { Injectable } from '@nestjs/common';
import { randomBytes, createHash } from 'node:crypto';
import { Clock, ConflictError, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import {
  ApiKeyEntity,
  BusinessEntity,
  LocationEntity,
  StaffUserEntity,
  type StaffRole,
} from './business.entities';
import {
  ApiKeyRepository,
  BusinessRepository,
  LocationRepository,
  StaffRepository,
} from './businesses.repository';
import { isUniqueViolation } from '../database/pg-errors';
import { Db } from '../database/db';
import { purchaseLimitsOf } from './currency';
import { PasswordService, TokenService } from '../auth/token.service';
import type { Principal } from '../auth/principal';
import type {
  CreateLocationDto,
  CreateStaffDto,
  SignupDto,
  UpdateBusinessDto,
  UpdateLocationDto,
  UpdateStaffDto,
} from './business.dto';

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base.length >= 3 ? base : `shop-${base}`.replace(/-$/, '');
}

@Injectable()
export class BusinessesService {
  constructor(
    private readonly db: Db,
    private readonly businesses: BusinessRepository,
    private readonly locations: LocationRepository,
    private readonly staff: StaffRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  /** Sign-up: the business, its first location and its owner, in one transaction. */
  async signup(dto: SignupDto) {
    const passwordHash = await this.passwords.hash(dto.ownerPassword);
    const now = this.clock.now();
    const explicitSlug = dto.slug !== undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const slug =
        dto.slug ??
        (attempt === 0 ? slugify(dto.name) : `${slugify(dto.name)}-${randomBytes(3).toString('hex')}`);
      try {
        return await this.db.transaction(async (tx) => {
          const business = await this.businesses.create(
            {
              name: dto.name,
              slug,
              currency: dto.currency.toUpperCase(),
              timeZone: dto.timeZone,
              createdAt: now,
            },
            tx,
          );
          const location = await this.locations.insert(
            business.id,
            { name: dto.name, address: null, createdAt: now },
            tx,
          );
          const owner = await this.staff.insert(
            business.id,
            {
              email: dto.ownerEmail.toLowerCase(),
              name: dto.ownerName,
              role: 'owner',
              locationId: location.id,
              passwordHash,
              active: true,
              createdAt: now,
            },
            tx,
          );
          return { business, location, owner, token: this.tokens.issueStaff(owner) };
        });
      } catch (e) {
        if (isUniqueViolation(e, 'uq_businesses_slug')) {
          if (explicitSlug) throw new ConflictError('That slug is taken', { field: 'slug' });
          continue;
        }
        throw e;
      }
    }
    throw new ConflictError('Could not allocate a unique slug; give one explicitly', { field: 'slug' });
  }

  async get(businessId: string): Promise<BusinessEntity> {
    const b = await this.businesses.findById(businessId);
    if (!b) throw new NotFoundError('Business');
    return b;
  }

  async update(businessId: string, dto: UpdateBusinessDto): Promise<BusinessEntity> {
    // An empty body (or null) changes nothing: only the fields given are written.
    const patch: Parameters<BusinessRepository['update']>[1] = {};
    if (dto?.name !== undefined) patch.name = dto.name;
    if (dto?.timeZone !== undefined) patch.timeZone = dto.timeZone;
    if (dto?.purchaseConfirmAbove !== undefined)
      patch.purchaseConfirmAbove =
        dto.purchaseConfirmAbove === null ? null : String(dto.purchaseConfirmAbove);
    if (dto?.purchaseLimit !== undefined)
      patch.purchaseLimit = dto.purchaseLimit === null ? null : String(dto.purchaseLimit);
    if (dto?.purchaseConfirmAbove !== undefined || dto?.purchaseLimit !== undefined) {
      const current = await this.get(businessId);
      const after = purchaseLimitsOf({ ...current, ...patch });
      if (after.confirmAbove > after.limit) {
        throw new DomainError(
          ErrorCode.VALIDATION_FAILED,
          'The confirmation amount must not be above the purchase limit',
          {
            fields: [
              { field: 'purchaseConfirmAbove', problems: [`must not be above the limit (${after.limit})`] },
            ],
          },
        );
      }
    }
    const b = await this.businesses.update(businessId, patch);
    if (!b) throw new NotFoundError('Business');
    return b;
  }

  listLocations(businessId: string): Promise<LocationEntity[]> {
    return this.locations.list(businessId, {}, { createdAt: 'ASC' });
  }

  createLocation(businessId: string, dto: CreateLocationDto): Promise<LocationEntity> {
    return this.locations.insert(businessId, {
      name: dto.name,
      address: dto.address ?? null,
      createdAt: this.clock.now(),
    });
  }

  async updateLocation(businessId: string, id: string, dto: UpdateLocationDto): Promise<LocationEntity> {
    const patch: Partial<LocationEntity> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.address !== undefined) patch.address = dto.address;
    const l = await this.locations.update(businessId, id, patch);
    if (!l) throw new NotFoundError('Location');
    return l;
  }

  listStaff(businessId: string): Promise<StaffUserEntity[]> {
    return this.staff.list(businessId, {}, { createdAt: 'ASC' });
  }

  async getStaff(businessId: string, id: string): Promise<StaffUserEntity> {
    const s = await this.staff.findById(businessId, id);
    if (!s) throw new NotFoundError('Staff member');
    return s;
  }

  private assertMayManage(actor: Principal, role: StaffRole): void {
    if (actor.kind !== 'staff') throw new DomainError(ErrorCode.FORBIDDEN, 'Not allowed');
    if (actor.role === 'manager' && role !== 'cashier') {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Managers can only manage cashiers');
    }
  }

  private async assertLocation(businessId: string, locationId: string | undefined): Promise<void> {
    if (locationId && !(await this.locations.findById(businessId, locationId)))
      throw new NotFoundError('Location');
  }

  async createStaff(actor: Principal, dto: CreateStaffDto): Promise<StaffUserEntity> {
    this.assertMayManage(actor, dto.role);
    await this.assertLocation(actor.businessId, dto.locationId);
    try {
      return await this.staff.insert(actor.businessId, {
        email: dto.email.toLowerCase(),
        name: dto.name,
        role: dto.role,
        locationId: dto.locationId ?? null,
        passwordHash: await this.passwords.hash(dto.password),
        active: true,
        createdAt: this.clock.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_staff_email'))
        throw new ConflictError('A staff member with that email exists', { field: 'email' });
      throw e;
    }
  }

  async updateStaff(actor: Principal, id: string, dto: UpdateStaffDto): Promise<StaffUserEntity> {
    const businessId = actor.businessId;
    const current = await this.getStaff(businessId, id);
    this.assertMayManage(actor, current.role);
    if (dto.role) this.assertMayManage(actor, dto.role);
    await this.assertLocation(businessId, dto.locationId);
    const patch: Partial<StaffUserEntity> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.role !== undefined) patch.role = dto.role;
    if (dto.active !== undefined) patch.active = dto.active;
    if (dto.locationId !== undefined) patch.locationId = dto.locationId;
    if (dto.password !== undefined) patch.passwordHash = await this.passwords.hash(dto.password);
    const losesOwner =
      current.role === 'owner' &&
      current.active &&
      (patch.active === false || (patch.role && patch.role !== 'owner'));
    return this.db.transaction(async (tx) => {
      if (losesOwner) {
        // Serialise owner changes of this business, then make sure one active owner remains.
        await this.businesses.lockForUpdate(businessId, tx);
        const owners = await this.staff.countActiveOwners(businessId, tx);
        if (owners <= 1) throw new ConflictError('A business needs at least one active owner');
      }
      const s = await this.staff.update(businessId, id, patch, tx);
      if (!s) throw new NotFoundError('Staff member');
      return s;
    });
  }

  listApiKeys(businessId: string): Promise<ApiKeyEntity[]> {
    return this.apiKeys.list(businessId, {}, { createdAt: 'ASC' });
  }

  /** Creates a POS API key; the secret is returned once and only its hash is stored. */
  async createApiKey(businessId: string, name: string): Promise<{ entity: ApiKeyEntity; key: string }> {
    const keyId = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const entity = await this.apiKeys.insert(businessId, {
      name,
      keyId,
      secretHash: createHash('sha256').update(secret).digest('hex'),
      createdAt: this.clock.now(),
      revokedAt: null,
      lastUsedAt: null,
    });
    return { entity, key: `rk_${keyId}_${secret}` };
  }

  async revokeApiKey(businessId: string, id: string): Promise<ApiKeyEntity> {
    const k = await this.apiKeys.findById(businessId, id);
    if (!k) throw new NotFoundError('API key');
    if (k.revokedAt) return k;
    return (await this.apiKeys.update(businessId, id, { revokedAt: this.clock.now() }))!;
  }
}
