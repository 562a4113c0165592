import { validateClub, validateEffectiveFrom, validateProgramChange, validateTierProgram } from './index';
import { program } from '../test/fixtures';

function errorsOf(x: unknown): { path: string; message: string }[] {
  const r = validateTierProgram(x);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const minimal = {
  basis: 'spend',
  window: { kind: 'calendar_year' },
  tiers: [
    { id: 'member', name: 'Member', reach: 0 },
    { id: 'gold', name: 'Gold', reach: 30000, keep: 25000, benefits: { multiplierBp: 15000 } },
  ],
};

describe('validateTierProgram', () => {
  it('accepts a minimal program and fills every default; the result validates to itself', () => {
    const r = validateTierProgram(minimal);
    expect(r).toEqual({
      ok: true,
      value: {
        basis: 'spend',
        window: { kind: 'calendar_year' },
        exclusions: { skus: [], categories: [] },
        holdPeriods: 1,
        downgrade: 'one_step',
        graceDays: 0,
        returnsCanDowngrade: false,
        tiers: [
          {
            id: 'member',
            name: 'Member',
            reach: 0,
            keep: 0,
            benefits: { multiplierBp: 10000, rewardIds: [], reachBonusPoints: 0, birthdayBonusPoints: 0 },
          },
          {
            id: 'gold',
            name: 'Gold',
            reach: 30000,
            keep: 25000,
            benefits: { multiplierBp: 15000, rewardIds: [], reachBonusPoints: 0, birthdayBonusPoints: 0 },
          },
        ],
      },
    });
    if (r.ok) expect(validateTierProgram(JSON.parse(JSON.stringify(r.value)))).toEqual(r);
    expect(validateTierProgram(program()).ok).toBe(true);
  });

  it('names every error with its path', () => {
    expect(
      errorsOf({
        basis: 'balance',
        window: { kind: 'rolling_months', months: 0 },
        exclusions: { skus: ['A', 'A'], colours: [] },
        holdPeriods: 9,
        downgrade: 'sometimes',
        graceDays: -1,
        returnsCanDowngrade: 'yes',
        extra: 1,
        tiers: [
          { id: 'member', name: 'Member', reach: 5 },
          { id: 'gold!', name: '', reach: 100, keep: 200, benefits: { multiplierBp: 9000, rewardIds: [''] } },
        ],
      }),
    ).toEqual([
      { path: 'extra', message: 'is not allowed' },
      { path: 'basis', message: 'must be "points", "spend" or "visits"' },
      { path: 'window.months', message: 'must be between 1 and 36' },
      { path: 'exclusions.colours', message: 'is not allowed' },
      { path: 'exclusions.skus[1]', message: 'duplicate "A"' },
      { path: 'holdPeriods', message: 'must be between 0 and 5' },
      { path: 'downgrade', message: 'must be "one_step" or "recompute"' },
      { path: 'graceDays', message: 'must be between 0 and 366' },
      { path: 'returnsCanDowngrade', message: 'must be a boolean' },
      { path: 'tiers[1].id', message: 'may contain only letters, digits, _ . : -' },
      { path: 'tiers[1].name', message: 'must not be empty' },
      { path: 'tiers[1].benefits.multiplierBp', message: 'must be between 10000 and 1000000' },
      { path: 'tiers[1].benefits.rewardIds[0]', message: 'must not be empty' },
    ]);
  });

  it('checks the tier ladder: base tier at 0, rising reach, keep not above reach, unique ids', () => {
    expect(
      errorsOf({
        ...minimal,
        tiers: [
          { id: 'member', name: 'Member', reach: 10, keep: 0 },
          { id: 'silver', name: 'Silver', reach: 100, keep: 150 },
          { id: 'gold', name: 'Gold', reach: 50 },
          { id: 'gold', name: 'Gold again', reach: 500 },
        ],
      }),
    ).toEqual([{ path: 'tiers[1].keep', message: 'must not be above reach' }]);
    expect(
      errorsOf({
        ...minimal,
        tiers: [
          { id: 'member', name: 'Member', reach: 10, keep: 0 },
          { id: 'gold', name: 'Gold', reach: 50 },
          { id: 'gold', name: 'Gold again', reach: 40 },
        ],
      }),
    ).toEqual([
      { path: 'tiers[0]', message: 'the base tier must have reach 0 and keep 0' },
      { path: 'tiers[2].id', message: 'duplicate id "gold"' },
      { path: 'tiers[2].reach', message: 'must be above the reach of "gold"' },
    ]);
    expect(errorsOf({ ...minimal, tiers: [] })).toEqual([
      { path: 'tiers', message: 'must have 1 to 20 tiers' },
    ]);
    expect(errorsOf(null)).toEqual([{ path: '(root)', message: 'must be an object' }]);
  });
});

describe('validateProgramChange and validateEffectiveFrom', () => {
  it('a new version keeps every tier id in order; tiers can be inserted', () => {
    const prev = program();
    const withBronze = program({
      tiers: [
        prev.tiers[0],
        { ...prev.tiers[1], id: 'bronze', reach: 5000, keep: 0 },
        ...prev.tiers.slice(1),
      ].map((t, i) => ({ ...t, reach: i * 10000, keep: 0 })),
    });
    expect(validateProgramChange(prev, withBronze)).toEqual([]);
    expect(validateProgramChange(prev, program({ tiers: prev.tiers.slice(0, 2) }))).toEqual([
      {
        path: 'tiers',
        message: 'tier "gold" of the previous version is missing (tiers can be added, not removed)',
      },
    ]);
    expect(
      validateProgramChange(prev, program({ tiers: [prev.tiers[0], prev.tiers[2], prev.tiers[1]] })),
    ).toEqual([{ path: 'tiers', message: 'tier "gold" changed its order relative to the other tiers' }]);
  });

  it('a version is never backdated and starts after every existing one', () => {
    const existing = [{ effectiveFrom: '2026-01-01T00:00:00+01:00' }];
    expect(validateEffectiveFrom('2026-12-01T00:00:00+01:00', '2026-11-30T12:00:00Z', existing)).toEqual([]);
    expect(validateEffectiveFrom('2026-11-01T00:00:00+01:00', '2026-11-30T12:00:00Z', existing)).toEqual([
      { path: 'effectiveFrom', message: 'must not be in the past (versions are never backdated)' },
    ]);
    expect(validateEffectiveFrom('2026-12-01', '2026-11-30T12:00:00Z', existing)).toEqual([
      { path: 'effectiveFrom', message: 'must be an ISO 8601 date-time with an offset' },
    ]);
    expect(validateEffectiveFrom('2026-01-01T00:00:00+01:00', '2025-11-30T12:00:00Z', existing)).toEqual([
      { path: 'effectiveFrom', message: 'must be after the start of every existing version' },
    ]);
  });
});

describe('validateClub', () => {
  it('accepts the three kinds with defaults', () => {
    expect(validateClub({ id: 'club', name: 'Club', access: { kind: 'open' } })).toEqual({
      ok: true,
      value: {
        id: 'club',
        name: 'Club',
        access: { kind: 'open' },
        benefits: { multiplierBp: 10000, rewardIds: [], reachBonusPoints: 0, birthdayBonusPoints: 0 },
      },
    });
    const paid = validateClub({ id: 'c', name: 'C', access: { kind: 'paid', fee: 2500 } });
    expect(paid.ok && paid.value.access).toEqual({ kind: 'paid', fee: 2500, termMonths: 12 });
    const inv = validateClub({ id: 'c', name: 'C', access: { kind: 'invitation' } });
    expect(inv.ok && inv.value.access).toEqual({ kind: 'invitation', inviteValidDays: 30 });
  });

  it('names the errors', () => {
    expect(
      validateClub({
        id: 'c',
        name: 'C',
        access: { kind: 'paid', fee: 0, termMonths: 500 },
        benefits: { x: 1 },
      }),
    ).toEqual({
      ok: false,
      errors: [
        { path: 'access.fee', message: 'must be between 1 and 1000000000000' },
        { path: 'access.termMonths', message: 'must be between 1 and 120' },
        { path: 'benefits.x', message: 'is not allowed' },
      ],
    });
    expect(validateClub({ id: 'c', name: 'C', access: { kind: 'vip' } })).toEqual({
      ok: false,
      errors: [{ path: 'access.kind', message: 'must be "open", "paid" or "invitation"' }],
    });
  });
});
