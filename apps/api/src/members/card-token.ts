import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The member card's QR payload: `RG1.` + base64url(businessId ‖ cardId ‖ mac),
 * where mac = HMAC-SHA256(CARD_SECRET, "RG1" ‖ businessId ‖ cardId) cut to
 * 128 bits. Business-bound and unforgeable without the secret; it names a card
 * (revocable), never the member directly. 68 characters: a small, robust QR.
 */
const PREFIX = 'RG1.';
const MAC_BYTES = 16;

export type CardTokenCheck =
  { ok: true; businessId: string; cardId: string } | { ok: false; reason: 'malformed' | 'bad_signature' };

function uuidToBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function bytesToUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function mac(secret: string, business: Buffer, card: Buffer): Buffer {
  return createHmac('sha256', secret)
    .update('RG1')
    .update(business)
    .update(card)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function signCardToken(secret: string, businessId: string, cardId: string): string {
  const b = uuidToBytes(businessId);
  const c = uuidToBytes(cardId);
  return PREFIX + Buffer.concat([b, c, mac(secret, b, c)]).toString('base64url');
}

export function verifyCardToken(secret: string, payload: string): CardTokenCheck {
  const text = payload.trim();
  if (!text.startsWith(PREFIX) || !/^[A-Za-z0-9_-]{64}$/.test(text.slice(PREFIX.length))) {
    return { ok: false, reason: 'malformed' };
  }
  const raw = Buffer.from(text.slice(PREFIX.length), 'base64url');
  if (raw.length !== 32 + MAC_BYTES) return { ok: false, reason: 'malformed' };
  const b = raw.subarray(0, 16);
  const c = raw.subarray(16, 32);
  const given = raw.subarray(32);
  if (!timingSafeEqual(given, mac(secret, b, c))) return { ok: false, reason: 'bad_signature' };
  return { ok: true, businessId: bytesToUuid(b), cardId: bytesToUuid(c) };
}
