import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, COUNTER, CurrentPrincipal, MANAGERS, STAFF } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import {
  ClubInvitationAnswerDto,
  ClubOptInDto,
  ClubPaymentDto,
  ConfigureClubDto,
  StaffClubOptInDto,
} from '../tiers/club.dto';
import { ClubPaymentsService } from './club-payments.service';
import { ClubService } from '../tiers/club.service';
import {
  ClubInvitationView,
  ClubMemberListView,
  ClubMembershipView,
  ClubPaymentView,
  ClubSettingsView,
  MyClubView,
} from '../tiers/club.views';

const actor = (p: Principal) => (p.kind === 'staff' ? p.staffId : null);

@ApiTags('club')
@Controller('api')
export class ClubController {
  constructor(
    private readonly clubs: ClubService,
    private readonly payments: ClubPaymentsService,
  ) {}

  @Get('club')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'The members-only club: access, benefits, consent wording, members per status' })
  @ApiOkResponse({ type: ClubSettingsView })
  settings(@CurrentPrincipal() p: Principal): Promise<ClubSettingsView> {
    return this.clubs.settings(p.businessId);
  }

  @Put('club')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Create or change the club (open, paid or invitation-only) and its benefits' })
  @ApiOkResponse({ type: ClubSettingsView })
  configure(@CurrentPrincipal() p: Principal, @Body() dto: ConfigureClubDto): Promise<ClubSettingsView> {
    return this.clubs.configure(p.businessId, actor(p), dto);
  }

  @Get('club/members')
  @Auth(...STAFF)
  @ApiOperation({ summary: 'Everyone with a club history and their status now (active first)' })
  @ApiOkResponse({ type: ClubMemberListView })
  members(@CurrentPrincipal() p: Principal): Promise<ClubMemberListView> {
    return this.clubs.members(p.businessId);
  }

  @Get('members/:id/club')
  @Auth(...STAFF)
  @ApiOperation({ summary: "A member's club membership: status, term, consent, open invitation, history" })
  @ApiOkResponse({ type: ClubMembershipView })
  membership(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<ClubMembershipView> {
    return this.clubs.membership(p.businessId, id);
  }

  @Post('members/:id/club/opt-in')
  @Auth(...STAFF)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Open club: the member joins at the counter, agreeing to the wording shown to them',
  })
  @ApiOkResponse({ type: ClubMembershipView })
  optIn(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: StaffClubOptInDto,
  ): Promise<ClubMembershipView> {
    return this.clubs.optIn(p.businessId, id, dto, dto.source, actor(p));
  }

  @Post('members/:id/club/cancel')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'End a membership at once (any access kind)' })
  @ApiOkResponse({ type: ClubMembershipView })
  cancel(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<ClubMembershipView> {
    return this.clubs.cancel(p.businessId, id, actor(p));
  }

  @Post('members/:id/club/invitations')
  @Auth(...MANAGERS)
  @HttpCode(201)
  @ApiOperation({ summary: 'Invitation-only club: a new invitation code and link for the member' })
  @ApiOkResponse({ type: ClubInvitationView })
  invite(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<ClubInvitationView> {
    return this.clubs.invite(p.businessId, id, actor(p));
  }

  @Post('members/:id/club/payments')
  @Auth(...COUNTER)
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Paid club: take the fee at the counter (a purchase of the membership product); a new term, or a renewal from the end of the current one',
  })
  @ApiOkResponse({ type: ClubPaymentView })
  pay(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: ClubPaymentDto,
  ): Promise<ClubPaymentView> {
    return this.payments.pay(p, id, dto);
  }
}

@ApiTags('me')
@Controller('api/me')
export class MyClubController {
  constructor(private readonly clubs: ClubService) {}

  @Get('club')
  @Auth('member')
  @ApiOperation({ summary: 'Own club membership and what the club offers' })
  @ApiOkResponse({ type: MyClubView })
  mine(@CurrentPrincipal() p: Principal & { kind: 'member' }): Promise<MyClubView> {
    return this.clubs.mine(p.businessId, p.memberId);
  }

  @Post('club/join')
  @Auth('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open club: join, agreeing to the consent wording shown' })
  @ApiOkResponse({ type: ClubMembershipView })
  join(
    @CurrentPrincipal() p: Principal & { kind: 'member' },
    @Body() dto: ClubOptInDto,
  ): Promise<ClubMembershipView> {
    return this.clubs.optIn(p.businessId, p.memberId, dto, 'app', null);
  }

  @Post('club/leave')
  @Auth('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open club: leave' })
  @ApiOkResponse({ type: ClubMembershipView })
  leave(@CurrentPrincipal() p: Principal & { kind: 'member' }): Promise<ClubMembershipView> {
    return this.clubs.optOut(p.businessId, p.memberId, 'app', null);
  }

  @Post('club/invitations/accept')
  @Auth('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation to the club (expired, used or refused codes are refused)' })
  @ApiOkResponse({ type: ClubMembershipView })
  accept(
    @CurrentPrincipal() p: Principal & { kind: 'member' },
    @Body() dto: ClubInvitationAnswerDto,
  ): Promise<ClubMembershipView> {
    return this.clubs.respond(p.businessId, p.memberId, dto.code, 'accepted');
  }

  @Post('club/invitations/refuse')
  @Auth('member')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse an invitation to the club' })
  @ApiOkResponse({ type: ClubMembershipView })
  refuse(
    @CurrentPrincipal() p: Principal & { kind: 'member' },
    @Body() dto: ClubInvitationAnswerDto,
  ): Promise<ClubMembershipView> {
    return this.clubs.respond(p.businessId, p.memberId, dto.code, 'refused');
  }
}
