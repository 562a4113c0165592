import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, UnsubscribeTokens, webhookHeaders } from './signing';

describe('webhook signing (Standard Webhooks)', () => {
  it('signs id.timestamp.body with HMAC-SHA256 under the decoded secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const at = new Date('2026-03-02T09:00:00Z');
    const body = '{"type":"message.welcome"}';
    const h = webhookHeaders(secret, 'd-1', at, body);
    expect(h['webhook-timestamp']).toBe('1772442000');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const mac = createHmac('sha256', key).update(`d-1.1772442000.${body}`).digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${mac}`);
  });

  it('verifies with the reference library at the time of signing', () => {
    const secret = newWebhookSecret();
    const now = new Date();
    const h = webhookHeaders(secret, 'msg_1', now, '{"a":1}');
    expect(new Webhook(secret).verify('{"a":1}', h)).toEqual({ a: 1 });
    expect(() => new Webhook(secret).verify('{"a":2}', h)).toThrow();
  });
});

describe('unsubscribe tokens', () => {
  const b = '7f1c2b4e-9a53-4d6e-8f0a-1b2c3d4e5f60';
  const m = '0b8f7c1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e';
  it('round-trips and refuses forgeries, other keys and other members', () => {
    const tokens = new UnsubscribeTokens('s'.repeat(40));
    const t = tokens.sign(b, m, 'email');
    expect(tokens.verify(t)).toEqual({ businessId: b, memberId: m, channel: 'email' });
    expect(new UnsubscribeTokens('x'.repeat(40)).verify(t)).toBeNull();
    expect(t).toHaveLength(66);
    expect(tokens.verify(tokens.sign(b, m, 'sms'))).toEqual({ businessId: b, memberId: m, channel: 'sms' });
    // Any changed byte (other member, other channel, other MAC) is refused.
    const raw = Buffer.from(t, 'base64url');
    for (const i of [0, 20, 32, 40]) {
      const bad = Buffer.from(raw);
      bad[i] ^= 1;
      expect(tokens.verify(bad.toString('base64url'))).toBeNull();
    }
    expect(tokens.verify('garbage')).toBeNull();
  });
});
