import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  PipeTransform,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Auth, CurrentPrincipal, MANAGERS, Public, STAFF } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { DevMailboxView } from './dev-mailbox.view';
import {
  ConsentEntryView,
  ConsentsView,
  CreatedEndpointView,
  DeliveryDetailView,
  DeliveryListView,
  EndpointListView,
  MessagingSettingsView,
  PreviewView,
  TemplateListView,
  TemplateView,
} from './console.views';
import { AppConfig } from '../config/config';
import { MessagingService } from './messaging.service';
import { WebhooksService } from './webhooks.service';
import {
  CreateEndpointDto,
  LimitQuery,
  ListDeliveriesQuery,
  ListMessagesQuery,
  PreviewDto,
  RecordConsentDto,
  RecordOwnConsentDto,
  UpdateSettingsDto,
  UpdateTemplateDto,
} from './messaging.dto';
import {
  attemptView,
  consentView,
  deliveryView,
  devMailView,
  endpointView,
  messageView,
  settingsView,
} from './messaging.views';
import { MESSAGE_TYPES, TEMPLATE_VARIABLES, type MessageType } from './templates';
import { escapeHtml } from './templates';
import { parseClockTime } from './policy';
import { UNSUBSCRIBE_TOKEN } from './signing';

/** A message type in the path; anything else is a 400 with the one error body. */
const MESSAGE_TYPE: PipeTransform<string, MessageType> = {
  transform(value: string): MessageType {
    if ((MESSAGE_TYPES as readonly string[]).includes(value)) return value as MessageType;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Unknown message type', {
      fields: [{ field: 'type', problems: [`must be one of ${MESSAGE_TYPES.join(', ')}`] }],
    });
  },
};

@ApiTags('messages')
@Controller('api/messages')
export class MessagesController {
  constructor(
    private readonly messaging: MessagingService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'The outbox: messages, newest first, with their delivery status' })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ListMessagesQuery) {
    const items = await this.messaging.listMessages(p.businessId, {
      memberId: q.memberId,
      status: q.status,
      limit: q.limit ?? 50,
    });
    return { items: items.map(messageView) };
  }

  @Get('dev-mailbox')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'The development mailbox: what would have been sent (no SMTP_URL / SMS gateway set)',
  })
  @ApiOkResponse({ type: DevMailboxView })
  async devMailbox(@CurrentPrincipal() p: Principal, @Query() q: LimitQuery): Promise<DevMailboxView> {
    return {
      transport: { email: this.messaging.transportName('email'), sms: this.messaging.transportName('sms') },
      items: (await this.messaging.devMailbox(p.businessId, q.limit ?? 50)).map(devMailView),
    };
  }

  @Get('settings')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Language, quiet hours and weekly cap of messages' })
  @ApiOkResponse({ type: MessagingSettingsView })
  async settings(@CurrentPrincipal() p: Principal) {
    return {
      ...settingsView(await this.messaging.settings(p.businessId)),
      sender: this.config.messaging.mailFrom,
    };
  }

  @Patch('settings')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Change language, quiet hours ("21:00-08:00" or "off") or weekly cap' })
  @ApiOkResponse({ type: MessagingSettingsView })
  async updateSettings(@CurrentPrincipal() p: Principal, @Body() dto: UpdateSettingsDto) {
    const patch: Parameters<MessagingService['updateSettings']>[1] = {};
    if (dto.language !== undefined) patch.language = dto.language;
    if (dto.weeklyCap !== undefined) patch.weeklyCap = dto.weeklyCap;
    if (dto.quietHours === 'off') Object.assign(patch, { quietStart: null, quietEnd: null });
    else if (dto.quietHours !== undefined) {
      const [start, end] = dto.quietHours.split('-').map(parseClockTime);
      Object.assign(patch, { quietStart: start, quietEnd: end });
    }
    return {
      ...settingsView(await this.messaging.updateSettings(p.businessId, patch)),
      sender: this.config.messaging.mailFrom,
    };
  }

  @Get('templates')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'The template of every message type (the shipped default until changed)' })
  @ApiOkResponse({ type: TemplateListView })
  async templates(@CurrentPrincipal() p: Principal) {
    const items = [];
    for (const type of MESSAGE_TYPES)
      items.push({ type, ...(await this.messaging.template(p.businessId, type)) });
    return { items, variables: [...TEMPLATE_VARIABLES] };
  }

  @Get('templates/:type')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'The template of one message type' })
  @ApiOkResponse({ type: TemplateView })
  @ApiParam({ name: 'type', enum: MESSAGE_TYPES })
  async template(@CurrentPrincipal() p: Principal, @Param('type', MESSAGE_TYPE) type: MessageType) {
    return { type, ...(await this.messaging.template(p.businessId, type)) };
  }

  @Patch('templates/:type')
  @Auth(...MANAGERS)
  @ApiOperation({
    summary: 'Change a template (subject, text, HTML with {{variables}}) or turn its type off',
  })
  @ApiOkResponse({ type: TemplateView })
  @ApiParam({ name: 'type', enum: MESSAGE_TYPES })
  async updateTemplate(
    @CurrentPrincipal() p: Principal,
    @Param('type', MESSAGE_TYPE) type: MessageType,
    @Body() dto: UpdateTemplateDto,
  ) {
    return { type, ...(await this.messaging.updateTemplate(p.businessId, type, dto)) };
  }

  @Post('templates/:type/preview')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: "Render a template with a real member's data; writes nothing" })
  @ApiOkResponse({ type: PreviewView })
  @ApiParam({ name: 'type', enum: MESSAGE_TYPES })
  async preview(
    @CurrentPrincipal() p: Principal,
    @Param('type', MESSAGE_TYPE) type: MessageType,
    @Body() dto: PreviewDto,
  ) {
    return {
      type,
      ...(await this.messaging.preview(
        p.businessId,
        type,
        dto.memberId,
        { ...dto.variables },
        dto.marketing ?? false,
      )),
    };
  }

  @Get(':id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'One message' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    const m = await this.messaging.message(p.businessId, id);
    if (!m) throw new NotFoundError('Message');
    return messageView(m);
  }

  @Post(':id/retry')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Queue a dead-lettered message again (same Message-ID); 409 unless it is dead' })
  async retry(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    return messageView(await this.messaging.retry(p.businessId, id));
  }
}

@ApiTags('messages')
@Controller('api/members/:id/consents')
export class ConsentsController {
  constructor(private readonly messaging: MessagingService) {}

  @Get()
  @Auth(...STAFF)
  @ApiOperation({
    summary: "A member's consent per channel and purpose, with the log (when, from where, which wording)",
  })
  @ApiOkResponse({ type: ConsentsView })
  async get(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    const { current, log } = await this.messaging.consents(p.businessId, id);
    return { current, log: log.map(consentView) };
  }

  @Post()
  @Auth(...STAFF)
  @ApiOperation({ summary: 'Record consent given or withdrawn, with its source and the wording shown' })
  @ApiCreatedResponse({ type: ConsentEntryView })
  async record(
    @CurrentPrincipal() p: Principal,
    @Param('id', UUID) id: string,
    @Body() dto: RecordConsentDto,
  ) {
    const actor = p.kind === 'staff' ? `staff:${p.staffId}` : null;
    return consentView(await this.messaging.recordConsent(p.businessId, id, { ...dto, actor }));
  }
}

@ApiTags('me')
@Controller('api/me/consents')
export class MeConsentsController {
  constructor(private readonly messaging: MessagingService) {}

  @Get()
  @Auth('member')
  @ApiOperation({ summary: 'Own consent per channel and purpose, with the log' })
  async get(@CurrentPrincipal() p: Principal & { kind: 'member' }) {
    const { current, log } = await this.messaging.consents(p.businessId, p.memberId);
    return { current, log: log.map(consentView) };
  }

  @Post()
  @Auth('member')
  @ApiOperation({ summary: 'Give or withdraw own consent (source "me"), with the wording shown' })
  async record(@CurrentPrincipal() p: Principal & { kind: 'member' }, @Body() dto: RecordOwnConsentDto) {
    return consentView(
      await this.messaging.recordConsent(p.businessId, p.memberId, { ...dto, source: 'me', actor: 'member' }),
    );
  }
}

@ApiTags('webhooks')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('endpoints')
  @Auth('owner')
  @ApiOperation({ summary: 'Register an endpoint; its signing secret (whsec_…) is in this answer only' })
  @ApiCreatedResponse({ type: CreatedEndpointView })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateEndpointDto) {
    const e = await this.webhooks.create(p.businessId, dto);
    return { ...endpointView(e), secret: e.secret };
  }

  @Get('endpoints')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'The webhook endpoints (without secrets)' })
  @ApiOkResponse({ type: EndpointListView })
  async list(@CurrentPrincipal() p: Principal) {
    return { items: (await this.webhooks.list(p.businessId)).map(endpointView) };
  }

  @Delete('endpoints/:id')
  @Auth('owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint; its pending deliveries stop, the log stays' })
  async delete(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    await this.webhooks.delete(p.businessId, id);
  }

  @Get('deliveries')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'The delivery log, newest first' })
  @ApiOkResponse({ type: DeliveryListView })
  async deliveries(@CurrentPrincipal() p: Principal, @Query() q: ListDeliveriesQuery) {
    const items = await this.webhooks.deliveries(p.businessId, {
      endpointId: q.endpointId,
      status: q.status,
      limit: q.limit ?? 50,
    });
    return { items: items.map(deliveryView) };
  }

  @Get('deliveries/:id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'One delivery with the log of its attempts' })
  @ApiOkResponse({ type: DeliveryDetailView })
  async delivery(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    const { delivery, attempts } = await this.webhooks.delivery(p.businessId, id);
    return { ...deliveryView(delivery), log: attempts.map(attemptView) };
  }

  @Post('deliveries/:id/replay')
  @Auth(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a delivery again (same webhook-id and body), e.g. after dead-lettering' })
  @ApiOkResponse({ type: DeliveryDetailView })
  async replay(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string) {
    const { delivery, attempts } = await this.webhooks.replay(p.businessId, id);
    return { ...deliveryView(delivery), log: attempts.map(attemptView) };
  }
}

function checkToken(token: string): void {
  if (!UNSUBSCRIBE_TOKEN.test(token))
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Malformed unsubscribe link', {
      fields: [{ field: 'token', problems: ['is not an unsubscribe token'] }],
    });
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
${body}</body></html>`;
}

/** One-click unsubscribe (RFC 8058): the link of List-Unsubscribe. GET only asks; POST withdraws. */
@ApiTags('messages')
@Controller('api/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly messaging: MessagingService) {}

  @Get(':token')
  @Public()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The unsubscribe page (a button; link scanners that GET change nothing)' })
  confirm(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    checkToken(token);
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    return page(
      'Unsubscribe',
      `<h1>Unsubscribe</h1><p>Stop receiving news and offers on this channel?</p>
<form method="post" action="/api/unsubscribe/${escapeHtml(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`,
    );
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @ApiProduces('text/html')
  @ApiOperation({
    summary:
      'One-click unsubscribe: withdraws marketing consent on the channel (recorded in the consent log)',
  })
  async unsubscribe(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply) {
    checkToken(token);
    await this.messaging.unsubscribe(token);
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    return page(
      'Unsubscribed',
      '<h1>You are unsubscribed</h1><p>You will get no more news or offers on this channel.</p>',
    );
  }
}
