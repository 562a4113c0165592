import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Survey links: base64url of the business id and the purchase id (16 bytes
 * each) and the first 16 bytes of an HMAC-SHA256 over them, under a key derived
 * from CARD_SECRET ('regulars:survey:v1'): 64 characters, unguessable without
 * the secret, and the same for the same purchase (so a trigger that runs again
 * writes the same link into the same message).
 */
export const SURVEY_TOKEN = /^[A-Za-z0-9_-]{64}$/;

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) =>
  b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

export class SurveyTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('regulars:survey:v1').digest();
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16);
  }

  sign(businessId: string, purchaseId: string): string {
    const payload = Buffer.concat([uuidBytes(businessId), uuidBytes(purchaseId)]);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** The token's business and purchase, or null when it is malformed or forged. */
  verify(token: string): { businessId: string; purchaseId: string } | null {
    if (!SURVEY_TOKEN.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 48) return null;
    if (!timingSafeEqual(this.mac(raw.subarray(0, 32)), raw.subarray(32))) return null;
    return { businessId: uuidOf(raw.subarray(0, 16)), purchaseId: uuidOf(raw.subarray(16, 32)) };
  }
}
