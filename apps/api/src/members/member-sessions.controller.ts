import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Auth, CurrentPrincipal, Public } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { LoginThrottlerGuard } from '../auth/login-throttler.guard';
import { UUID } from '../common/pipes';
import { Optional } from '../common/optional';
import { memberSessionView, MemberSessionsService } from './member-sessions.service';

export class CreateMemberSessionDto {
  @ApiPropertyOptional({
    maxLength: 120,
    description: 'What the device calls itself, e.g. "Pixel 8, Chrome"',
  })
  @Optional()
  @IsString()
  @Length(1, 120)
  device?: string;
}

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token of this device' })
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}

type Member = Principal & { kind: 'member' };

/** A member's own devices: stay signed in for months, see them, sign them out. */
@ApiTags('me')
@Controller('api')
export class MemberSessionsController {
  constructor(private readonly sessions: MemberSessionsService) {}

  @Post('me/sessions')
  @Auth('member')
  @ApiOperation({
    summary:
      'Keep the signed-in member signed in on this device: a refresh token valid 180 days from its last use',
  })
  create(@CurrentPrincipal() p: Member, @Body() dto: CreateMemberSessionDto) {
    return this.sessions.create(p.businessId, p.memberId, dto.device ?? null);
  }

  @Get('me/sessions')
  @Auth('member')
  @ApiOperation({ summary: "The member's devices still signed in" })
  async list(@CurrentPrincipal() p: Member) {
    return { items: (await this.sessions.list(p.businessId, p.memberId)).map(memberSessionView) };
  }

  @Delete('me/sessions/:id')
  @Auth('member')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Sign one of the own devices out' })
  async revoke(@CurrentPrincipal() p: Member, @Param('id', UUID) id: string) {
    await this.sessions.revoke(p.businessId, p.memberId, id);
  }

  @Post('auth/member/refresh')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new access token for a refresh token; the refresh token is replaced by the one answered',
  })
  refresh(@Body() dto: RefreshTokenDto) {
    return this.sessions.refresh(dto.refreshToken);
  }

  @Post('auth/member/logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Sign this device out: its refresh token stops working' })
  async logout(@Body() dto: RefreshTokenDto) {
    await this.sessions.logout(dto.refreshToken);
  }
}
