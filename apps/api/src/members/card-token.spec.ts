import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { signCardToken, verifyCardToken } from './card-token';

const SECRET = 'x'.repeat(40);

describe('card token', () => {
  it('round-trips business and card ids', () => {
    const b = randomUUID();
    const c = randomUUID();
    const t = signCardToken(SECRET, b, c);
    expect(t).toMatch(/^RG1\.[A-Za-z0-9_-]{64}$/);
    expect(verifyCardToken(SECRET, t)).toEqual({ ok: true, businessId: b, cardId: c });
  });

  it('rejects a token signed with another secret', () => {
    const t = signCardToken('y'.repeat(40), randomUUID(), randomUUID());
    expect(verifyCardToken(SECRET, t)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects any single-character change (tampering)', () => {
    const t = signCardToken(SECRET, randomUUID(), randomUUID());
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.integer({ min: 4, max: t.length - 1 }), fc.integer({ min: 0, max: 63 }), (i, k) => {
        const ch = alphabet[k];
        fc.pre(ch !== t[i]);
        const tampered = t.slice(0, i) + ch + t.slice(i + 1);
        expect(verifyCardToken(SECRET, tampered).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    '',
    'RG1.',
    'hello',
    `RG2.${'A'.repeat(64)}`,
    `RG1.${'A'.repeat(63)}`,
    `RG1.${'*'.repeat(64)}`,
    '12345',
  ])('treats %p as malformed', (p) => {
    expect(verifyCardToken(SECRET, p)).toEqual({ ok: false, reason: 'malformed' });
  });
});
