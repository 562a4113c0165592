import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, COUNTER, CurrentPrincipal, Public, STAFF } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { TokenService } from '../auth/token.service';
import { MembersService } from './members.service';
import { LoginThrottlerGuard } from '../auth/login-throttler.guard';
import { CODE_TTL_MS } from './sign-in-codes.service';
import {
  CodeSentView,
  EnrolMemberDto,
  JoinDto,
  RequestSignInCodeDto,
  SignInWithCodeDto,
  RevokeCardDto,
  SearchMembersQuery,
  UpdateMemberDto,
  UpdateSelfDto,
} from './member.dto';
import {
  CardListView,
  CardView,
  cardView,
  CardWithPayloadView,
  EnrolledMemberView,
  MemberPageView,
  MemberView,
  memberView,
} from './member.views';
import { cardPng, cardSvg } from './card-image';

async function sendCardImage(reply: FastifyReply, payload: string, kind: 'png' | 'svg') {
  void reply.header('cache-control', 'private, no-store');
  if (kind === 'png') {
    void reply.header('content-type', 'image/png');
    return cardPng(payload);
  }
  void reply.header('content-type', 'image/svg+xml; charset=utf-8');
  return cardSvg(payload);
}

@ApiTags('members')
@Controller('api/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @Auth(...STAFF)
  @ApiCreatedResponse({ type: EnrolledMemberView })
  @ApiOperation({ summary: 'Enrol a member at the counter (name and email or phone); a card is issued' })
  async enrol(@CurrentPrincipal() p: Principal, @Body() dto: EnrolMemberDto) {
    const { member, card } = await this.members.enrol(p.businessId, dto);
    return { ...memberView(member), card: { ...cardView(card), payload: this.members.cardPayload(card) } };
  }

  @Get()
  @Auth(...STAFF)
  @ApiOkResponse({ type: MemberPageView })
  @ApiOperation({ summary: 'Search members by name, email, phone or member number' })
  async search(@CurrentPrincipal() p: Principal, @Query() q: SearchMembersQuery) {
    const r = await this.members.search(p.businessId, q.q, q.limit ?? 25, q.cursor);
    return { items: r.items.map(memberView), nextCursor: r.nextCursor };
  }

  @Get('by-number/:number')
  @Auth(...COUNTER)
  @ApiOkResponse({ type: MemberView })
  @ApiOperation({ summary: 'Look a member up by member number (manual entry at the counter)' })
  async byNumber(@CurrentPrincipal() p: Principal, @Param('number') n: string) {
    return memberView(await this.members.getByNumber(p.businessId, n));
  }

  @Get(':id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: MemberView })
  @ApiOperation({ summary: 'One member' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    return memberView(await this.members.get(p.businessId, id));
  }

  @Patch(':id')
  @Auth(...STAFF)
  @ApiOkResponse({ type: MemberView })
  @ApiOperation({ summary: 'Change a member profile' })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: UpdateMemberDto,
  ) {
    return memberView(await this.members.update(p.businessId, id, dto));
  }

  @Get(':id/cards')
  @Auth(...STAFF)
  @ApiOkResponse({ type: CardListView })
  @ApiOperation({ summary: 'All cards of a member, newest first' })
  async cards(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    await this.members.get(p.businessId, id);
    return { items: (await this.members.listCards(p.businessId, id)).map(cardView) };
  }

  @Get(':id/card')
  @Auth(...STAFF)
  @ApiOkResponse({ type: CardWithPayloadView })
  @ApiOperation({ summary: 'The active card with its QR payload' })
  async card(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    const card = await this.members.activeCard(p.businessId, id);
    return { ...cardView(card), payload: this.members.cardPayload(card) };
  }

  @Get(':id/card.png')
  @Auth(...STAFF)
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'The active card as a QR code PNG' })
  async cardPng(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const card = await this.members.activeCard(p.businessId, id);
    return sendCardImage(reply, this.members.cardPayload(card), 'png');
  }

  @Get(':id/card.svg')
  @Auth(...STAFF)
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'The active card as a QR code SVG' })
  async cardSvg(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const card = await this.members.activeCard(p.businessId, id);
    return sendCardImage(reply, this.members.cardPayload(card), 'svg');
  }

  @Post(':id/card/revoke')
  @Auth(...STAFF)
  @HttpCode(200)
  @ApiOkResponse({ type: CardView })
  @ApiOperation({ summary: 'Revoke the active card (lost or stolen); scans of it are refused' })
  async revoke(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() dto: RevokeCardDto) {
    return cardView(await this.members.revokeCard(p.businessId, id, dto.reason));
  }

  @Post(':id/card/reissue')
  @Auth(...STAFF)
  @ApiCreatedResponse({ type: CardWithPayloadView })
  @ApiOperation({ summary: 'Revoke the active card and issue a new one' })
  async reissue(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string, @Body() dto: RevokeCardDto) {
    const card = await this.members.reissueCard(p.businessId, id, dto.reason);
    return { ...cardView(card), payload: this.members.cardPayload(card) };
  }
}

@ApiTags('join')
@Controller('api/join')
export class JoinController {
  constructor(private readonly members: MembersService) {}

  @Get(':slug')
  @Public()
  @ApiOperation({ summary: 'What the join page shows: the business name' })
  async info(@Param('slug') slug: string) {
    const b = await this.members.businessBySlug(slug);
    return { name: b.name, slug: b.slug, currency: b.currency };
  }

  @Post(':slug')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CodeSentView })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address and email' })
  @ApiOperation({
    summary:
      'Self sign-up through the business join link: a new person becomes a member; either way a one-time ' +
      'sign-in code is sent to the email (the answer is the same whether or not the email is a member already)',
  })
  async join(@Param('slug') slug: string, @Body() dto: JoinDto): Promise<CodeSentView> {
    await this.members.join(slug, dto);
    return CODE_SENT;
  }
}

const CODE_SENT: CodeSentView = {
  status: 'code_sent',
  message: 'Check your inbox: we sent a sign-in code to the address you gave. It works once, for 15 minutes.',
  expiresInSeconds: CODE_TTL_MS / 1000,
};

/** Members sign in with a one-time code (after joining, or to claim an account enrolled at the counter). */
@ApiTags('auth')
@Controller('api/auth/member')
export class MemberSignInController {
  constructor(
    private readonly members: MembersService,
    private readonly tokens: TokenService,
  ) {}

  @Post('code')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CodeSentView })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address and email' })
  @ApiOperation({
    summary:
      'Send a one-time sign-in code to a member of the business (same answer whether or not the email is a member)',
  })
  async requestCode(@Body() dto: RequestSignInCodeDto): Promise<CodeSentView> {
    await this.members.requestSignInCode(dto.business, dto.email);
    return CODE_SENT;
  }

  @Post('code/verify')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this address and email' })
  @ApiOperation({
    summary: 'Sign in with the one-time code → member bearer token (the member can then set a password)',
  })
  async signInWithCode(@Body() dto: SignInWithCodeDto) {
    const member = await this.members.signInWithCode(dto.business, dto.email, dto.code);
    return { ...this.tokens.issueMember(member), member: memberView(member) };
  }
}

@ApiTags('me')
@Controller('api/me')
export class MeController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @Auth('member')
  @ApiOperation({ summary: "The signed-in member's profile" })
  async me(@CurrentPrincipal() p: Principal & { kind: 'member' }) {
    return memberView(await this.members.get(p.businessId, p.memberId));
  }

  @Patch()
  @Auth('member')
  @ApiOperation({ summary: 'Change own name, birthday (once), marketing consent or password' })
  async update(@CurrentPrincipal() p: Principal & { kind: 'member' }, @Body() dto: UpdateSelfDto) {
    return memberView(await this.members.updateSelf(p.businessId, p.memberId, dto));
  }

  @Get('card')
  @Auth('member')
  @ApiOperation({ summary: 'Own active card with its QR payload' })
  async card(@CurrentPrincipal() p: Principal & { kind: 'member' }) {
    const card = await this.members.activeCard(p.businessId, p.memberId);
    return { ...cardView(card), payload: this.members.cardPayload(card) };
  }

  @Get('card.png')
  @Auth('member')
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'Own card as a QR code PNG' })
  async png(
    @CurrentPrincipal() p: Principal & { kind: 'member' },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const card = await this.members.activeCard(p.businessId, p.memberId);
    return sendCardImage(reply, this.members.cardPayload(card), 'png');
  }

  @Get('card.svg')
  @Auth('member')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'Own card as a QR code SVG' })
  async svg(
    @CurrentPrincipal() p: Principal & { kind: 'member' },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const card = await this.members.activeCard(p.businessId, p.memberId);
    return sendCardImage(reply, this.members.cardPayload(card), 'svg');
  }
}
