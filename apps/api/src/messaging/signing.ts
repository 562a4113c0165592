import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks headers of one attempt: webhook-id (stable across
 * retries and replays, so receivers can de-duplicate), webhook-timestamp
 * (seconds) and webhook-signature `v1,<base64 HMAC-SHA256 of id.timestamp.body>`.
 */
export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const signature = new Webhook(secret).sign(id, at, body);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/**
 * One-click unsubscribe tokens: base64url of the business id, the member id
 * (16 bytes each), the channel (1 byte) and the first 16 bytes of an
 * HMAC-SHA256 over them, under a key derived from CARD_SECRET (no new secret
 * to manage): 66 characters, short enough for a path segment. They do not
 * expire: an unsubscribe link in an old e-mail must keep working.
 */
const TOKEN_CHANNELS = ['email', 'sms'] as const;
export const UNSUBSCRIBE_TOKEN = /^[A-Za-z0-9_-]{66}$/;

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) =>
  b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('regulars:unsubscribe:v1').digest();
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16);
  }

  sign(businessId: string, memberId: string, channel: 'email' | 'sms'): string {
    const payload = Buffer.concat([
      uuidBytes(businessId),
      uuidBytes(memberId),
      Buffer.from([TOKEN_CHANNELS.indexOf(channel)]),
    ]);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** The token's business, member and channel, or null when it is malformed or forged. */
  verify(token: string): { businessId: string; memberId: string; channel: 'email' | 'sms' } | null {
    if (!UNSUBSCRIBE_TOKEN.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 49 || raw[32] >= TOKEN_CHANNELS.length) return null;
    const payload = raw.subarray(0, 33);
    if (!timingSafeEqual(this.mac(payload), raw.subarray(33))) return null;
    return {
      businessId: uuidOf(raw.subarray(0, 16)),
      memberId: uuidOf(raw.subarray(16, 32)),
      channel: TOKEN_CHANNELS[raw[32]],
    };
  }
}
