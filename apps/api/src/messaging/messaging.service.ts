import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Clock, ConflictError, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import { AppConfig } from '../config/config';
import { BusinessRepository } from '../businesses/businesses.repository';
import { MemberRepository } from '../members/members.repository';
import type { MemberEntity } from '../members/member.entities';
import type { BusinessEntity } from '../businesses/business.entities';
import {
  ConsentRow,
  DeliveryRow,
  MessageRow,
  MessageStatus,
  MessagingRepository,
  SettingsRow,
} from './messaging.repository';
import {
  backoffMs,
  Channel,
  ConsentSource,
  consentAllows,
  frequencyCapAllows,
  Purpose,
  releaseTime,
  WEEK_MS,
} from './policy';
import {
  defaultTemplate,
  MessageType,
  MessageVariables,
  renderTemplate,
  TemplateText,
  unknownVariables,
} from './templates';
import {
  DevMailboxTransport,
  HttpSmsTransport,
  mailMessageId,
  MessageTransport,
  PermanentTransportError,
  SmtpTransport,
} from './transports';
import { UnsubscribeTokens, webhookHeaders } from './signing';
import { inHoldout, isHoldoutType } from './holdout';
import { TriggersRepository } from './triggers.repository';
import { SENDER_TASK } from './sender-task';

/** What a trigger asks for. */
export interface SendRequest {
  businessId: string;
  memberId: string;
  type: MessageType;
  channel: Channel;
  variables?: MessageVariables;
  /** Unique per business: the same trigger firing twice creates one message. */
  idempotencyKey: string;
  /** Marketing needs consent and counts against the weekly cap; service messages (points expiring) do not. */
  marketing: boolean;
}

export interface DeliverResult {
  sent: number;
  failed: number;
  dead: number;
  suppressed: number;
  webhooksSent: number;
  webhooksFailed: number;
  webhooksDead: number;
}

const DEFAULT_SETTINGS: SettingsRow = { language: 'en', quietStart: 21 * 60, quietEnd: 8 * 60, weeklyCap: 3 };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH = 50;
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The messaging layer the triggers call: `send()` renders a message from the
 * business's template, checks consent, quiet hours and the weekly cap, and
 * puts it in the outbox (the `messages` table) under its idempotency key;
 * `deliverDue()` hands due messages to their transport, at least once.
 */
@Injectable()
export class MessagingService implements OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private readonly email: MessageTransport;
  private readonly sms: MessageTransport;
  readonly unsubscribeTokens: UnsubscribeTokens;

  constructor(
    private readonly repo: MessagingRepository,
    private readonly triggers: TriggersRepository,
    private readonly members: MemberRepository,
    private readonly businesses: BusinessRepository,
    private readonly ledger: Ledger,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const m = config.messaging;
    const dev = new DevMailboxTransport(repo);
    this.email = m.smtpUrl ? new SmtpTransport(m.smtpUrl) : dev;
    this.sms = m.smsGatewayUrl
      ? new HttpSmsTransport({ url: m.smsGatewayUrl, headers: m.smsGatewayHeaders, body: m.smsGatewayBody })
      : dev;
    this.unsubscribeTokens = new UnsubscribeTokens(config.cardSecret);
  }

  onApplicationShutdown(): void {
    if (this.email instanceof SmtpTransport) this.email.close();
  }

  transportName(channel: Channel): string {
    return channel === 'email' ? this.email.name : channel === 'sms' ? this.sms.name : 'webhook';
  }

  // --- settings ---

  async settings(businessId: string): Promise<SettingsRow> {
    return (await this.repo.settings(businessId)) ?? DEFAULT_SETTINGS;
  }

  async updateSettings(businessId: string, patch: Partial<SettingsRow>): Promise<SettingsRow> {
    const next = { ...(await this.settings(businessId)), ...patch };
    if (
      (next.quietStart === null) !== (next.quietEnd === null) ||
      (next.quietStart !== null && next.quietStart === next.quietEnd)
    )
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Quiet hours need a start and a different end', {
        fields: [
          { field: 'quietHours', problems: ['start and end must both be set (and differ) or both be null'] },
        ],
      });
    try {
      new Intl.NumberFormat(next.language);
    } catch {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Unknown language', {
        fields: [{ field: 'language', problems: ['must be a BCP 47 language tag such as en or de-AT'] }],
      });
    }
    await this.repo.saveSettings(businessId, next, this.clock.now());
    return next;
  }

  // --- templates ---

  async template(
    businessId: string,
    type: MessageType,
  ): Promise<TemplateText & { enabled: boolean; custom: boolean }> {
    const own = await this.repo.template(businessId, type);
    if (own)
      return { subject: own.subject, text: own.text, html: own.html, enabled: own.enabled, custom: true };
    const { language } = await this.settings(businessId);
    return { ...defaultTemplate(type, language), enabled: true, custom: false };
  }

  async updateTemplate(
    businessId: string,
    type: MessageType,
    t: Partial<TemplateText> & { enabled?: boolean },
  ): Promise<TemplateText & { enabled: boolean; custom: boolean }> {
    const current = await this.template(businessId, type);
    const next = {
      subject: t.subject ?? current.subject,
      text: t.text ?? current.text,
      html: t.html ?? current.html,
      enabled: t.enabled ?? current.enabled,
    };
    const unknown = unknownVariables(next);
    if (unknown.length)
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `Unknown template variables: ${unknown.join(', ')}`,
        {
          fields: [{ field: 'template', problems: unknown.map((u) => `unknown variable {{${u}}}`) }],
        },
      );
    await this.repo.saveTemplate(businessId, type, next, this.clock.now());
    return { ...next, custom: true };
  }

  /** The message as the member would get it, with their data (name, points balance); writes nothing. */
  async preview(
    businessId: string,
    type: MessageType,
    memberId: string,
    variables: MessageVariables,
    marketing: boolean,
  ): Promise<TemplateText & { to: string | null }> {
    const member = await this.member(businessId, memberId);
    const business = await this.business(businessId);
    const settings = await this.settings(businessId);
    const t = await this.template(businessId, type);
    let points = variables.points;
    if (points === undefined) {
      const balances = await this.ledger.holderBalances({
        businessId,
        ownerType: 'member',
        ownerId: memberId,
      });
      points = balances.find((b) => b.unit === 'points')?.balance.available ?? 0;
    }
    const r = this.render(
      t,
      business,
      settings,
      member,
      { ...variables, points },
      marketing ? 'email' : null,
    );
    return { ...r, to: member.email };
  }

  // --- consent ---

  async recordConsent(
    businessId: string,
    memberId: string,
    c: {
      channel: Channel;
      purpose: Purpose;
      given: boolean;
      source: ConsentSource;
      wording: string;
      actor: string | null;
    },
  ): Promise<ConsentRow> {
    await this.member(businessId, memberId);
    return this.repo.appendConsent(businessId, { memberId, ...c, at: this.clock.now() });
  }

  async consents(businessId: string, memberId: string) {
    const member = await this.member(businessId, memberId);
    const log = await this.repo.consentLog(businessId, memberId);
    const current: { channel: Channel; purpose: Purpose; allowed: boolean }[] = [];
    for (const channel of ['email', 'sms', 'webhook'] as const)
      for (const purpose of ['marketing', 'service'] as const) {
        const latest = log.find((l) => l.channel === channel && l.purpose === purpose) ?? null;
        current.push({
          channel,
          purpose,
          allowed: consentAllows(purpose, latest, this.profileConsent(member)),
        });
      }
    return { current, log };
  }

  /** RFC 8058 one-click unsubscribe: withdraws marketing consent on the token's channel (logged once). */
  async unsubscribe(token: string): Promise<{ businessId: string; memberId: string; channel: Channel }> {
    const t = this.unsubscribeTokens.verify(token);
    if (!t) throw new NotFoundError('Unsubscribe link');
    const member = await this.members.findById(t.businessId, t.memberId);
    if (!member) throw new NotFoundError('Unsubscribe link');
    const channel = t.channel;
    const latest = await this.repo.latestConsent(t.businessId, t.memberId, channel, 'marketing');
    if (consentAllows('marketing', latest, this.profileConsent(member))) {
      const now = this.clock.now();
      await this.repo.appendConsent(t.businessId, {
        memberId: t.memberId,
        channel,
        purpose: 'marketing',
        given: false,
        at: now,
        source: 'unsubscribe',
        wording: 'One-click unsubscribe link in a message (List-Unsubscribe, RFC 8058)',
        actor: 'member',
      });
      // The profile flag follows, at the same instant (the log wins a tie), so /me shows it too.
      if (member.marketingConsent)
        await this.members.update(t.businessId, t.memberId, {
          marketingConsent: false,
          marketingConsentAt: now,
          marketingConsentSource: 'unsubscribe',
        });
    }
    return { businessId: t.businessId, memberId: t.memberId, channel };
  }

  // --- the outbox ---

  /**
   * Puts a message in the outbox. Returns the existing message when the
   * idempotency key was used before. A message the policy refuses is kept
   * with status `suppressed` and its reason (no consent, no address,
   * frequency cap, template off), so the trigger does not retry it.
   */
  async send(req: SendRequest): Promise<MessageRow> {
    const { businessId } = req;
    const existing = await this.repo.messageByKey(businessId, req.idempotencyKey);
    if (existing) return existing;
    const now = this.clock.now();
    const [member, business, settings, template] = await Promise.all([
      this.member(businessId, req.memberId),
      this.business(businessId),
      this.settings(businessId),
      this.template(businessId, req.type),
    ]);
    const variables = req.variables ?? {};
    const recipient = req.channel === 'email' ? member.email : req.channel === 'sms' ? member.phone : null;
    const memberFacing = req.channel !== 'webhook';
    const at = memberFacing ? releaseTime(now, business.timeZone, this.quiet(settings)) : now;

    let suppressed: string | null = null;
    if (!template.enabled) suppressed = 'template_disabled';
    else if (memberFacing && !recipient) suppressed = 'no_address';
    else if (!(await this.consentFor(businessId, member, req.channel, req.marketing)))
      suppressed = 'no_consent';
    // The holdout group of a campaign-like trigger: drawn among the members it could reach, recorded, not sent.
    else if (
      isHoldoutType(req.type) &&
      inHoldout(businessId, req.type, member.id, await this.triggers.holdoutShare(businessId, req.type))
    )
      suppressed = 'holdout';

    const unsubscribeChannel = req.marketing && req.channel !== 'webhook' ? req.channel : null;
    const rendered = this.render(template, business, settings, member, variables, unsubscribeChannel);
    const headers: Record<string, string> = {};
    if (req.marketing && req.channel === 'email') {
      headers['List-Unsubscribe'] = `<${this.unsubscribeUrl(businessId, member.id, 'email')}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    const row = (reason: string | null) => ({
      memberId: member.id,
      type: req.type,
      channel: req.channel,
      marketing: req.marketing,
      idempotencyKey: req.idempotencyKey,
      status: reason ? ('suppressed' as const) : ('queued' as const),
      suppressedReason: reason,
      nextAttemptAt: at,
      recipient,
      ...rendered,
      headers,
      mailMessageId: mailMessageId(businessId, req.idempotencyKey, this.config.messaging.mailFrom),
      variables: variables as Record<string, unknown>,
      createdAt: now,
    });
    if (suppressed !== null || !req.marketing || !memberFacing)
      return this.woken((await this.repo.insertMessage(businessId, row(suppressed))).row);
    // The weekly cap: checked and the message inserted under the member's lock, so
    // concurrent sends to one member cannot all pass the check.
    const out = await this.repo.withMemberLock(businessId, member.id, async (tx) => {
      const again = await this.repo.messageByKey(businessId, req.idempotencyKey, tx);
      if (again) return again;
      const times = await this.repo.marketingTimes(
        businessId,
        member.id,
        new Date(at.getTime() - WEEK_MS),
        tx,
      );
      const reason = frequencyCapAllows(times, at, settings.weeklyCap) ? null : 'frequency_cap';
      return (await this.repo.insertMessage(businessId, row(reason), tx)).row;
    });
    return this.woken(out);
  }

  /** A queued message asks the job queue to run the sender when it is due (a no-op without the queue's schema). */
  private async woken(m: MessageRow): Promise<MessageRow> {
    if (m.status === 'queued') await this.triggers.wakeSender(SENDER_TASK, m.nextAttemptAt);
    return m;
  }

  /**
   * One run of the sender job: delivers what is due, then asks the queue for
   * the next run at the earliest instant something becomes due again (a
   * retry, a message held by quiet hours, the lease of a worker that died).
   */
  async runSenderJob(): Promise<DeliverResult & { nextRunAt: Date | null }> {
    const r = await this.deliverDue();
    const next = await this.triggers.nextSenderRun();
    if (next) await this.triggers.wakeSender(SENDER_TASK, next);
    return { ...r, nextRunAt: next };
  }

  message(businessId: string, id: string): Promise<MessageRow | null> {
    return this.repo.message(businessId, id);
  }

  /** A dead-lettered message queued again (e.g. after the SMTP server was fixed); consent is checked again on delivery. */
  async retry(businessId: string, id: string): Promise<MessageRow> {
    const m = await this.repo.message(businessId, id);
    if (!m) throw new NotFoundError('Message');
    if (!(await this.repo.requeueDead(businessId, id, this.clock.now())))
      throw new ConflictError(`Only a dead message can be retried; this one is ${m.status}`, {
        status: m.status,
      });
    return (await this.repo.message(businessId, id)) as MessageRow;
  }

  listMessages(businessId: string, filter: { memberId?: string; status?: MessageStatus; limit: number }) {
    return this.repo.listMessages(businessId, filter);
  }

  devMailbox(businessId: string, limit: number) {
    return this.repo.devMailbox(businessId, limit);
  }

  /**
   * Delivers every due message and webhook delivery (the sender loop's one
   * step; callable on its own, e.g. by a job queue). Safe with several
   * instances at once: each row is claimed by one of them (SKIP LOCKED).
   */
  async deliverDue(): Promise<DeliverResult> {
    const out: DeliverResult = {
      sent: 0,
      failed: 0,
      dead: 0,
      suppressed: 0,
      webhooksSent: 0,
      webhooksFailed: 0,
      webhooksDead: 0,
    };
    for (;;) {
      const now = this.clock.now();
      const batch = await this.repo.claimDueMessages(
        now,
        new Date(now.getTime() + this.config.messaging.leaseSeconds * 1000),
        BATCH,
      );
      for (const m of batch) out[await this.deliverMessage(m)]++;
      if (batch.length < BATCH) break;
    }
    for (;;) {
      const now = this.clock.now();
      const batch = await this.repo.claimDueDeliveries(
        now,
        new Date(now.getTime() + this.config.messaging.leaseSeconds * 1000),
        BATCH,
      );
      for (const d of batch) {
        const r = await this.deliverWebhook(d);
        if (r === 'sent') out.webhooksSent++;
        else if (r === 'failed') out.webhooksFailed++;
        else out.webhooksDead++;
      }
      if (batch.length < BATCH) break;
    }
    return out;
  }

  private async deliverMessage(m: MessageRow): Promise<'sent' | 'failed' | 'dead' | 'suppressed'> {
    const now = this.clock.now();
    try {
      if (m.channel === 'webhook') {
        const payload = JSON.stringify({
          type: `message.${m.type}`,
          timestamp: m.createdAt.toISOString(),
          data: {
            messageId: m.id,
            memberId: m.memberId,
            type: m.type,
            marketing: m.marketing,
            subject: m.subject,
            text: m.text,
            variables: m.variables,
          },
        });
        const n = await this.repo.fanOut(m.businessId, m.id, `message.${m.type}`, payload, now);
        if (n === 0) {
          await this.repo.finishMessage(m.businessId, m.id, m.attempts, {
            status: 'suppressed',
            reason: 'no_endpoint',
          });
          return 'suppressed';
        }
        await this.repo.finishMessage(m.businessId, m.id, m.attempts, { status: 'sent', at: now });
        return 'sent';
      }
      // Consent is checked again at delivery: it may have been withdrawn while the message waited.
      const member = await this.members.findById(m.businessId, m.memberId);
      if (!member || !(await this.consentFor(m.businessId, member, m.channel, m.marketing))) {
        await this.repo.finishMessage(m.businessId, m.id, m.attempts, {
          status: 'suppressed',
          reason: 'no_consent',
        });
        return 'suppressed';
      }
      const transport = m.channel === 'email' ? this.email : this.sms;
      await transport.send({
        businessId: m.businessId,
        messageId: m.id,
        channel: m.channel,
        to: m.recipient ?? '',
        from: this.config.messaging.mailFrom,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers,
        mailMessageId: m.mailMessageId,
        at: now,
      });
      await this.repo.finishMessage(m.businessId, m.id, m.attempts, { status: 'sent', at: this.clock.now() });
      return 'sent';
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const dead = e instanceof PermanentTransportError || m.attempts >= this.config.messaging.maxAttempts;
      this.logger.warn({ messageId: m.id, attempt: m.attempts, dead, error }, 'message delivery failed');
      await this.repo.finishMessage(
        m.businessId,
        m.id,
        m.attempts,
        dead
          ? { status: 'dead', error }
          : { status: 'failed', error, retryAt: new Date(now.getTime() + backoffMs(m.attempts)) },
      );
      return dead ? 'dead' : 'failed';
    }
  }

  private async deliverWebhook(
    d: DeliveryRow & { url: string; secret: string },
  ): Promise<'sent' | 'failed' | 'dead'> {
    const at = this.clock.now();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhookHeaders(d.secret, d.id, at, d.payload) },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `endpoint answered ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    const durationMs = Math.round(performance.now() - started);
    await this.repo.recordAttempt(d.businessId, d.id, { attemptedAt: at, statusCode, error, durationMs });
    if (error === null) {
      await this.repo.finishDelivery(d.businessId, d.id, d.attempts, {
        status: 'sent',
        at,
        statusCode,
        error,
      });
      return 'sent';
    }
    const dead = d.attempts >= this.config.messaging.maxAttempts;
    await this.repo.finishDelivery(d.businessId, d.id, d.attempts, {
      status: dead ? 'dead' : 'failed',
      at,
      retryAt: dead ? undefined : new Date(at.getTime() + backoffMs(d.attempts)),
      statusCode,
      error,
    });
    return dead ? 'dead' : 'failed';
  }

  // --- helpers ---

  unsubscribeUrl(businessId: string, memberId: string, channel: 'email' | 'sms'): string {
    const base = this.config.publicUrl.replace(/\/+$/, '');
    return `${base}/api/unsubscribe/${this.unsubscribeTokens.sign(businessId, memberId, channel)}`;
  }

  private render(
    t: TemplateText,
    business: BusinessEntity,
    settings: SettingsRow,
    member: MemberEntity,
    variables: MessageVariables,
    unsubscribeChannel: 'email' | 'sms' | null,
  ): TemplateText {
    return renderTemplate(
      t,
      {
        language: settings.language,
        currency: business.currency,
        timeZone: business.timeZone,
        shopName: business.name,
        firstName: member.firstName,
        lastName: member.lastName,
        unsubscribeUrl: unsubscribeChannel
          ? this.unsubscribeUrl(business.id, member.id, unsubscribeChannel)
          : null,
      },
      variables,
    );
  }

  private quiet(s: SettingsRow) {
    return s.quietStart === null || s.quietEnd === null ? null : { start: s.quietStart, end: s.quietEnd };
  }

  private profileConsent(member: MemberEntity) {
    return { given: member.marketingConsent, at: member.marketingConsentAt };
  }

  private async consentFor(businessId: string, member: MemberEntity, channel: Channel, marketing: boolean) {
    const purpose: Purpose = marketing ? 'marketing' : 'service';
    const latest = await this.repo.latestConsent(businessId, member.id, channel, purpose);
    return consentAllows(purpose, latest, this.profileConsent(member));
  }

  private async member(businessId: string, memberId: string): Promise<MemberEntity> {
    const m = UUID_RE.test(memberId) ? await this.members.findById(businessId, memberId) : null;
    if (!m) throw new NotFoundError('Member');
    return m;
  }

  private async business(businessId: string): Promise<BusinessEntity> {
    const b = await this.businesses.findById(businessId);
    if (!b) throw new NotFoundError('Business');
    return b;
  }
}
