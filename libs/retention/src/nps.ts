/**
 * Net Promoter Score: answers 0-10 to "how likely are you to recommend us";
 * promoters 9-10, passives 7-8, detractors 0-6. NPS = % promoters − %
 * detractors, from −100 to 100 (null without answers). Pure: no I/O.
 */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`score ${score} is not 0-10`);
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

export interface NpsSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, rounded to one decimal; null without responses. */
  nps: number | null;
}

/** NPS from counts, rounded half away from zero to one decimal (exact: 1000·(P−D)/N is rounded as an integer ratio). */
export function npsOf(promoters: number, passives: number, detractors: number): NpsSummary {
  const responses = promoters + passives + detractors;
  if (responses === 0) return { responses, promoters, passives, detractors, nps: null };
  const num = 1000 * (promoters - detractors);
  const sign = num < 0 ? -1 : 1;
  const tenths = sign * Math.floor((2 * Math.abs(num) + responses) / (2 * responses));
  return { responses, promoters, passives, detractors, nps: tenths / 10 || 0 };
}

/** Answers counted per score (as a GROUP BY returns them). */
export interface ScoreCount<K> {
  key: K;
  score: number;
  count: number;
}

/** NPS per key (e.g. location and month) from counts per score; keys in first-seen order. */
export function npsBy<K>(
  rows: readonly ScoreCount<K>[],
  keyOf: (k: K) => string,
): { key: K; summary: NpsSummary }[] {
  const groups = new Map<string, { key: K; p: number; pa: number; d: number }>();
  for (const r of rows) {
    const id = keyOf(r.key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: r.key, p: 0, pa: 0, d: 0 }));
    const c = npsCategory(r.score);
    if (c === 'promoter') g.p += r.count;
    else if (c === 'passive') g.pa += r.count;
    else g.d += r.count;
  }
  return [...groups.values()].map((g) => ({ key: g.key, summary: npsOf(g.p, g.pa, g.d) }));
}
