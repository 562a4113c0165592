import { randomUUID } from 'node:crypto';
import { SURVEY_TOKEN, SurveyTokens } from './survey-tokens';

describe('survey tokens', () => {
  const tokens = new SurveyTokens('a'.repeat(64));

  it('round-trips, is stable per purchase and differs between purchases', () => {
    const b = randomUUID();
    const p = randomUUID();
    const t = tokens.sign(b, p);
    expect(t).toMatch(SURVEY_TOKEN);
    expect(tokens.verify(t)).toEqual({ businessId: b, purchaseId: p });
    expect(tokens.sign(b, p)).toBe(t);
    expect(tokens.sign(b, randomUUID())).not.toBe(t);
  });

  it('refuses a forged, altered or malformed token, and one signed with another secret', () => {
    const t = tokens.sign(randomUUID(), randomUUID());
    for (let i = 0; i < t.length; i += 7) {
      const c = t[i] === 'A' ? 'B' : 'A';
      expect(tokens.verify(t.slice(0, i) + c + t.slice(i + 1))).toBeNull();
    }
    expect(tokens.verify(t.slice(1))).toBeNull();
    expect(tokens.verify(`${t}A`)).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(new SurveyTokens('b'.repeat(64)).verify(t)).toBeNull();
  });
});
