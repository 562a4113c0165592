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
 * One-click unsubscribe tokens: `<businessId>.<memberId>.<channel>.<mac>`,
 * HMAC-SHA256 under a key derived from CARD_SECRET (no new secret to manage).
 * They do not expire: an unsubscribe link in an old e-mail must keep working.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('regulars:unsubscribe:v1').digest();
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  sign(businessId: string, memberId: string, channel: string): string {
    const payload = `${businessId}.${memberId}.${channel}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** The token's business, member and channel, or null when it is malformed or forged. */
  verify(token: string): { businessId: string; memberId: string; channel: string } | null {
    const m = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.(email|sms)\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return null;
    const expected = Buffer.from(this.mac(`${m[1]}.${m[2]}.${m[3]}`));
    const given = Buffer.from(m[4]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return { businessId: m[1], memberId: m[2], channel: m[3] };
  }
}
