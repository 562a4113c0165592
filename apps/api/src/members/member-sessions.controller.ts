import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
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

export class RefreshTokenView {
  @ApiProperty({ description: 'Give it back to /api/auth/member/refresh; keep it like a password' })
  refreshToken: string;
  @ApiProperty({ format: 'date-time', description: '180 days after its last use' })
  refreshExpiresAt: string;
}

export class RefreshedView extends RefreshTokenView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token is valid' }) expiresIn: number;
}

export class MemberSessionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) device: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) lastUsedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class MemberSessionListView {
  @ApiProperty({ type: [MemberSessionView] }) items: MemberSessionView[];
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
  @ApiCreatedResponse({ type: RefreshTokenView })
  create(@CurrentPrincipal() p: Member, @Body() dto: CreateMemberSessionDto): Promise<RefreshTokenView> {
    return this.sessions.create(p.businessId, p.memberId, dto.device ?? null);
  }

  @Get('me/sessions')
  @Auth('member')
  @ApiOperation({ summary: "The member's devices still signed in" })
  @ApiOkResponse({ type: MemberSessionListView })
  async list(@CurrentPrincipal() p: Member): Promise<MemberSessionListView> {
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
  @ApiOkResponse({ type: RefreshedView })
  refresh(@Body() dto: RefreshTokenDto): Promise<RefreshedView> {
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
