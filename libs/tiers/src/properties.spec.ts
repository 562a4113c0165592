/**
 * Property tests (fast-check, seeded): for random programs (1 or 2 versions)
 * and random purchase / return / points / manual-status histories, the
 * library's timeline equals a brute-force model written independently here,
 * which walks every local day and recomputes every sum from the raw events
 * with plain date strings; and the incremental step (with the state going
 * through JSON between events) equals the full recompute.
 */
import fc from 'fast-check';
import {
  advanceTierState,
  applyTierEvent,
  evaluatePeriodEnd,
  initialTierState,
  tierProgress,
  tierTimeline,
} from './index';
import type { TierContext, TierEvent, TierProgram, TierProgramVersion } from './index';
import { tierForPurchase, tierView, tierViewSnapshot } from './index';

const SEED = Number(process.env.TIERS_SEED ?? 20261130);
const RUNS = Number(process.env.TIERS_RUNS ?? 300);

// ---------------------------------------------------------------------------
// Brute-force model: local dates as "YYYY-MM-DD" strings, an Intl formatter of
// its own, local midnights found by bisection, every sum recomputed from the
// raw events each time it is needed.
// ---------------------------------------------------------------------------

type D = string; // local date YYYY-MM-DD

function dateParts(d: D): [number, number, number] {
  return [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
}
function mkDate(y: number, m: number, day: number): D {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
function plusDays(d: D, n: number): D {
  const [y, m, day] = dateParts(d);
  const t = new Date(Date.UTC(y, m - 1, day + n));
  return mkDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
function plusMonths(d: D, n: number): D {
  const [y, m, day] = dateParts(d);
  let yy = y;
  let mm = m + n;
  while (mm > 12) {
    mm -= 12;
    yy++;
  }
  while (mm < 1) {
    mm += 12;
    yy--;
  }
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return mkDate(yy, mm, Math.min(day, last));
}

class Zone {
  private readonly f: Intl.DateTimeFormat;
  private readonly mids = new Map<D, number>();
  constructor(readonly name: string) {
    this.f = new Intl.DateTimeFormat('en-CA', {
      timeZone: name,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }
  private readonly dates = new Map<number, D>();
  date(t: number): D {
    const hit = this.dates.get(t);
    if (hit !== undefined) return hit;
    const p = this.f.formatToParts(new Date(t));
    const get = (k: string) => p.find((x) => x.type === k)!.value;
    const d = `${get('year')}-${get('month')}-${get('day')}`;
    if (this.dates.size > 100_000) this.dates.clear();
    this.dates.set(t, d);
    return d;
  }
  /** The first instant whose local date is d (bisection over milliseconds). */
  midnight(d: D): number {
    const hit = this.mids.get(d);
    if (hit !== undefined) return hit;
    const [y, m, day] = dateParts(d);
    const utc = Date.UTC(y, m - 1, day);
    let lo = utc - 15 * 3_600_000; // local date surely before d
    let hi = utc + 15 * 3_600_000; // local date surely d or later
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.date(mid) >= d) hi = mid;
      else lo = mid;
    }
    this.mids.set(d, hi);
    return hi;
  }
}

const zones = new Map<string, Zone>();
function zone(name: string): Zone {
  let z = zones.get(name);
  if (!z) zones.set(name, (z = new Zone(name)));
  return z;
}

interface BfStatus {
  tier: string;
  since: number;
  untilDate: D | null;
  reviewDate: D | null;
}

interface BfEntry {
  at: string;
  from: string | null;
  to: string;
  reason: string;
  programVersion: number;
}

interface BfResult {
  history: BfEntry[];
  bonuses: { key: string; tierId: string; points: number; at: string }[];
  earned: { tierId: string; since: string; until: string | null; reviewAt: string | null } | null;
  effective: string | null;
}

function bruteForce(ctx: TierContext, events: TierEvent[], endIso: string): BfResult {
  const z = zone(ctx.timeZone);
  const end = Date.parse(endIso);
  const iso = (t: number) => new Date(t).toISOString();
  const since = Date.parse(ctx.memberSince as string);
  const sinceDate = z.date(since);
  const vs = ctx.versions.map((v) => ({ ...v, from: Date.parse(v.effectiveFrom as string) }));
  const inForce = (t: number) => {
    let best: (typeof vs)[number] | null = null;
    for (const v of vs) {
      if (v.from > t) continue;
      if (!best || v.from > best.from || (v.from === best.from && v.version > best.version)) best = v;
    }
    return best;
  };
  const earliest = [...vs].sort((a, b) => a.from - b.from || a.version - b.version)[0];
  const joinAt = Math.max(since, earliest.from);

  // Periods by date strings.
  const periodStart = (p: TierProgram, d: D): D => {
    const [y, m] = dateParts(d);
    if (p.window.kind === 'calendar_year') return mkDate(y, 1, 1);
    if (p.window.kind === 'rolling_months') {
      const idx = Math.floor((y * 12 + m - 1) / p.window.months) * p.window.months;
      return mkDate(Math.floor(idx / 12), (idx % 12) + 1, 1);
    }
    let k = -3;
    while (plusMonths(sinceDate, 12 * (k + 1)) <= d) k++;
    return plusMonths(sinceDate, 12 * k);
  };
  const nextPeriod = (p: TierProgram, start: D): D => {
    if (p.window.kind === 'calendar_year') return mkDate(dateParts(start)[0] + 1, 1, 1);
    if (p.window.kind === 'rolling_months') return plusMonths(start, p.window.months);
    // anniversaries are counted from the join date, not from the previous anniversary
    let k = -3;
    while (plusMonths(sinceDate, 12 * k) <= start) k++;
    return plusMonths(sinceDate, 12 * k);
  };
  const periodEnd = (p: TierProgram, d: D, shift: number): D => {
    let s = nextPeriod(p, periodStart(p, d));
    for (let i = 0; i < shift; i++) s = nextPeriod(p, s);
    return s;
  };

  const order = events
    .map((e, i) => ({ e, i, t: Date.parse((e.recordedAt ?? e.at) as string) }))
    .filter((x) => x.t <= end)
    .sort((a, b) => a.t - b.t || a.i - b.i);
  let processed = 0; // events of `order` applied so far

  // Progress over local dates [from, to], from the raw events applied so far.
  const progress = (basis: TierProgram['basis'], from: D, to: D): number => {
    let sum = 0;
    const known = order.slice(0, processed).map((x) => x.e);
    for (const e of known) {
      const d = z.date(Date.parse(e.at as string));
      if (d < from || d > to) continue;
      if (e.kind === 'points' && basis === 'points') sum += e.points;
      if (e.kind !== 'purchase') continue;
      const pv = inForce(Date.parse(e.at as string)) ?? earliest;
      const ex = pv.program.exclusions;
      let visit = 0;
      for (const l of e.lines) {
        if (
          (l.sku !== null && ex.skus.includes(l.sku)) ||
          (l.category !== null && ex.categories.includes(l.category))
        )
          continue;
        let q = 0;
        let a = 0;
        let pts = 0;
        for (const r of known)
          if (r.kind === 'return' && r.purchaseId === e.id)
            for (const rl of r.lines)
              if (rl.lineId === l.lineId) {
                q += rl.quantity;
                a += rl.amount;
                pts += rl.points ?? 0;
              }
        if (basis === 'spend') sum += l.amount - a;
        if (basis === 'points') sum += (l.points ?? 0) - pts;
        if (q < l.quantity) visit = 1;
      }
      if (basis === 'visits') sum += visit;
    }
    return sum;
  };
  const currentFrom = (p: TierProgram, d: D): D =>
    p.window.kind === 'rolling_months' ? plusDays(plusMonths(d, -p.window.months), 1) : periodStart(p, d);

  const history: BfEntry[] = [];
  const bonuses: BfResult['bonuses'] = [];
  let earned: BfStatus | null = null;
  let fallback: (BfStatus & { key: D }) | null = null;
  let effective: string | null = null;
  let paid: { key: D; tiers: string[] } | null = null;
  let floors: { id: string; tier: string; until: number }[] = [];
  const rank = (p: TierProgram, id: string) => p.tiers.findIndex((t) => t.id === id);

  const sync = (t: number, reason: string) => {
    if (!earned) return;
    const v = inForce(t)!;
    let r = rank(v.program, earned.tier);
    for (const f of floors) if (f.until > t) r = Math.max(r, rank(v.program, f.tier));
    const eff = v.program.tiers[r].id;
    if (eff === effective && !(reason === 'kept' && eff === earned.tier)) return;
    history.push({ at: iso(t), from: effective, to: eff, reason, programVersion: v.version });
    effective = eff;
  };
  const reach = (t: number, reason: string) => {
    if (!earned) return;
    const v = inForce(t)!;
    const p = v.program;
    const d = z.date(t);
    const m = progress(p.basis, currentFrom(p, d), d);
    let r = 0;
    p.tiers.forEach((tier, i) => {
      if (i > 0 && tier.reach <= m) r = i;
    });
    if (r <= rank(p, earned.tier)) return;
    const key = periodStart(p, d);
    if (!fallback || fallback.key !== key) fallback = { ...earned, key };
    const untilDate = periodEnd(p, d, p.holdPeriods);
    earned = { tier: p.tiers[r].id, since: t, untilDate, reviewDate: plusDays(untilDate, p.graceDays) };
    sync(t, reason);
    const tier = p.tiers[r];
    if (tier.benefits.reachBonusPoints > 0) {
      if (!paid || paid.key !== key) paid = { key, tiers: [] };
      if (!paid.tiers.includes(tier.id)) {
        paid.tiers.push(tier.id);
        bonuses.push({
          key: `tier-reach:${ctx.memberId}:${tier.id}:${key}`,
          tierId: tier.id,
          points: tier.benefits.reachBonusPoints,
          at: iso(t),
        });
      }
    }
  };
  const review = (due: D, now: number) => {
    const dueT = z.midnight(due);
    const v = inForce(dueT)!;
    const p = v.program;
    const e = earned!;
    const last = plusDays(due, -1);
    const from =
      p.window.kind === 'rolling_months' ? currentFrom(p, last) : periodStart(p, plusDays(e.untilDate!, -1));
    const m = progress(p.basis, from, last);
    const i = rank(p, e.tier);
    let j = 0;
    if (p.downgrade === 'one_step') j = m >= p.tiers[i].keep ? i : i - 1;
    else for (let k = i; k > 0 && j === 0; k--) if (m >= p.tiers[k].keep) j = k;
    if (j === 0) earned = { tier: p.tiers[0].id, since: now, untilDate: null, reviewDate: null };
    else {
      const untilDate = periodEnd(p, due, 0);
      earned = {
        tier: p.tiers[j].id,
        since: j === i ? e.since : now,
        untilDate,
        reviewDate: plusDays(untilDate, p.graceDays),
      };
    }
    fallback = null;
    sync(now, j === i ? 'kept' : 'downgraded');
    reach(now, 'reached');
  };
  const onReturn = (t: number) => {
    if (!fallback || !earned) return;
    const p = inForce(t)!.program;
    if (!p.returnsCanDowngrade) return;
    const d = z.date(t);
    if (fallback.key !== periodStart(p, d)) return;
    const m = progress(p.basis, currentFrom(p, d), d);
    let r = 0;
    p.tiers.forEach((tier, i) => {
      if (i > 0 && tier.reach <= m) r = i;
    });
    if (r >= rank(p, earned.tier)) return;
    if (r <= rank(p, fallback.tier)) {
      earned = {
        tier: fallback.tier,
        since: t,
        untilDate: fallback.untilDate,
        reviewDate: fallback.reviewDate,
      };
      fallback = null;
      sync(t, 'returned');
      while (earned.reviewDate !== null && earned.reviewDate <= d) review(earned.reviewDate, t);
    } else {
      earned = { ...earned, tier: p.tiers[r].id, since: t };
      sync(t, 'returned');
    }
  };
  const applyEvent = (e: TierEvent, t: number) => {
    processed++;
    switch (e.kind) {
      case 'purchase':
      case 'points':
        reach(t, 'reached');
        break;
      case 'return':
        onReturn(t);
        break;
      case 'manual':
        floors = floors.filter((f) => f.id !== e.id);
        floors.push({ id: e.id, tier: e.tierId, until: Date.parse(e.until as string) });
        sync(t, 'manual');
        break;
      case 'manual_end':
        floors = floors.filter((f) => f.id !== e.manualId);
        sync(t, 'manual_ended');
        break;
    }
  };

  const versionStarts = [...new Set(vs.map((v) => v.from))].filter((f) => f > joinAt).sort((a, b) => a - b);
  let day = z.date(Math.min(joinAt, order[0]?.t ?? joinAt));
  const lastDay = z.date(end);
  for (; day <= lastDay; day = plusDays(day, 1)) {
    const dayEnd = Math.min(z.midnight(plusDays(day, 1)) - 1, end);
    for (;;) {
      // the next happening within the day, with its rank for ties
      let best: { t: number; kind: number } | null = null;
      const offer = (t: number, kind: number) => {
        if (t > dayEnd) return;
        if (!best || t < best.t || (t === best.t && kind < best.kind)) best = { t, kind };
      };
      if (!earned) offer(joinAt, 0);
      else {
        if (versionStarts.length > 0) offer(versionStarts[0], 0);
        if (earned.reviewDate === day) offer(z.midnight(day), 1);
      }
      for (const f of floors) offer(f.until, 2);
      if (processed < order.length) offer(order[processed].t, 3);
      if (best === null) break;
      const { t, kind } = best as { t: number; kind: number };
      if (kind === 0 && !earned) {
        const v = inForce(t)!;
        earned = { tier: v.program.tiers[0].id, since: t, untilDate: null, reviewDate: null };
        sync(t, 'joined');
        reach(t, 'reached');
        while (versionStarts.length > 0 && versionStarts[0] <= t) versionStarts.shift();
      } else if (kind === 0) {
        while (versionStarts.length > 0 && versionStarts[0] <= t) versionStarts.shift();
        reach(t, 'program_changed');
      } else if (kind === 1) review(day, t);
      else if (kind === 2) {
        floors = floors.filter((f) => f.until > t);
        sync(t, 'manual_ended');
      } else applyEvent(order[processed].e, t);
    }
  }
  return {
    history,
    bonuses,
    earned: earned
      ? {
          tierId: (earned as BfStatus).tier,
          since: iso((earned as BfStatus).since),
          until:
            (earned as BfStatus).untilDate === null ? null : iso(z.midnight((earned as BfStatus).untilDate!)),
          reviewAt:
            (earned as BfStatus).reviewDate === null
              ? null
              : iso(z.midnight((earned as BfStatus).reviewDate!)),
        }
      : null,
    effective,
  };
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Chatham',
  'America/Santiago',
  'Asia/Kolkata',
];
const T0 = Date.parse('2025-01-01T00:00:00Z');
const T_END = Date.parse('2028-03-01T00:00:00Z');
const DAY = 86_400_000;

const thresholds = (basis: TierProgram['basis']) =>
  basis === 'spend'
    ? fc.integer({ min: 1000, max: 15000 })
    : basis === 'visits'
      ? fc.integer({ min: 1, max: 4 })
      : fc.integer({ min: 20, max: 300 });

function tiersArb(basis: TierProgram['basis'], ids: string[]) {
  return fc
    .tuple(
      fc.array(thresholds(basis), { minLength: ids.length - 1, maxLength: ids.length - 1 }),
      fc.array(fc.integer({ min: 40, max: 100 }), { minLength: ids.length - 1, maxLength: ids.length - 1 }),
      fc.array(fc.constantFrom(0, 0, 25, 100), { minLength: ids.length, maxLength: ids.length }),
    )
    .map(([steps, keepPct, bonus]) => {
      let reach = 0;
      return ids.map((id, i) => {
        if (i > 0) reach += steps[i - 1];
        const keep = i === 0 ? 0 : Math.floor((reach * keepPct[i - 1]) / 100);
        return {
          id,
          name: id.toUpperCase(),
          reach,
          keep,
          benefits: {
            multiplierBp: 10000,
            rewardIds: [],
            reachBonusPoints: i === 0 ? 0 : bonus[i],
            birthdayBonusPoints: 0,
          },
        };
      });
    });
}

function programArb(ids: string[]): fc.Arbitrary<TierProgram> {
  return fc.constantFrom<TierProgram['basis']>('spend', 'visits', 'points').chain((basis) =>
    fc.record({
      basis: fc.constant(basis),
      window: fc.oneof(
        fc.record({ kind: fc.constant('rolling_months' as const), months: fc.constantFrom(1, 3, 6, 12, 5) }),
        fc.constant({ kind: 'calendar_year' as const }),
        fc.constant({ kind: 'anniversary' as const }),
      ),
      exclusions: fc.record({
        skus: fc.subarray(['X']),
        categories: fc.subarray(['gift', 'deposit']),
      }),
      holdPeriods: fc.integer({ min: 0, max: 2 }),
      downgrade: fc.constantFrom('one_step' as const, 'recompute' as const),
      graceDays: fc.constantFrom(0, 0, 10, 45),
      returnsCanDowngrade: fc.boolean(),
      tiers: tiersArb(basis, ids),
    }),
  );
}

interface Scenario {
  ctx: TierContext;
  events: TierEvent[];
  end: string;
}

const instantArb = (from: number, to: number) => fc.integer({ min: from, max: to });

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    since: instantArb(T0, T0 + 330 * DAY),
    ids: fc.constantFrom<string[]>(
      ['base', 'silver'],
      ['base', 'silver', 'gold'],
      ['base', 'silver', 'gold', 'plat'],
    ),
  })
  .chain(({ zone, since, ids }) =>
    fc.record({
      zone: fc.constant(zone),
      since: fc.constant(since),
      v1: programArb(ids),
      v1From: instantArb(T0 - 60 * DAY, T0 + 300 * DAY),
      v2: fc.option(
        fc
          .constantFrom<string[]>(ids, [...ids, 'top'], [ids[0], 'bronze', ...ids.slice(1)])
          .chain((ids2) => programArb(ids2)),
        { nil: undefined },
      ),
      v2After: instantArb(30 * DAY, 700 * DAY),
      midnights: fc.array(fc.integer({ min: 0, max: 1150 }), { maxLength: 4 }),
      purchases: fc.array(
        fc.record({
          at: instantArb(T0, T_END - 10 * DAY),
          late: fc.option(fc.integer({ min: 1, max: 40 * DAY }), { freq: 4, nil: undefined }),
          lines: fc.array(
            fc.record({
              sku: fc.constantFrom(null, 'X', 'Y'),
              category: fc.constantFrom('food', 'food', 'gift', 'deposit', null),
              quantity: fc.integer({ min: 1, max: 3 }),
              amount: fc.integer({ min: 0, max: 8000 }),
              points: fc.integer({ min: 0, max: 120 }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
          returns: fc.array(
            fc.record({
              after: fc.oneof(fc.integer({ min: 0, max: 20 * DAY }), fc.integer({ min: 0, max: 400 * DAY })),
              line: fc.nat(),
              share: fc.integer({ min: 1, max: 3 }),
            }),
            { maxLength: 2 },
          ),
        }),
        { maxLength: 22 },
      ),
      points: fc.array(fc.record({ at: instantArb(T0, T_END), points: fc.integer({ min: 1, max: 150 }) }), {
        maxLength: 4,
      }),
      manual: fc.array(
        fc.record({
          at: instantArb(T0, T_END),
          days: fc.integer({ min: 1, max: 250 }),
          tier: fc.nat(),
          endAfter: fc.option(fc.integer({ min: 1, max: 100 * DAY }), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    }),
  )
  .map((g) => {
    const z = zone(g.zone);
    const ids1 = g.v1.tiers.map((t) => t.id);
    const versions: TierProgramVersion[] = [
      { version: 1, effectiveFrom: new Date(g.v1From).toISOString(), program: g.v1 },
    ];
    if (g.v2)
      versions.push({
        version: 2,
        effectiveFrom: new Date(g.v1From + g.v2After).toISOString(),
        program: g.v2,
      });
    const events: TierEvent[] = [];
    const iso = (t: number) => new Date(t).toISOString();
    // some purchases exactly at a local midnight (period boundaries)
    const mids = g.midnights.map((d) => z.midnight(z.date(T0 + d * DAY)));
    g.purchases.forEach((p, i) => {
      const at = i < mids.length ? mids[i] : p.at;
      const recorded = p.late === undefined ? at : at + p.late;
      const id = `p${i}`;
      const lines = p.lines.map((l, k) => ({ lineId: `l${k}`, ...l }));
      events.push({
        kind: 'purchase',
        id,
        at: iso(at),
        ...(p.late ? { recordedAt: iso(recorded) } : {}),
        lines,
      });
      const left = lines.map((l) => ({ q: l.quantity, a: l.amount, p: l.points }));
      let t = recorded;
      p.returns.forEach((r, k) => {
        t += r.after;
        const li = r.line % lines.length;
        const L = left[li];
        if (L.q === 0 || t > T_END) return;
        const q = Math.min(L.q, r.share);
        const amount = q === L.q ? L.a : Math.floor((L.a * q) / L.q);
        const pts = q === L.q ? L.p : Math.floor((L.p * q) / L.q);
        L.q -= q;
        L.a -= amount;
        L.p -= pts;
        events.push({
          kind: 'return',
          id: `r${i}.${k}`,
          at: iso(t),
          purchaseId: id,
          lines: [{ lineId: `l${li}`, quantity: q, amount, points: pts }],
        });
      });
    });
    g.points.forEach((p, i) => events.push({ kind: 'points', id: `x${i}`, at: iso(p.at), points: p.points }));
    g.manual.forEach((m, i) => {
      events.push({
        kind: 'manual',
        id: `m${i}`,
        at: iso(m.at),
        tierId: ids1[m.tier % ids1.length],
        reason: 'status match',
        until: iso(m.at + m.days * DAY),
      });
      if (m.endAfter !== undefined)
        events.push({ kind: 'manual_end', id: `e${i}`, at: iso(m.at + m.endAfter), manualId: `m${i}` });
    });
    const order = (e: TierEvent) => Date.parse((e.recordedAt ?? e.at) as string);
    events.sort((a, b) => order(a) - order(b));
    return {
      ctx: { memberId: 'mem', memberSince: iso(g.since), timeZone: g.zone, versions },
      events,
      end: iso(T_END),
    };
  });

const STATS: Record<string, number> = {};
afterAll(() => {
  if (process.env.TIERS_STATS) console.log(STATS);
});

describe('tier timeline properties', () => {
  it('equals the day-by-day brute-force model', () => {
    fc.assert(
      fc.property(scenarioArb, ({ ctx, events, end }) => {
        const lib = tierTimeline(ctx, events, end);
        const bf = bruteForce(ctx, events, end);
        if (process.env.TIERS_STATS) for (const h of bf.history) STATS[h.reason] = (STATS[h.reason] ?? 0) + 1;
        if (process.env.TIERS_STATS) STATS.bonuses = (STATS.bonuses ?? 0) + bf.bonuses.length;
        expect(lib.history.map(({ key: _k, ...h }) => h)).toEqual(bf.history);
        expect(
          lib.bonuses.map((b) => ({ key: b.key, tierId: b.tierId, points: b.points, at: b.at })),
        ).toEqual(bf.bonuses);
        expect(lib.earned).toEqual(bf.earned);
        expect(lib.tier?.id ?? null).toEqual(bf.effective);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: process.env.TIERS_SHRINK !== '1' },
    );
  });

  it('equals the brute-force model when every version lets returns take tiers away', () => {
    const withReturns = scenarioArb.map((sc) => ({
      ...sc,
      ctx: {
        ...sc.ctx,
        versions: sc.ctx.versions.map((v) => ({
          ...v,
          program: { ...v.program, returnsCanDowngrade: true },
        })),
      },
    }));
    fc.assert(
      fc.property(withReturns, ({ ctx, events, end }) => {
        const lib = tierTimeline(ctx, events, end);
        const bf = bruteForce(ctx, events, end);
        if (process.env.TIERS_STATS)
          STATS.returnedOnly =
            (STATS.returnedOnly ?? 0) + bf.history.filter((h) => h.reason === 'returned').length;
        expect(lib.history.map(({ key: _k, ...h }) => h)).toEqual(bf.history);
        expect(
          lib.bonuses.map((b) => ({ key: b.key, tierId: b.tierId, points: b.points, at: b.at })),
        ).toEqual(bf.bonuses);
        expect(lib.earned).toEqual(bf.earned);
      }),
      { seed: SEED + 2, numRuns: Math.ceil(RUNS / 3), endOnFailure: process.env.TIERS_SHRINK !== '1' },
    );
  });

  it('progress is exact: a purchase of `missing` reaches the next tier, one unit less does not', () => {
    const spendOrPoints = fc
      .tuple(scenarioArb, fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: T_END - DAY }))
      .filter(([sc]) => sc.ctx.versions.every((v) => v.program.basis !== 'visits'));
    let checked = 0;
    fc.assert(
      fc.property(spendOrPoints, ([{ ctx, events }, t]) => {
        const at = new Date(t).toISOString();
        const known = events.filter((e) => Date.parse((e.recordedAt ?? e.at) as string) <= t);
        const { state } = tierTimeline(ctx, known, at);
        const item = tierProgress(ctx, state, at).items.find((i) => i.kind === 'reach');
        if (!item || item.missing === 0) return;
        const buyNow = (n: number): TierEvent => ({
          kind: 'purchase',
          id: 'probe',
          at,
          lines: [{ lineId: 'l', sku: null, category: 'food', quantity: 1, amount: n, points: n }],
        });
        const before = tierTimeline(ctx, known, at).tier?.id;
        expect(tierTimeline(ctx, [...known, buyNow(item.missing - 1)], at).tier?.id).toBe(before);
        expect(tierTimeline(ctx, [...known, buyNow(item.missing)], at).tier?.id).toBe(item.tierId);
        checked++;
      }),
      { seed: SEED + 3, numRuns: Math.ceil(RUNS / 3), endOnFailure: process.env.TIERS_SHRINK !== '1' },
    );
    expect(checked).toBeGreaterThan(10);
  });

  it('the incremental step (state stored as JSON between events, period-end runs in between) equals the full recompute', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.integer({ min: T0, max: T_END }), { maxLength: 6 }),
        ({ ctx, events, end }, stops) => {
          const full = tierTimeline(ctx, events, end);
          let state = initialTierState(ctx.memberId);
          const transitions = [];
          const bonuses = [];
          const known = events.filter((e) => Date.parse((e.recordedAt ?? e.at) as string) <= Date.parse(end));
          // period-end runs at arbitrary instants between events change nothing in the outcome
          const runs = [...stops].sort((a, b) => a - b);
          for (const e of known) {
            const t = Date.parse((e.recordedAt ?? e.at) as string);
            while (runs.length > 0 && runs[0] <= t) {
              const at = new Date(runs.shift()!).toISOString();
              const [r] = evaluatePeriodEnd({
                timeZone: ctx.timeZone,
                versions: ctx.versions,
                members: [{ memberId: ctx.memberId, memberSince: ctx.memberSince, state }],
                at,
              });
              if (!r) continue;
              transitions.push(...r.transitions);
              bonuses.push(...r.bonuses);
              state = r.state;
            }
            const stored = JSON.stringify(state);
            const r = applyTierEvent(ctx, JSON.parse(stored), e);
            // the step never mutates its input
            const again = applyTierEvent(ctx, state, e);
            expect(JSON.stringify(state)).toBe(stored);
            expect(again).toEqual(r);
            transitions.push(...r.transitions);
            bonuses.push(...r.bonuses);
            state = r.state;
          }
          const last = advanceTierState(ctx, state, end);
          transitions.push(...last.transitions);
          bonuses.push(...last.bonuses);
          expect(last.state).toEqual(full.state);
          expect(transitions).toEqual(full.history);
          expect(bonuses).toEqual(full.bonuses);
        },
      ),
      { seed: SEED + 1, numRuns: Math.ceil(RUNS / 2), endOnFailure: process.env.TIERS_SHRINK !== '1' },
    );
  });

  it('a stored view stays exact in [from, until): equal to the view and the purchase tier computed at any instant in it', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: T0, max: T_END - DAY }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        ({ ctx, events }, t0, fractions) => {
          const at = new Date(t0).toISOString();
          const known = events.filter((e) => Date.parse((e.recordedAt ?? e.at) as string) <= t0);
          const { state } = tierTimeline(ctx, known, at);
          const snap = tierViewSnapshot(ctx, state, at);
          const from = Date.parse(snap.from);
          const until = Date.parse(snap.until);
          expect(from).toBe(t0);
          expect(until).toBeGreaterThan(t0);
          // the stored JSON is what the scan reads back
          expect(JSON.parse(JSON.stringify(snap.view))).toEqual(tierView(ctx, state, at));
          // Inside the interval: its ends, random instants, and the local midnights just before its end
          // and after its start (where windows and the dates they name move). Within three years.
          const end = Math.min(until, t0 + 3 * 365 * DAY);
          const z = zone(ctx.timeZone);
          const midnightBefore = z.midnight(z.date(end - 1));
          const midnightAfter = z.midnight(z.date(t0 + DAY));
          const instants = [
            t0,
            end - 1,
            ...[midnightBefore, midnightBefore - 1, midnightAfter, midnightAfter - 1].filter(
              (x) => x >= t0 && x < end,
            ),
            ...fractions.map((f) => t0 + Math.floor(f * (end - 1 - t0))),
          ];
          for (const t of instants) {
            expect(tierView(ctx, state, new Date(t))).toEqual(snap.view);
            expect(tierForPurchase(ctx, state, new Date(t)).tierId).toBe(snap.effectiveTierId);
          }
          if (snap.view) checked++;
        },
      ),
      { seed: SEED + 4, numRuns: Math.ceil(RUNS / 2), endOnFailure: process.env.TIERS_SHRINK !== '1' },
    );
    expect(checked).toBeGreaterThan(10);
  });
});
