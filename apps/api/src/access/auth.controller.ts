import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Auth, CurrentPrincipal, Public } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { AuthService } from './auth.service';
import { MemberLoginDto, StaffLoginDto } from './auth.dto';
import { LoginThrottlerGuard } from '../auth/login-throttler.guard';
import { StaffLoginView, staffView } from '../businesses/business.views';
import { memberView } from '../members/member.views';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('staff/login')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address and email' })
  @ApiOkResponse({ type: StaffLoginView })
  @ApiOperation({ summary: 'Staff login (email + password) → bearer token' })
  async staffLogin(@Body() dto: StaffLoginDto): Promise<StaffLoginView> {
    const { staff, token } = await this.auth.staffLogin(dto.email, dto.password, dto.business);
    return { ...token, staff: staffView(staff) };
  }

  @Post('member/login')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address and email' })
  @ApiOperation({ summary: 'Member self-service login (business slug + email + password) → bearer token' })
  async memberLogin(@Body() dto: MemberLoginDto) {
    const { member, token } = await this.auth.memberLogin(dto.business, dto.email, dto.password);
    return { ...token, member: memberView(member) };
  }

  @Get('whoami')
  @Auth('owner', 'manager', 'cashier', 'pos', 'member')
  @ApiOperation({ summary: 'Who the credentials belong to' })
  whoami(@CurrentPrincipal() p: Principal) {
    return p;
  }
}
