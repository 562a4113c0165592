/** Benefits, progress explanations, the period-end run and the preview. */
import { evaluatePurchase } from '@regulars/rules';
import type { RuleSet } from '@regulars/rules';
import {
  applyTierEvent,
  benefitPromotions,
  birthdayBonus,
  describeProgress,
  evaluatePeriodEnd,
  initialTierState,
  memberBenefits,
  previewProgram,
  rewardAllowed,
  tierProgress,
  tierTimeline,
} from './index';
import type { ClubDefinition, TierEvent, TierState } from './index';
import { benefits, buy, ctx, program, ret, TZ, versions } from '../test/fixtures';

const club: ClubDefinition = {
  id: 'insiders',
  name: 'Insiders',
  access: { kind: 'open' },
  benefits: benefits({ multiplierBp: 11000, rewardIds: ['club-mug'] }),
};

describe('benefits', () => {
  it('multipliers of tier and club add their extras; the promotions feed @regulars/rules with a reason per source', () => {
    const b = memberBenefits(program(), 'gold', [club]);
    expect(b.multiplierBp).toBe(16000);
    expect(b.sources.map((s) => [s.kind, s.id, s.multiplierBp])).toEqual([
      ['tier', 'gold', 15000],
      ['club', 'insiders', 11000],
    ]);
    const rules: RuleSet = {
      points: { pointsPer: 1, perAmount: 100, rounding: 'floor', minimumSpend: 0 },
      multipliers: [],
      exclusions: { skus: [], categories: [] },
      promotions: benefitPromotions(b),
      stampCards: [],
      pointsExpiry: null,
      pendingDays: 0,
    };
    const ev = evaluatePurchase(
      { occurredAt: '2026-03-01T10:00:00Z', total: 2000, lines: [] },
      rules,
      { stampProgress: {} },
      { timeZone: TZ },
    );
    expect(ev.postings.map((p) => [p.key, p.amount])).toEqual([
      ['points:base', 20],
      ['points:promotion:tier.gold', 10],
      ['points:promotion:club.insiders', 2],
    ]);
    expect(ev.postings[1].reason).toContain('Gold tier');
  });

  it('rewards limited to a tier are open to it and every higher tier, club rewards to club members, the rest to everyone', () => {
    const p = program();
    const silver = memberBenefits(p, 'silver');
    const gold = memberBenefits(p, 'gold', [club]);
    expect(rewardAllowed('silver-coffee', p, [club], silver)).toBe(true);
    expect(rewardAllowed('gold-cake', p, [club], silver)).toBe(false);
    expect(rewardAllowed('silver-coffee', p, [club], gold)).toBe(true);
    expect(rewardAllowed('club-mug', p, [club], silver)).toBe(false);
    expect(rewardAllowed('club-mug', p, [club], gold)).toBe(true);
    expect(rewardAllowed('free-coffee', p, [club], memberBenefits(p, 'member'))).toBe(true);
  });

  it('birthday bonus: at the local start of the birthday, 29 February on 28 February in other years, one key per year', () => {
    const gold = program().tiers[2];
    const b = birthdayBonus({
      memberId: 'm1',
      birthday: '1996-02-29',
      year: 2027,
      timeZone: TZ,
      source: { kind: 'tier', id: gold.id, name: gold.name, benefits: gold.benefits },
    });
    expect(b).toEqual({
      key: 'birthday:m1:tier:2027',
      kind: 'birthday',
      tierId: 'gold',
      points: 100,
      at: '2027-02-27T23:00:00.000Z',
      reason: 'Happy birthday from Gold',
    });
    const silver = program().tiers[1];
    expect(
      birthdayBonus({
        memberId: 'm1',
        birthday: '02-29',
        year: 2028,
        timeZone: TZ,
        source: { kind: 'tier', id: silver.id, name: silver.name, benefits: silver.benefits },
      }),
    ).toBeNull();
  });
});

describe('progress', () => {
  it('explains what is missing to reach the next tier and to keep the current one', () => {
    const t = tierTimeline(
      ctx(),
      [buy('2026-03-01T10:00:00+01:00', 11000), buy('2026-06-01T10:00:00+02:00', 14800)],
      '2026-07-01T00:00:00Z',
    );
    const p = tierProgress(ctx(), t.state, '2026-07-01T00:00:00Z');
    expect(p.items).toEqual([
      {
        kind: 'reach',
        tierId: 'gold',
        tierName: 'Gold',
        metric: 'spend',
        current: 25800,
        threshold: 30000,
        missing: 4200,
        met: false,
        by: '2026-12-31',
      },
      {
        kind: 'keep',
        tierId: 'silver',
        tierName: 'Silver',
        metric: 'spend',
        current: 0,
        threshold: 8000,
        missing: 8000,
        met: false,
        by: '2027-12-31',
      },
    ]);
    expect(p.items.map((i) => describeProgress(i))).toEqual([
      '€42.00 more spend by 31 Dec 2026 to reach Gold',
      'to keep Silver: €80.00 more spend by 31 Dec 2027',
    ]);
  });

  it('keep progress counts the held period (plus grace) and says when it is met; visits read as visits', () => {
    const c = ctx(
      versions({
        basis: 'visits',
        window: { kind: 'rolling_months', months: 3 },
        holdPeriods: 0,
        tiers: program().tiers.map((t, i) => ({ ...t, reach: [0, 5, 10][i], keep: [0, 4, 8][i] })),
      }),
    );
    const events: TierEvent[] = [];
    for (let d = 1; d <= 5; d++) events.push(buy(`2027-01-0${d}T10:00:00+01:00`, 300));
    const t = tierTimeline(c, events, '2027-02-01T00:00:00Z');
    expect(t.tier?.id).toBe('silver');
    expect(t.until).toBe('2027-03-31T22:00:00.000Z');
    const items = tierProgress(c, t.state, '2027-02-01T00:00:00Z').items;
    expect(items.map((i) => describeProgress(i))).toEqual([
      '5 more visits to reach Gold',
      'Silver kept for the next period',
    ]);
    expect(items[1]).toMatchObject({ current: 5, threshold: 4, by: '2027-03-31' });
  });
});

describe('period-end evaluation', () => {
  it('yields each due member once with a deterministic key; a second run on the stored result yields nothing', () => {
    const c = ctx();
    const state = (events: TierEvent[]): TierState =>
      events.reduce((s, e) => applyTierEvent(c, s, e).state, initialTierState('m1'));
    const members = [
      { memberId: 'm1', memberSince: c.memberSince, state: state([buy('2026-03-05T10:00:00+01:00', 11000)]) },
      {
        memberId: 'm2',
        memberSince: c.memberSince,
        state: { ...state([buy('2026-03-05T10:00:00+01:00', 5000)]), memberId: 'm2' },
      },
    ];
    const run = (at: string, ms = members) =>
      evaluatePeriodEnd({ timeZone: TZ, versions: c.versions, members: ms, at });
    expect(run('2027-12-31T22:59:59Z')).toEqual([]);
    const first = run('2028-01-01T06:00:00Z');
    expect(
      first.map((r) => [r.memberId, r.key, r.transitions.map((t) => `${t.from}>${t.to} ${t.reason}`)]),
    ).toEqual([['m1', 'tier-eval:m1:2027-12-31T23:00:00.000Z', ['silver>member downgraded']]]);
    expect(run('2028-01-01T06:00:00Z')).toEqual(first);
    const stored = members.map((m) => (m.memberId === 'm1' ? { ...m, state: first[0].state } : m));
    expect(run('2028-01-01T07:00:00Z', stored)).toEqual([]);
  });
});

describe('preview', () => {
  it('counts members per tier under the current and the proposed program and lists who moves', () => {
    const since = '2026-01-10T09:00:00+01:00';
    const members = [
      { memberId: 'a', memberSince: since, events: [buy('2026-03-01T10:00:00+01:00', 12000)] },
      { memberId: 'b', memberSince: since, events: [buy('2026-03-01T10:00:00+01:00', 9000)] },
      {
        memberId: 'c',
        memberSince: since,
        events: [
          buy('2026-03-01T10:00:00+01:00', 35000, { id: 'big' }),
          ret('2026-03-02T10:00:00+01:00', 'big', 30000),
        ],
      },
      { memberId: 'd', memberSince: since, events: [] },
    ];
    const proposed = program({
      tiers: program().tiers.map((t) =>
        t.id === 'silver'
          ? { ...t, reach: 8000, keep: 6000 }
          : t.id === 'gold'
            ? { ...t, reach: 11000, keep: 9000 }
            : t,
      ),
    });
    const p = previewProgram({
      timeZone: TZ,
      current: versions(),
      proposed,
      members,
      at: '2026-06-01T00:00:00Z',
    });
    expect(p.current).toEqual({ silver: 1, member: 2, gold: 1 });
    expect(p.proposed).toEqual({ member: 1, silver: 1, gold: 2 });
    expect(p).toMatchObject({ up: 2, down: 0, unchanged: 2 });
    expect(p.moves).toEqual([
      { memberId: 'a', from: 'silver', to: 'gold', direction: 'up' },
      { memberId: 'b', from: 'member', to: 'silver', direction: 'up' },
    ]);
  });
});
