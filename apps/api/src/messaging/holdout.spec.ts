import { randomUUID } from 'node:crypto';
import { holdoutDraw, inHoldout } from './holdout';

describe('holdout assignment', () => {
  const business = randomUUID();

  it('is stable per (business, trigger, member) and differs across triggers and businesses', () => {
    const members = Array.from({ length: 200 }, () => randomUUID());
    for (const m of members) {
      expect(holdoutDraw(business, 'win_back', m)).toBe(holdoutDraw(business, 'win_back', m));
      expect(inHoldout(business, 'win_back', m, 1000)).toBe(inHoldout(business, 'win_back', m, 1000));
    }
    const a = members.map((m) => inHoldout(business, 'win_back', m, 5000));
    const b = members.map((m) => inHoldout(business, 'points_expiring', m, 5000));
    const c = members.map((m) => inHoldout(randomUUID(), 'win_back', m, 5000));
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('holds back about the configured share (20,000 members, within 4 standard deviations) and nobody at 0', () => {
    const n = 20_000;
    for (const share of [500, 1000, 2500, 5000]) {
      let held = 0;
      for (let i = 0; i < n; i++) if (inHoldout(business, 'win_back', `m-${i}`, share)) held++;
      const p = share / 10_000;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(held - n * p)).toBeLessThan(4 * sd);
    }
    for (let i = 0; i < 1000; i++) expect(inHoldout(business, 'win_back', `m-${i}`, 0)).toBe(false);
  });

  it('a larger share keeps everyone a smaller share held back (nested groups)', () => {
    for (let i = 0; i < 2000; i++) {
      const m = `m-${i}`;
      if (inHoldout(business, 'win_back', m, 1000))
        expect(inHoldout(business, 'win_back', m, 2000)).toBe(true);
    }
  });
});
