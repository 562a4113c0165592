import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { Channel } from './policy';
import type { MessagingRepository } from './messaging.repository';

/** A rendered message on its way out. */
export interface OutgoingMessage {
  businessId: string;
  messageId: string;
  channel: Channel;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, ...). */
  headers: Record<string, string>;
  /** The e-mail Message-ID, derived from the idempotency key: a resend carries the same one. */
  mailMessageId: string;
  at: Date;
}

/** Where messages of one channel leave the system. Throws when delivery failed (the sender retries). */
export interface MessageTransport {
  readonly name: string;
  send(m: OutgoingMessage): Promise<void>;
}

/** A transport failure the sender should not retry (the address is refused for good). */
export class PermanentTransportError extends Error {}

/** `<hash@domain>`: one Message-ID per business and idempotency key, stable across resends. */
export function mailMessageId(businessId: string, idempotencyKey: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'regulars.localhost';
  const hash = createHash('sha256').update(`${businessId}\n${idempotencyKey}`).digest('hex').slice(0, 40);
  return `<${hash}@${domain}>`;
}

/** E-mail through SMTP (SMTP_URL) with nodemailer: plain text and HTML, our Message-ID and headers. */
export class SmtpTransport implements MessageTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(url: string) {
    this.transporter = createTransport(url);
  }

  async send(m: OutgoingMessage): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.mailMessageId,
        headers: m.headers,
        date: m.at,
      });
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      // 5xx from the server for the recipient: retrying will not help.
      if (code !== undefined && code >= 550 && code < 560) throw new PermanentTransportError(String(e));
      throw e;
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/** Development: the message is kept in the database (GET /api/messages/dev-mailbox); nothing leaves the machine. */
export class DevMailboxTransport implements MessageTransport {
  readonly name = 'dev-mailbox';
  constructor(private readonly repo: MessagingRepository) {}

  async send(m: OutgoingMessage): Promise<void> {
    await this.repo.devMailboxPut(m.businessId, {
      messageId: m.messageId,
      channel: m.channel,
      recipient: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      headers: { ...m.headers, 'Message-ID': m.mailMessageId, From: m.from },
      deliveredAt: m.at,
    });
  }
}

export interface HttpSmsOptions {
  /** URL template; {to} and {text} are replaced URL-encoded. */
  url: string;
  headers: Record<string, string>;
  /** Optional JSON body template; {to} and {text} are replaced JSON-escaped (without quotes). POST when set, GET otherwise. */
  body?: string;
  timeoutMs?: number;
}

const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1);

/**
 * A generic SMS gateway over HTTP: most providers take a request with the
 * number and the text in the URL or a JSON body and a key in a header.
 * A 2xx answer is success; 4xx (but 408/429) is permanent; anything else is retried.
 */
export class HttpSmsTransport implements MessageTransport {
  readonly name = 'sms-http';
  constructor(private readonly opts: HttpSmsOptions) {}

  async send(m: OutgoingMessage): Promise<void> {
    const url = this.opts.url
      .replace(/\{to\}/g, encodeURIComponent(m.to))
      .replace(/\{text\}/g, encodeURIComponent(m.text));
    const body = this.opts.body
      ?.replace(/\{to\}/g, jsonEscape(m.to))
      .replace(/\{text\}/g, jsonEscape(m.text));
    const headers: Record<string, string> = { 'idempotency-key': m.messageId, ...this.opts.headers };
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
    const res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    await res.arrayBuffer();
    if (res.ok) return;
    const err = `SMS gateway answered ${res.status}`;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
      throw new PermanentTransportError(err);
    throw new Error(err);
  }
}
