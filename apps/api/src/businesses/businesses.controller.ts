import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentPrincipal, MANAGERS, Public, STAFF } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { BusinessesService } from './businesses.service';
import {
  CreateApiKeyDto,
  CreateLocationDto,
  CreateStaffDto,
  SignupDto,
  UpdateBusinessDto,
  UpdateLocationDto,
  UpdateStaffDto,
} from './business.dto';
import {
  ApiKeyListView,
  ApiKeyView,
  apiKeyView,
  BusinessView,
  businessView,
  CreatedApiKeyView,
  LocationListView,
  LocationView,
  locationView,
  SignupView,
  StaffListView,
  StaffView,
  staffView,
} from './business.views';

import { UUID as uuid } from '../common/pipes';

@ApiTags('businesses')
@Controller('api')
export class BusinessesController {
  constructor(private readonly service: BusinessesService) {}

  @Post('businesses')
  @Public()
  @ApiCreatedResponse({ type: SignupView })
  @ApiOperation({ summary: 'Sign up a business with its owner; returns an owner token' })
  async signup(@Body() dto: SignupDto): Promise<SignupView> {
    const r = await this.service.signup(dto);
    return {
      business: businessView(r.business),
      location: locationView(r.location),
      owner: staffView(r.owner),
      ...r.token,
    };
  }

  @Get('business')
  @Auth(...STAFF)
  @ApiOkResponse({ type: BusinessView })
  @ApiOperation({ summary: 'The business of the signed-in staff member' })
  async get(@CurrentPrincipal() p: Principal) {
    return businessView(await this.service.get(p.businessId));
  }

  @Patch('business')
  @Auth('owner')
  @ApiOkResponse({ type: BusinessView })
  @ApiOperation({ summary: 'Change the business name, time zone or purchase amount limits' })
  async update(@CurrentPrincipal() p: Principal, @Body() dto: UpdateBusinessDto) {
    return businessView(await this.service.update(p.businessId, dto));
  }

  @Get('locations')
  @Auth(...STAFF)
  @ApiOkResponse({ type: LocationListView })
  @ApiOperation({ summary: 'List locations' })
  async listLocations(@CurrentPrincipal() p: Principal) {
    return { items: (await this.service.listLocations(p.businessId)).map(locationView) };
  }

  @Post('locations')
  @Auth(...MANAGERS)
  @ApiCreatedResponse({ type: LocationView })
  @ApiOperation({ summary: 'Add a location' })
  async createLocation(@CurrentPrincipal() p: Principal, @Body() dto: CreateLocationDto) {
    return locationView(await this.service.createLocation(p.businessId, dto));
  }

  @Patch('locations/:id')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: LocationView })
  @ApiOperation({ summary: 'Change a location' })
  async updateLocation(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: UpdateLocationDto,
  ) {
    return locationView(await this.service.updateLocation(p.businessId, id, dto));
  }

  @Get('staff')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: StaffListView })
  @ApiOperation({ summary: 'List staff' })
  async listStaff(@CurrentPrincipal() p: Principal) {
    return { items: (await this.service.listStaff(p.businessId)).map(staffView) };
  }

  @Get('staff/:id')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: StaffView })
  @ApiOperation({ summary: 'One staff member' })
  async getStaff(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string) {
    return staffView(await this.service.getStaff(p.businessId, id));
  }

  @Post('staff')
  @Auth(...MANAGERS)
  @ApiCreatedResponse({ type: StaffView })
  @ApiOperation({ summary: 'Add a staff member (managers may add cashiers only)' })
  async createStaff(@CurrentPrincipal() p: Principal, @Body() dto: CreateStaffDto) {
    return staffView(await this.service.createStaff(p, dto));
  }

  @Patch('staff/:id')
  @Auth(...MANAGERS)
  @ApiOkResponse({ type: StaffView })
  @ApiOperation({ summary: 'Change role, name, password, location or deactivate a staff member' })
  async updateStaff(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: UpdateStaffDto,
  ) {
    return staffView(await this.service.updateStaff(p, id, dto));
  }

  @Get('api-keys')
  @Auth('owner')
  @ApiOkResponse({ type: ApiKeyListView })
  @ApiOperation({ summary: 'List POS API keys (secrets are never shown again)' })
  async listKeys(@CurrentPrincipal() p: Principal) {
    return { items: (await this.service.listApiKeys(p.businessId)).map(apiKeyView) };
  }

  @Post('api-keys')
  @Auth('owner')
  @ApiCreatedResponse({ type: CreatedApiKeyView })
  @ApiOperation({ summary: 'Create a POS API key; the key is in this answer only' })
  async createKey(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateApiKeyDto,
  ): Promise<CreatedApiKeyView> {
    const { entity, key } = await this.service.createApiKey(p.businessId, dto.name);
    return { ...apiKeyView(entity), key };
  }

  @Delete('api-keys/:id')
  @Auth('owner')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiKeyView })
  @ApiOperation({ summary: 'Revoke a POS API key' })
  async revokeKey(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string) {
    return apiKeyView(await this.service.revokeApiKey(p.businessId, id));
  }
}
