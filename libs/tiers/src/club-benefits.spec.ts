/** Reward locks with their reasons, the birthday bonuses of a member, and the birthdays of a local day. */
import fc from 'fast-check';
import {
  applyTierEvent,
  birthdayBonus,
  birthdaysOn,
  initialTierState,
  memberBenefits,
  memberBirthdayBonuses,
  rewardAllowed,
  rewardLock,
  tierHeldAt,
} from './index';
import type { ClubDefinition } from './index';
import { benefits, buy, ctx, program, TZ } from '../test/fixtures';

const club: ClubDefinition = {
  id: 'insiders',
  name: 'Insiders',
  access: { kind: 'open' },
  benefits: benefits({ rewardIds: ['club-mug', 'gold-cake'], birthdayBonusPoints: 20 }),
};

describe('reward locks', () => {
  it('names the lowest tier that unlocks a reward ("and above" unless it is the top tier) and the clubs', () => {
    const p = program();
    const none = memberBenefits(p, 'member');
    expect(rewardLock('silver-coffee', p, [club], none)).toEqual({
      rewardId: 'silver-coffee',
      tier: { id: 'silver', name: 'Silver' },
      clubs: [],
      reason: 'For Silver members and above',
    });
    expect(rewardLock('gold-cake', p, [club], none)?.reason).toBe('For Gold members or members of Insiders');
    expect(rewardLock('club-mug', p, [club], none)?.reason).toBe('For members of Insiders');
    expect(rewardLock('anything', p, [club], none)).toBeNull();
    // A higher tier holds the lower tiers' rewards; the club unlocks its own.
    expect(rewardLock('silver-coffee', p, [club], memberBenefits(p, 'gold'))).toBeNull();
    expect(rewardLock('gold-cake', p, [club], memberBenefits(p, 'member', [club]))).toBeNull();
    expect(rewardLock('club-mug', p, [club], memberBenefits(p, 'gold'))).not.toBeNull();
  });

  it('locks exactly what rewardAllowed refuses (random programs, holders and clubs)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(ids), { minLength: 3, maxLength: 3 }),
        fc.subarray(ids),
        fc.integer({ min: -1, max: 2 }),
        fc.boolean(),
        (tierRewards, clubRewards, rank, inClub) => {
          const p = program();
          p.tiers = p.tiers.map((t, i) => ({ ...t, benefits: benefits({ rewardIds: tierRewards[i] }) }));
          const c = { ...club, benefits: benefits({ rewardIds: clubRewards }) };
          const held = rank < 0 ? null : p.tiers[rank].id;
          const mb = memberBenefits(p, held, inClub ? [c] : []);
          for (const id of ids) {
            const lock = rewardLock(id, p, [c], mb);
            expect(lock === null).toBe(rewardAllowed(id, p, [c], mb));
            // Brute force: allowed when no one names it, or a tier at or below the held one, or the joined club.
            const named = tierRewards.some((r) => r.includes(id)) || clubRewards.includes(id);
            const byTier = rank >= 0 && tierRewards.slice(0, rank + 1).some((r) => r.includes(id));
            expect(lock === null).toBe(!named || byTier || (inClub && clubRewards.includes(id)));
          }
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });
});

describe('birthday bonuses', () => {
  it('adds the tier’s and each club’s bonus with their own keys; nothing without a birthday', () => {
    const gold = program().tiers[2];
    const r = memberBirthdayBonuses({
      memberId: 'm1',
      birthday: '1990-07-14',
      year: 2026,
      timeZone: TZ,
      tier: gold,
      clubs: [club],
    });
    expect(r.points).toBe(120);
    expect(r.bonuses.map((b) => [b.key, b.points, b.at])).toEqual([
      ['birthday:m1:tier:2026', 100, '2026-07-13T22:00:00.000Z'],
      ['birthday:m1:club:insiders:2026', 20, '2026-07-13T22:00:00.000Z'],
    ]);
    expect(
      memberBirthdayBonuses({
        memberId: 'm1',
        birthday: null,
        year: 2026,
        timeZone: TZ,
        tier: gold,
        clubs: [club],
      }),
    ).toEqual({ bonuses: [], points: 0 });
    // A tier without a birthday bonus and no club: nothing.
    expect(
      memberBirthdayBonuses({
        memberId: 'm1',
        birthday: '07-14',
        year: 2026,
        timeZone: TZ,
        tier: program().tiers[1],
        clubs: [],
      }).points,
    ).toBe(0);
  });

  it('birthdaysOn names the birthdays whose bonus instant falls on that local day (brute force over days and zones)', () => {
    const zones = ['Europe/Berlin', 'Pacific/Auckland', 'America/Los_Angeles', 'UTC', 'Asia/Kolkata'];
    const src = { kind: 'tier' as const, id: 't', name: 'T', benefits: benefits({ birthdayBonusPoints: 1 }) };
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2029, 0, 1) }),
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (t, tz, month, day) => {
          const md = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const on = birthdaysOn(new Date(t), tz);
          const b = birthdayBonus({ memberId: 'm', birthday: md, year: on.year, timeZone: tz, source: src });
          if (!b) return; // impossible date
          // The bonus starts at the local day's start: it is "today" when it began at most 24 h (one local day) ago
          // and the next local midnight has not come; equivalently the local dates agree.
          const sameDay =
            new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(b.at)) ===
            new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(t));
          expect(on.monthDays.includes(md)).toBe(sameDay);
        },
      ),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('tierHeldAt is the tier of the stored state at that instant, with the version’s benefits', () => {
    const c = ctx();
    expect(tierHeldAt(c, initialTierState('m1'), '2026-03-01T00:00:00Z')).toBeNull();
    const s = applyTierEvent(c, initialTierState('m1'), buy('2026-02-01T10:00:00+01:00', 35000)).state;
    expect(tierHeldAt(c, s, '2026-07-14T00:00:00Z')).toMatchObject({ id: 'gold', name: 'Gold' });
    expect(tierHeldAt(c, s, '2026-07-14T00:00:00Z')?.benefits.birthdayBonusPoints).toBe(100);
  });
});
