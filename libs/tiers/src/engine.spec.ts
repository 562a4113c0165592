/** The tier rules one by one, with plain inputs (Europe/Berlin; Member / Silver 100.00 / Gold 300.00 on net spend). */
import { DomainError } from '@regulars/core';
import {
  advanceTierState,
  applyTierEvent,
  initialTierState,
  tierAt,
  tierForPurchase,
  tierTimeline,
  memberBenefits,
  tierStateDiff,
} from './index';
import type { TierEvent, TierProgramVersion } from './index';
import { buy, ctx, program, ret, versions } from '../test/fixtures';

const steps = (h: { at: string; from: string | null; to: string; reason: string }[]) =>
  h.map((x) => `${x.at} ${x.from ?? ''}>${x.to} ${x.reason}`);

describe('upgrade at once', () => {
  it('the purchase that crosses the threshold upgrades the member at its instant, with one reach bonus', () => {
    const events = [
      buy('2026-03-01T10:00:00+01:00', 6000, { id: 'a' }),
      buy('2026-03-05T10:00:00+01:00', 4000, { id: 'b' }),
    ];
    const t = tierTimeline(ctx(), events, '2026-04-01T00:00:00Z');
    expect(steps(t.history)).toEqual([
      '2026-01-10T08:00:00.000Z >member joined',
      '2026-03-05T09:00:00.000Z member>silver reached',
    ]);
    expect(t.tier).toEqual({ id: 'silver', name: 'Silver' });
    expect(t.since).toBe('2026-03-05T09:00:00.000Z');
    // reached in 2026, held to the end of the following period (2027), local midnight Berlin
    expect(t.until).toBe('2027-12-31T23:00:00.000Z');
    expect(t.reviewAt).toBe('2027-12-31T23:00:00.000Z');
    expect(t.bonuses).toEqual([
      {
        key: 'tier-reach:m1:silver:2026-01-01',
        kind: 'tier_reach',
        tierId: 'silver',
        points: 50,
        at: '2026-03-05T09:00:00.000Z',
        programVersion: 1,
        reason: 'Silver reached',
      },
    ]);
    expect(tierAt(t.history, '2026-03-05T08:59:59Z')).toBe('member');
    expect(tierAt(t.history, '2026-03-05T09:00:00Z')).toBe('silver');
  });

  it('one cent short does not upgrade; excluded lines (gift cards, deposits) never count', () => {
    const events = [
      buy('2026-03-01T10:00:00+01:00', 9999),
      buy('2026-03-02T10:00:00+01:00', 5000, { sku: 'GIFTCARD' }),
      buy('2026-03-03T10:00:00+01:00', 5000, { category: 'deposit' }),
    ];
    const t = tierTimeline(ctx(), events, '2026-04-01T00:00:00Z');
    expect(t.tier?.id).toBe('member');
    expect(t.bonuses).toEqual([]);
  });

  it('a purchase worth several tiers lands on the highest and pays only its bonus', () => {
    const t = tierTimeline(ctx(), [buy('2026-03-01T10:00:00+01:00', 31000)], '2026-04-01T00:00:00Z');
    expect(steps(t.history).slice(1)).toEqual(['2026-03-01T09:00:00.000Z member>gold reached']);
    expect(t.bonuses.map((b) => [b.tierId, b.points])).toEqual([['gold', 200]]);
  });

  it('the crossing purchase earns at the old tier multiplier, the next one at the new', () => {
    const c = ctx();
    let s = initialTierState('m1');
    s = applyTierEvent(c, s, buy('2026-03-01T10:00:00+01:00', 6000)).state;
    const before = tierForPurchase(c, s, '2026-03-05T10:00:00+01:00');
    expect(before.tierId).toBe('member');
    expect(memberBenefits(before.program, before.tierId).multiplierBp).toBe(10000);
    s = applyTierEvent(c, s, buy('2026-03-05T10:00:00+01:00', 4000)).state;
    const after = tierForPurchase(c, s, '2026-03-06T10:00:00+01:00');
    expect(after.tierId).toBe('silver');
    expect(memberBenefits(after.program, after.tierId).multiplierBp).toBe(12500);
  });
});

describe('returns', () => {
  const events = [
    buy('2026-03-01T10:00:00+01:00', 6000, { id: 'a' }),
    buy('2026-03-05T10:00:00+01:00', 5000, { id: 'b' }),
    ret('2026-03-08T10:00:00+01:00', 'b', 2000),
  ];

  it('returnsCanDowngrade false: a return lowers progress but the tier stays', () => {
    const t = tierTimeline(ctx(), events, '2026-04-01T00:00:00Z');
    expect(t.tier?.id).toBe('silver');
    expect(t.history.map((h) => h.reason)).toEqual(['joined', 'reached']);
    expect(t.state.purchases.find((p) => p.id === 'b')?.spend).toBe(3000);
  });

  it('returnsCanDowngrade true: a return below the reach takes away the tier reached this period; re-reaching pays no second bonus', () => {
    const c = ctx(versions({ returnsCanDowngrade: true }));
    const t = tierTimeline(c, [...events, buy('2026-03-20T10:00:00+01:00', 2000)], '2026-04-01T00:00:00Z');
    expect(steps(t.history).slice(1)).toEqual([
      '2026-03-05T09:00:00.000Z member>silver reached',
      '2026-03-08T09:00:00.000Z silver>member returned',
      '2026-03-20T09:00:00.000Z member>silver reached',
    ]);
    expect(t.bonuses.map((b) => b.key)).toEqual(['tier-reach:m1:silver:2026-01-01']);
  });

  it('returnsCanDowngrade true: a return that leaves enough progress changes nothing', () => {
    const c = ctx(versions({ returnsCanDowngrade: true }));
    const t = tierTimeline(
      c,
      [...events.slice(0, 2), ret('2026-03-08T10:00:00+01:00', 'b', 1000)],
      '2026-04-01Z',
    );
    expect(t.tier?.id).toBe('silver');
  });

  it('returnsCanDowngrade true: a tier reached in an earlier period is not taken away', () => {
    const c = ctx(versions({ returnsCanDowngrade: true, window: { kind: 'rolling_months', months: 12 } }));
    // rolling 12 months: periods are calendar years; the purchase stays in the window after New Year
    const t = tierTimeline(
      c,
      [buy('2026-12-20T10:00:00+01:00', 12000, { id: 'a' }), ret('2027-01-05T10:00:00+01:00', 'a', 12000)],
      '2027-02-01T00:00:00Z',
    );
    expect(t.tier?.id).toBe('silver');
    expect(t.state.purchases[0].spend).toBe(0);
  });

  it('a gold reached on top of a silver from an earlier period falls back to that silver, with its end', () => {
    const c = ctx(versions({ returnsCanDowngrade: true }));
    const t = tierTimeline(
      c,
      [
        buy('2026-03-01T10:00:00+01:00', 11000, { id: 'a' }),
        buy('2027-02-01T10:00:00+01:00', 31000, { id: 'b' }),
        ret('2027-02-03T10:00:00+01:00', 'b', 31000),
      ],
      '2027-03-01T00:00:00Z',
    );
    expect(steps(t.history).slice(2)).toEqual([
      '2027-02-01T09:00:00.000Z silver>gold reached',
      '2027-02-03T09:00:00.000Z gold>silver returned',
    ]);
    expect(t.until).toBe('2027-12-31T23:00:00.000Z');
  });

  it('a return that restores a status whose review fell due meanwhile (grace period) holds that review at once', () => {
    const c = ctx(versions({ returnsCanDowngrade: true, graceDays: 31 }));
    const base = [
      buy('2026-03-05T10:00:00+01:00', 11000, { id: 'a' }),
      buy('2027-06-01T10:00:00+02:00', 5000, { id: 'b' }),
      buy('2028-01-10T10:00:00+01:00', 31000, { id: 'g' }),
      ret('2028-02-05T10:00:00+01:00', 'g', 31000),
    ];
    const t = tierTimeline(c, base, '2028-03-01T00:00:00Z');
    expect(steps(t.history).slice(2)).toEqual([
      '2028-01-10T09:00:00.000Z silver>gold reached',
      '2028-02-05T09:00:00.000Z gold>silver returned',
      '2028-02-05T09:00:00.000Z silver>member downgraded',
    ]);
    const kept = tierTimeline(
      c,
      [...base.slice(0, 1), buy('2027-06-01T10:00:00+02:00', 8000), ...base.slice(2)],
      '2028-03-01Z',
    );
    expect(steps(kept.history).slice(3)).toEqual([
      '2028-02-05T09:00:00.000Z gold>silver returned',
      '2028-02-05T09:00:00.000Z silver>silver kept',
    ]);
    expect(kept.until).toBe('2028-12-31T23:00:00.000Z');
  });

  it('refuses returns of unknown purchases, of unknown lines and of more than was bought', () => {
    const c = ctx();
    const s = applyTierEvent(
      c,
      initialTierState('m1'),
      buy('2026-03-01T10:00:00+01:00', 6000, { id: 'a' }),
    ).state;
    const r = (e: TierEvent) => () => applyTierEvent(c, s, e);
    expect(r(ret('2026-03-02T10:00:00Z', 'zzz', 100))).toThrow('return of an unknown purchase');
    const once = applyTierEvent(c, s, ret('2026-03-02T10:00:00Z', 'a', 100, 1, 'r1')).state;
    expect(once.purchases[0]).toMatchObject({ spend: 5900, returnIds: ['r1'] });
    expect(() => applyTierEvent(c, once, ret('2026-03-02T10:00:00Z', 'a', 100, 1, 'r1'))).toThrow(
      'duplicate event id',
    );
    expect(r(ret('2026-03-02T10:00:00Z', 'a', 6001))).toThrow(DomainError);
    expect(r(ret('2026-03-02T10:00:00Z', 'a', 100, 2))).toThrow(DomainError);
    expect(
      r({
        kind: 'return',
        id: 'r',
        at: '2026-03-02T10:00:00Z',
        purchaseId: 'a',
        lines: [{ lineId: 'x', quantity: 1, amount: 1 }],
      }),
    ).toThrow(DomainError);
  });

  it('visits: a purchase counts once, is cancelled when its qualifying lines are all returned, and excluded-only purchases never count', () => {
    const c = ctx(
      versions({ basis: 'visits', tiers: program().tiers.map((t, i) => ({ ...t, reach: i * 2, keep: i })) }),
    );
    const t = tierTimeline(
      c,
      [
        buy('2026-03-01T10:00:00+01:00', 500, { id: 'a' }),
        buy('2026-03-02T10:00:00+01:00', 500, { id: 'g', sku: 'GIFTCARD' }),
        ret('2026-03-03T10:00:00+01:00', 'a', 500),
        buy('2026-03-04T10:00:00+01:00', 500, { id: 'b' }),
      ],
      '2026-04-01T00:00:00Z',
    );
    expect(t.state.purchases.map((p) => p.visits)).toEqual([0, 0, 1]);
    expect(t.tier?.id).toBe('member');
  });
});

describe('points basis', () => {
  it('counts points earned on qualifying lines and qualifying points events, minus points reversed by returns', () => {
    const c = ctx(
      versions({
        basis: 'points',
        tiers: program().tiers.map((t, i) => ({ ...t, reach: i * 100, keep: i * 80 })),
      }),
    );
    const events: TierEvent[] = [
      {
        kind: 'purchase',
        id: 'a',
        at: '2026-03-01T10:00:00+01:00',
        lines: [
          { lineId: 'l1', sku: null, category: 'food', quantity: 2, amount: 4000, points: 40 },
          { lineId: 'l2', sku: 'GIFTCARD', category: null, quantity: 1, amount: 5000, points: 50 },
        ],
      },
      { kind: 'points', id: 'x', at: '2026-03-02T10:00:00+01:00', points: 60 },
    ];
    const t = tierTimeline(c, events, '2026-03-10T00:00:00Z');
    expect(t.history.at(-1)).toMatchObject({
      at: '2026-03-02T09:00:00.000Z',
      to: 'silver',
      reason: 'reached',
    });
    const back = tierTimeline(
      c,
      [
        ...events,
        {
          kind: 'return',
          id: 'r',
          at: '2026-03-03T10:00:00+01:00',
          purchaseId: 'a',
          lines: [{ lineId: 'l1', quantity: 1, amount: 2000, points: 20 }],
        },
      ],
      '2026-03-10T00:00:00Z',
    );
    expect(back.state.purchases[0]).toMatchObject({ points: 20, spend: 2000, visits: 1 });
    expect(back.tier?.id).toBe('silver');
  });
});

describe('period end', () => {
  const reachIn2026 = buy('2026-03-05T10:00:00+01:00', 11000, { id: 'a' });

  it('keeps the tier when the keep threshold is met in the held period, for one more period', () => {
    const t = tierTimeline(
      ctx(),
      [reachIn2026, buy('2027-06-01T10:00:00+02:00', 8000)],
      '2028-01-15T00:00:00Z',
    );
    expect(steps(t.history).slice(2)).toEqual(['2027-12-31T23:00:00.000Z silver>silver kept']);
    expect(t.tier?.id).toBe('silver');
    expect(t.since).toBe('2026-03-05T09:00:00.000Z');
    expect(t.until).toBe('2028-12-31T23:00:00.000Z');
  });

  it('drops one step at the end of the held period when the keep threshold is missed', () => {
    const t = tierTimeline(
      ctx(),
      [reachIn2026, buy('2027-06-01T10:00:00+02:00', 7999)],
      '2028-01-15T00:00:00Z',
    );
    expect(steps(t.history).slice(2)).toEqual(['2027-12-31T23:00:00.000Z silver>member downgraded']);
    expect(t.until).toBeNull();
  });

  it('one_step drops Gold to Silver whatever the spend; recompute drops to the tier whose keep threshold is met', () => {
    const gold = buy('2026-03-05T10:00:00+01:00', 31000);
    const some = buy('2027-06-01T10:00:00+02:00', 5000);
    const oneStep = tierTimeline(ctx(), [gold, some], '2028-01-15T00:00:00Z');
    expect(oneStep.history.at(-1)).toMatchObject({ from: 'gold', to: 'silver', reason: 'downgraded' });
    expect(oneStep.until).toBe('2028-12-31T23:00:00.000Z');
    const recompute = tierTimeline(
      ctx(versions({ downgrade: 'recompute' })),
      [gold, some],
      '2028-01-15T00:00:00Z',
    );
    expect(recompute.history.at(-1)).toMatchObject({ from: 'gold', to: 'member', reason: 'downgraded' });
    const recomputeSilver = tierTimeline(
      ctx(versions({ downgrade: 'recompute' })),
      [gold, buy('2027-06-01T10:00:00+02:00', 9000)],
      '2028-01-15T00:00:00Z',
    );
    expect(recomputeSilver.history.at(-1)).toMatchObject({
      from: 'gold',
      to: 'silver',
      reason: 'downgraded',
    });
  });

  it('holdPeriods 0: held to the end of the period it was reached in, which is also the period reviewed', () => {
    const t = tierTimeline(ctx(versions({ holdPeriods: 0 })), [reachIn2026], '2028-01-15T00:00:00Z');
    expect(steps(t.history).slice(2)).toEqual([
      '2026-12-31T23:00:00.000Z silver>silver kept',
      '2027-12-31T23:00:00.000Z silver>member downgraded',
    ]);
  });

  it('grace period: the review waits, and purchases in the grace days still count', () => {
    const c = ctx(versions({ graceDays: 31 }));
    const short = [reachIn2026, buy('2027-06-01T10:00:00+02:00', 5000)];
    const lost = tierTimeline(c, short, '2028-03-01T00:00:00Z');
    expect(lost.reviewAt).toBeNull();
    expect(steps(lost.history).slice(2)).toEqual(['2028-01-31T23:00:00.000Z silver>member downgraded']);
    const during = tierTimeline(c, short, '2028-01-20T00:00:00Z');
    expect(during.tier?.id).toBe('silver');
    expect(during.reviewAt).toBe('2028-01-31T23:00:00.000Z');
    const saved = tierTimeline(c, [...short, buy('2028-01-31T23:30:00+01:00', 3000)], '2028-03-01T00:00:00Z');
    expect(steps(saved.history).slice(2)).toEqual(['2028-01-31T23:00:00.000Z silver>silver kept']);
    // the new held period is 2028 (the period the review falls in)
    expect(saved.until).toBe('2028-12-31T23:00:00.000Z');
    expect(saved.reviewAt).toBe('2029-01-31T23:00:00.000Z');
  });

  it('Berlin New Year: 23:59:59 local counts for the old year, 00:00 local for the new one; the review happens first', () => {
    const t = tierTimeline(
      ctx(),
      [reachIn2026, buy('2027-12-31T22:59:59Z', 7999), buy('2027-12-31T23:00:00Z', 10000)],
      '2028-01-15T00:00:00Z',
    );
    // 79.99 in 2027 is short of 80.00: down at local midnight, then 100.00 at that very instant reaches Silver again
    expect(steps(t.history).slice(2)).toEqual([
      '2027-12-31T23:00:00.000Z silver>member downgraded',
      '2027-12-31T23:00:00.000Z member>silver reached',
    ]);
    expect(t.bonuses.map((b) => b.key)).toEqual([
      'tier-reach:m1:silver:2026-01-01',
      'tier-reach:m1:silver:2028-01-01',
    ]);
    const kept = tierTimeline(
      ctx(),
      [reachIn2026, buy('2027-12-31T22:59:59Z', 8000)],
      '2028-01-15T00:00:00Z',
    );
    expect(kept.history.at(-1)?.reason).toBe('kept');
  });

  it('a period-end review in a zone whose midnight is skipped (Santiago, September) happens at the first instant of the day', () => {
    // America/Santiago moves from 00:00 to 01:00 on the first Sunday of September (2026-09-06).
    const c = {
      ...ctx(versions({ window: { kind: 'rolling_months', months: 1 }, holdPeriods: 0, graceDays: 5 })),
      timeZone: 'America/Santiago',
    };
    const t = tierTimeline(c, [buy('2026-08-03T12:00:00-04:00', 11000)], '2026-09-30T00:00:00Z');
    // held to the end of August; review 5 days later over 2026-08-06 .. 2026-09-05 (without the purchase):
    // local 2026-09-06 starts at 01:00 -03:00
    expect(t.history.at(-1)).toMatchObject({ at: '2026-09-06T04:00:00.000Z', reason: 'downgraded' });
  });

  it('anniversary periods start on the local join date (29 February: 28 February in other years)', () => {
    const c = ctx(
      versions({ window: { kind: 'anniversary' }, holdPeriods: 0 }, '2024-01-01T00:00:00+01:00'),
      '2024-02-29T12:00:00+01:00',
    );
    const t = tierTimeline(c, [buy('2025-02-27T12:00:00+01:00', 11000)], '2025-03-15T00:00:00Z');
    // membership year 2024-02-29 .. 2025-02-27 is reviewed at the start of 2025-02-28 and kept for the next one
    expect(steps(t.history).slice(1)).toEqual([
      '2025-02-27T11:00:00.000Z member>silver reached',
      '2025-02-27T23:00:00.000Z silver>silver kept',
    ]);
    expect(t.until).toBe('2026-02-27T23:00:00.000Z');
  });

  it('rolling window: progress counts the last N months by local date, older purchases drop out', () => {
    const c = ctx(versions({ window: { kind: 'rolling_months', months: 3 }, holdPeriods: 0 }));
    // 2026-02-01 and 2026-05-01: on 2026-05-01 the window is 2026-02-02 .. 2026-05-01
    const out = tierTimeline(
      c,
      [buy('2026-02-01T10:00:00+01:00', 6000), buy('2026-05-01T10:00:00+02:00', 4000)],
      '2026-05-02Z',
    );
    expect(out.tier?.id).toBe('member');
    const inside = tierTimeline(
      c,
      [buy('2026-02-02T10:00:00+01:00', 6000), buy('2026-05-01T10:00:00+02:00', 4000)],
      '2026-05-02Z',
    );
    expect(inside.tier?.id).toBe('silver');
  });
});

describe('manual status', () => {
  it('is a floor with an expiry: raises the tier, then ends and the earned tier shows again', () => {
    const events: TierEvent[] = [
      buy('2026-03-01T10:00:00+01:00', 11000),
      {
        kind: 'manual',
        id: 'm',
        at: '2026-04-01T10:00:00+02:00',
        tierId: 'gold',
        reason: 'status match',
        until: '2026-06-01T00:00:00+02:00',
      },
    ];
    const during = tierTimeline(ctx(), events, '2026-05-01T00:00:00Z');
    expect(during.tier?.id).toBe('gold');
    expect(during.until).toBe('2026-05-31T22:00:00.000Z');
    expect(during.earned?.tierId).toBe('silver');
    const after = tierTimeline(ctx(), events, '2026-07-01T00:00:00Z');
    expect(steps(after.history).slice(2)).toEqual([
      '2026-04-01T08:00:00.000Z silver>gold manual',
      '2026-05-31T22:00:00.000Z gold>silver manual_ended',
    ]);
    expect(after.tier?.id).toBe('silver');
  });

  it('is never a ceiling, and pays no reach bonus', () => {
    const events: TierEvent[] = [
      {
        kind: 'manual',
        id: 'm',
        at: '2026-02-01T10:00:00+01:00',
        tierId: 'silver',
        reason: 'complaint',
        until: '2027-01-01T00:00:00+01:00',
      },
      buy('2026-03-01T10:00:00+01:00', 31000),
    ];
    const t = tierTimeline(ctx(), events, '2026-07-01T00:00:00Z');
    expect(t.tier?.id).toBe('gold');
    expect(t.bonuses.map((b) => b.tierId)).toEqual(['gold']);
    expect(t.manual).toHaveLength(1);
  });

  it('can be ended early', () => {
    const events: TierEvent[] = [
      {
        kind: 'manual',
        id: 'm',
        at: '2026-02-01T10:00:00+01:00',
        tierId: 'gold',
        reason: 'vip',
        until: '2027-01-01T00:00:00+01:00',
      },
      { kind: 'manual_end', id: 'e', at: '2026-02-10T10:00:00+01:00', manualId: 'm' },
    ];
    const t = tierTimeline(ctx(), events, '2026-07-01T00:00:00Z');
    expect(steps(t.history).slice(1)).toEqual([
      '2026-02-01T09:00:00.000Z member>gold manual',
      '2026-02-10T09:00:00.000Z gold>member manual_ended',
    ]);
  });
});

describe('program versions', () => {
  const v2: TierProgramVersion[] = [
    ...versions({ exclusions: { skus: [], categories: [] } }),
    {
      version: 2,
      effectiveFrom: '2026-07-01T00:00:00+02:00',
      program: program({
        exclusions: { skus: [], categories: ['gift'] },
        tiers: program().tiers.map((t) => (t.id === 'silver' ? { ...t, reach: 8000, keep: 6000 } : t)),
      }),
    },
  ];

  it('a lower threshold from a new version upgrades at its start', () => {
    const t = tierTimeline(ctx(v2), [buy('2026-03-01T10:00:00+01:00', 8500)], '2026-08-01T00:00:00Z');
    expect(t.history.at(-1)).toMatchObject({
      at: '2026-06-30T22:00:00.000Z',
      to: 'silver',
      reason: 'program_changed',
      programVersion: 2,
    });
  });

  it('a late purchase from before the change is qualified under the old exclusions, the upgrade happens when it is recorded', () => {
    const late = buy('2026-06-30T18:00:00+02:00', 9000, {
      category: 'gift',
      recordedAt: '2026-07-02T09:00:00+02:00',
    });
    const t = tierTimeline(ctx(v2), [late], '2026-08-01T00:00:00Z');
    expect(t.state.purchases[0]).toMatchObject({ version: 1, spend: 9000 });
    expect(t.history.at(-1)).toMatchObject({
      at: '2026-07-02T07:00:00.000Z',
      to: 'silver',
      reason: 'reached',
      programVersion: 2,
    });
    const after = tierTimeline(
      ctx(v2),
      [buy('2026-07-01T18:00:00+02:00', 9000, { category: 'gift' })],
      '2026-08-01Z',
    );
    expect(after.state.purchases[0]).toMatchObject({ version: 2, spend: 0 });
    expect(after.tier?.id).toBe('member');
  });

  it('purchases before the first version count once the program starts (the window decides)', () => {
    const c = ctx(versions({}, '2026-06-01T00:00:00+02:00'));
    const t = tierTimeline(c, [buy('2026-03-01T10:00:00+01:00', 11000)], '2026-07-01T00:00:00Z');
    expect(steps(t.history)).toEqual([
      '2026-05-31T22:00:00.000Z >member joined',
      '2026-05-31T22:00:00.000Z member>silver reached',
    ]);
  });
});

describe('incremental use', () => {
  it('events must come in the order they were recorded', () => {
    const c = ctx();
    const s = applyTierEvent(c, initialTierState('m1'), buy('2026-03-05T10:00:00+01:00', 100)).state;
    expect(() => applyTierEvent(c, s, buy('2026-03-01T10:00:00+01:00', 100))).toThrow(
      'events must be applied in the order they were recorded',
    );
  });

  it('advancing does not mutate the input state and is idempotent', () => {
    const c = ctx();
    const s = applyTierEvent(c, initialTierState('m1'), buy('2026-03-05T10:00:00+01:00', 11000)).state;
    const frozen = JSON.stringify(s);
    const a = advanceTierState(c, s, '2028-02-01T00:00:00Z');
    expect(JSON.stringify(s)).toBe(frozen);
    expect(a.transitions.map((x) => x.reason)).toEqual(['downgraded']);
    const b = advanceTierState(c, a.state, '2028-02-01T00:00:00Z');
    expect(b.transitions).toEqual([]);
    expect(b.state).toEqual(a.state);
  });

  it('rejects malformed events with paths', () => {
    const c = ctx();
    try {
      applyTierEvent(c, initialTierState('m1'), {
        kind: 'purchase',
        id: 'p',
        at: 'yesterday',
        lines: [],
      });
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details).toEqual({
        errors: [{ path: 'at', message: 'must be a valid ISO 8601 instant' }],
      });
    }
    expect(() =>
      applyTierEvent(c, initialTierState('m1'), {
        kind: 'purchase',
        id: 'p',
        at: '2026-03-01T10:00:00Z',
        lines: [{ lineId: 'l', sku: null, category: null, quantity: 0, amount: -1 }],
      }),
    ).toThrow(DomainError);
  });
});

describe('verify', () => {
  it('names the fields in which a stored state differs from the recompute', () => {
    const c = ctx();
    const events = [buy('2026-03-05T10:00:00+01:00', 11000, { id: 'a' })];
    const full = tierTimeline(c, events, '2026-06-01T00:00:00Z').state;
    const stored = JSON.parse(JSON.stringify(full)) as typeof full;
    expect(tierStateDiff(stored, full)).toEqual([]);
    stored.earned = { ...stored.earned!, tierId: 'gold' };
    stored.purchases[0].spend = 1;
    expect(tierStateDiff(stored, full)).toEqual(['earned', 'purchases']);
  });
});
