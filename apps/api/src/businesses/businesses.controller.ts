import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { apiKeyView, businessView, locationView, staffView } from './business.views';

import { UUID as uuid } from '../common/pipes';

@ApiTags('businesses')
@Controller('api')
export class BusinessesController {
  constructor(private readonly service: BusinessesService) {}

  @Post('businesses')
  @Public()
  @ApiOperation({ summary: 'Sign up a business with its owner; returns an owner token' })
  @ApiCreatedResponse({ description: 'The business, its first location, the owner and an access token' })
  async signup(@Body() dto: SignupDto) {
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
  @ApiOperation({ summary: 'The business of the signed-in staff member' })
  async get(@CurrentPrincipal() p: Principal) {
    return businessView(await this.service.get(p.businessId));
  }

  @Patch('business')
  @Auth('owner')
  @ApiOperation({ summary: 'Change the business name, time zone or purchase amount limits' })
  async update(@CurrentPrincipal() p: Principal, @Body() dto: UpdateBusinessDto) {
    return businessView(await this.service.update(p.businessId, dto));
  }

  @Get('locations')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'List locations' })
  async listLocations(@CurrentPrincipal() p: Principal) {
    return { items: (await this.service.listLocations(p.businessId)).map(locationView) };
  }

  @Post('locations')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Add a location' })
  async createLocation(@CurrentPrincipal() p: Principal, @Body() dto: CreateLocationDto) {
    return locationView(await this.service.createLocation(p.businessId, dto));
  }

  @Patch('locations/:id')
  @Auth(...MANAGERS)
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
  @ApiOperation({ summary: 'List staff' })
  async listStaff(@CurrentPrincipal() p: Principal) {
    return { items: (await this.service.listStaff(p.businessId)).map(staffView) };
  }

  @Get('staff/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'One staff member' })
  async getStaff(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string) {
    return staffView(await this.service.getStaff(p.businessId, id));
  }

  @Post('staff')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Add a staff member (managers may add cashiers only)' })
  async createStaff(@CurrentPrincipal() p: Principal, @Body() dto: CreateStaffDto) {
    return staffView(await this.service.createStaff(p, dto));
  }

  @Patch('staff/:id')
  @Auth(...MANAGERS)
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
  @ApiOperation({ summary: 'List POS API keys (secrets are never shown again)' })
  async listKeys(@CurrentPrincipal() p: Principal) {
    return { items: (await this.service.listApiKeys(p.businessId)).map(apiKeyView) };
  }

  @Post('api-keys')
  @Auth('owner')
  @ApiOperation({ summary: 'Create a POS API key; the key is in this answer only' })
  async createKey(@CurrentPrincipal() p: Principal, @Body() dto: CreateApiKeyDto) {
    const { entity, key } = await this.service.createApiKey(p.businessId, dto.name);
    return { ...apiKeyView(entity), key };
  }

  @Delete('api-keys/:id')
  @Auth('owner')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a POS API key' })
  async revokeKey(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string) {
    return apiKeyView(await this.service.revokeApiKey(p.businessId, id));
  }
}
