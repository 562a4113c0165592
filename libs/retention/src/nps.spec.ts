import { npsBy, npsCategory, npsOf } from './nps';

/** A seeded generator (mulberry32), so a failure replays from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The brute force: classify every answer one by one and take the percentages in decimal strings. */
function bruteNps(scores: number[]): number | null {
  if (!scores.length) return null;
  let p = 0;
  let d = 0;
  for (const s of scores) {
    if (s === 9 || s === 10) p++;
    else if ([0, 1, 2, 3, 4, 5, 6].includes(s)) d++;
  }
  // Round half away from zero at one decimal, on exact rationals (BigInt).
  const num = BigInt(1000 * (p - d));
  const den = BigInt(scores.length);
  const abs = num < 0n ? -num : num;
  const q = (2n * abs + den) / (2n * den);
  const tenths = Number(num < 0n ? -q : q);
  return tenths / 10 || 0;
}

describe('NPS', () => {
  it('categories: 0-6 detractor, 7-8 passive, 9-10 promoter; anything else refused', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
    for (const bad of [-1, 11, 6.5, NaN]) expect(() => npsCategory(bad)).toThrow(RangeError);
  });

  it('known values', () => {
    expect(npsOf(0, 0, 0).nps).toBeNull();
    expect(npsOf(1, 0, 0).nps).toBe(100);
    expect(npsOf(0, 0, 1).nps).toBe(-100);
    expect(npsOf(1, 1, 1).nps).toBe(0);
    expect(npsOf(2, 0, 1).nps).toBe(33.3);
    expect(npsOf(1, 0, 2).nps).toBe(-33.3);
    expect(npsOf(5, 2, 1).nps).toBe(50);
    expect(npsOf(1, 6, 0).nps).toBe(14.3); // 14.2857…
    expect(npsOf(1, 15, 0).nps).toBe(6.3); // 6.25 rounds half away from zero
    expect(npsOf(0, 15, 1).nps).toBe(-6.3);
  });

  it('per group equals the brute force over random answers (2,000 seeded cases)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = rng(seed);
      const n = Math.floor(r() * 40);
      const answers = Array.from({ length: n }, () => ({
        loc: ['a', 'b', 'c'][Math.floor(r() * 3)],
        month: ['2026-01', '2026-02'][Math.floor(r() * 2)],
        score: Math.floor(r() * 11),
      }));
      // As the database returns them: counts per (key, score).
      const counts = new Map<string, { key: { loc: string; month: string }; score: number; count: number }>();
      for (const a of answers) {
        const id = `${a.loc}|${a.month}|${a.score}`;
        const c = counts.get(id) ?? { key: { loc: a.loc, month: a.month }, score: a.score, count: 0 };
        c.count++;
        counts.set(id, c);
      }
      const got = npsBy([...counts.values()], (k) => `${k.loc}|${k.month}`);
      const groups = new Set(answers.map((a) => `${a.loc}|${a.month}`));
      expect({ seed, groups: got.length }).toEqual({ seed, groups: groups.size });
      for (const g of got) {
        const mine = answers
          .filter((a) => a.loc === g.key.loc && a.month === g.key.month)
          .map((a) => a.score);
        expect({ seed, key: g.key, nps: g.summary.nps, n: g.summary.responses }).toEqual({
          seed,
          key: g.key,
          nps: bruteNps(mine),
          n: mine.length,
        });
        expect(g.summary.promoters + g.summary.passives + g.summary.detractors).toBe(mine.length);
      }
    }
  });
});
