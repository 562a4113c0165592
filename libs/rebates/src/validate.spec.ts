import { validateAgreement, validateTerms, validateVersion } from './index';
import type { ValidationResult } from './index';
import { agreement, BERLIN, example, version } from '../test/fixtures';

function errorsOf<T>(r: ValidationResult<T>): { path: string; message: string }[] {
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

const goodTerms = {
  mode: 'retroactive',
  scope: { kind: 'exclude', skus: ['GIFT'], categories: [] },
  brackets: [
    { threshold: 1_000_000, value: { kind: 'rate', rateBp: 200 } },
    { threshold: 2_500_000, value: { kind: 'rate', rateBp: 400 } },
  ],
  minimumVolume: 1_000_000,
  cap: 500_000,
};

describe('validateAgreement', () => {
  it('a settlement schedule: default manual, each known one accepted, anything else refused at its path', () => {
    const base = {
      period: { kind: 'calendar_year' },
      basis: 'net_amount',
      payout: 'cash',
      assignment: { kind: 'company', companyId: 'a' },
    };
    for (const schedule of ['manual', 'final', 'half_yearly', 'quarterly', 'monthly'])
      expect(validateAgreement({ ...base, schedule })).toMatchObject({ ok: true, value: { schedule } });
    for (const schedule of ['weekly', 1, null, ''])
      expect(validateAgreement({ ...base, schedule })).toMatchObject({
        ok: false,
        errors: [{ path: 'schedule' }],
      });
  });

  it('accepts each period kind and assignment, and round-trips', () => {
    for (const period of [
      { kind: 'calendar_year' },
      { kind: 'agreement_year', start: '2026-04-01' },
      {
        kind: 'custom',
        periods: [
          { from: '2026-01-01', to: '2026-06-30' },
          { from: '2026-07-01', to: '2026-12-31' },
        ],
      },
    ]) {
      const r = validateAgreement({
        period,
        basis: 'quantity',
        payout: 'store_credit',
        assignment: { kind: 'group', companyIds: ['a', 'b'] },
      });
      expect(r).toEqual({
        ok: true,
        value: {
          period,
          basis: 'quantity',
          payout: 'store_credit',
          assignment: { kind: 'group', companyIds: ['a', 'b'] },
          schedule: 'manual',
        },
      });
    }
  });

  it('rejects a non-object and unknown keys', () => {
    expect(errorsOf(validateAgreement(null))).toEqual([{ path: '(root)', message: 'must be an object' }]);
    expect(errorsOf(validateAgreement({ ...agreement(), extra: 1 }))).toEqual([
      { path: 'extra', message: 'is not allowed' },
    ]);
  });

  it('reports every bad field with its path', () => {
    const errs = errorsOf(
      validateAgreement({
        period: { kind: 'weekly' },
        basis: 'gross',
        payout: 'voucher',
        assignment: { kind: 'x' },
      }),
    );
    expect(errs).toEqual([
      { path: 'period.kind', message: 'must be one of "calendar_year", "agreement_year", "custom"' },
      { path: 'basis', message: 'must be one of "net_amount", "quantity"' },
      { path: 'payout', message: 'must be one of "store_credit", "credit_note", "cash"' },
      { path: 'assignment.kind', message: 'must be one of "company", "group"' },
    ]);
  });

  it('period errors: bad dates, unknown keys, reversed and overlapping custom periods', () => {
    const bad = (period: unknown) => errorsOf(validateAgreement({ ...agreement(), period }));
    expect(bad({ kind: 'agreement_year', start: '2026-02-30' })).toEqual([
      { path: 'period.start', message: 'must be a calendar date YYYY-MM-DD' },
    ]);
    expect(bad({ kind: 'calendar_year', start: '2026-01-01' })).toEqual([
      { path: 'period.start', message: 'is not allowed' },
    ]);
    expect(bad({ kind: 'custom', periods: [] })).toEqual([
      { path: 'period.periods', message: 'must have at least 1 entry' },
    ]);
    expect(
      bad({
        kind: 'custom',
        periods: [
          { from: '2026-03-01', to: '2026-02-01' },
          { from: '2026-04-01', to: '2026-06-30' },
          { from: '2026-06-30', to: '2026-12-31' },
          { from: '2027-01-01', to: 'soon' },
        ],
      }),
    ).toEqual([
      { path: 'period.periods[0].to', message: 'must not be before from' },
      { path: 'period.periods[2].from', message: "must be after the previous period's end (2026-06-30)" },
      { path: 'period.periods[3].to', message: 'must be a calendar date YYYY-MM-DD' },
    ]);
  });

  it('assignment errors: bad company id, too few and duplicate group members', () => {
    const bad = (assignment: unknown) => errorsOf(validateAgreement({ ...agreement(), assignment }));
    expect(bad({ kind: 'company', companyId: 'a b' })).toEqual([
      { path: 'assignment.companyId', message: 'may contain only letters, digits, _ . : -' },
    ]);
    expect(bad({ kind: 'company' })).toEqual([{ path: 'assignment.companyId', message: 'must be a string' }]);
    expect(bad({ kind: 'group', companyIds: ['a'] })).toEqual([
      { path: 'assignment.companyIds', message: 'must have at least 2 entries' },
    ]);
    expect(bad({ kind: 'group', companyIds: ['a', 'b', 'a', ''] })).toEqual([
      { path: 'assignment.companyIds[2]', message: 'duplicate company "a"' },
      { path: 'assignment.companyIds[3]', message: 'must not be empty' },
    ]);
  });
});

describe('validateTerms', () => {
  it('accepts terms and fills defaults (scope all, minimum 0, no cap, round_half_up)', () => {
    expect(validateTerms(goodTerms, 'net_amount')).toEqual({
      ok: true,
      value: { ...goodTerms, rounding: 'round_half_up' },
    });
    const r = validateTerms(
      { mode: 'incremental', brackets: [{ threshold: 0, value: { kind: 'fixed', amount: 5 } }] },
      'quantity',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        mode: 'incremental',
        scope: { kind: 'all' },
        brackets: [{ threshold: 0, value: { kind: 'fixed', amount: 5 } }],
        minimumVolume: 0,
        cap: null,
        rounding: 'round_half_up',
      },
    });
  });

  it('rejects bad top-level fields with paths', () => {
    const errs = errorsOf(
      validateTerms(
        {
          ...goodTerms,
          mode: 'stepped',
          minimumVolume: -1,
          cap: 0,
          rounding: 'bankers',
          brackets: [],
          extra: true,
        },
        'net_amount',
      ),
    );
    expect(errs).toEqual([
      { path: 'extra', message: 'is not allowed' },
      { path: 'mode', message: 'must be one of "retroactive", "incremental"' },
      { path: 'minimumVolume', message: 'must be between 0 and 10000000000000' },
      { path: 'cap', message: 'must be between 1 and 10000000000000' },
      { path: 'rounding', message: 'must be one of "round_half_up", "floor", "ceil"' },
      { path: 'brackets', message: 'must have at least 1 entry' },
    ]);
  });

  it('scope errors: unknown kind, empty include list, bad codes', () => {
    const bad = (scope: unknown) => errorsOf(validateTerms({ ...goodTerms, scope }, 'net_amount'));
    expect(bad({ kind: 'some' })).toEqual([
      { path: 'scope.kind', message: 'must be one of "all", "include", "exclude"' },
    ]);
    expect(bad({ kind: 'include', skus: [], categories: [] })).toEqual([
      { path: 'scope', message: 'must list at least one sku or category' },
    ]);
    expect(bad({ kind: 'include', skus: [''], categories: 'coffee' })).toEqual([
      { path: 'scope.skus[0]', message: 'must not be empty' },
      { path: 'scope.categories', message: 'must be an array' },
    ]);
    expect(bad({ kind: 'all', skus: [] })).toEqual([{ path: 'scope.skus', message: 'is not allowed' }]);
  });

  it('bracket errors: thresholds not ascending, rates out of range, kinds that do not fit the basis', () => {
    const errs = errorsOf(
      validateTerms(
        {
          ...goodTerms,
          brackets: [
            { threshold: 100, value: { kind: 'rate', rateBp: 10_001 } },
            { threshold: 100, value: { kind: 'rate', rateBp: 300 } },
            { threshold: 50, value: { kind: 'per_unit', amount: 5 } },
            { threshold: 1.5, value: { kind: 'gift' } },
            { threshold: 400, value: { kind: 'fixed', amount: -1 }, note: 'x' },
          ],
        },
        'net_amount',
      ),
    );
    expect(errs).toEqual([
      { path: 'brackets[0].value.rateBp', message: 'must be between 0 and 10000' },
      {
        path: 'brackets[1].threshold',
        message: "must be greater than the previous bracket's threshold (100)",
      },
      { path: 'brackets[2].value.kind', message: 'per_unit needs the quantity basis (use rate)' },
      {
        path: 'brackets[2].threshold',
        message: "must be greater than the previous bracket's threshold (100)",
      },
      { path: 'brackets[3].threshold', message: 'must be an integer' },
      { path: 'brackets[3].value.kind', message: 'must be one of "rate", "per_unit", "fixed"' },
      { path: 'brackets[4].note', message: 'is not allowed' },
      { path: 'brackets[4].value.amount', message: 'must be between 0 and 10000000000000' },
    ]);
    expect(
      errorsOf(
        validateTerms(
          { ...goodTerms, brackets: [{ threshold: 0, value: { kind: 'rate', rateBp: 1 } }] },
          'quantity',
        ),
      ),
    ).toEqual([
      { path: 'brackets[0].value.kind', message: 'a rate needs the net_amount basis (use per_unit)' },
    ]);
  });

  it('retroactive: a bracket that would lower the rebate is refused (incremental accepts it)', () => {
    const brackets = [
      { threshold: 1_000, value: { kind: 'rate', rateBp: 400 } },
      { threshold: 2_000, value: { kind: 'rate', rateBp: 200 } },
      { threshold: 3_000, value: { kind: 'fixed', amount: 100 } }, // 2 % of 3,000 = 60: fine
      { threshold: 4_000, value: { kind: 'fixed', amount: 99 } }, // below 100
    ];
    expect(errorsOf(validateTerms({ ...goodTerms, brackets }, 'net_amount'))).toEqual([
      {
        path: 'brackets[1].value',
        message:
          'retroactive: reaching this bracket must not lower the rebate (at 2000 it would pay less than bracket 0)',
      },
      {
        path: 'brackets[3].value',
        message:
          'retroactive: reaching this bracket must not lower the rebate (at 4000 it would pay less than bracket 2)',
      },
    ]);
    expect(validateTerms({ ...goodTerms, mode: 'incremental', brackets }, 'net_amount').ok).toBe(true);
  });
});

describe('validateVersion: amendments are new versions from a date, never backdated', () => {
  const ctx = (existing = [version(1, '2026-01-01')], now = '2026-06-15T10:00:00Z') => ({
    agreement: agreement(),
    existing,
    now,
    timeZone: BERLIN,
  });

  it('numbers a valid amendment after the existing versions', () => {
    const r = validateVersion({ effectiveFrom: '2026-07-01', terms: goodTerms }, ctx());
    expect(r).toEqual({
      ok: true,
      value: { version: 2, effectiveFrom: '2026-07-01', terms: { ...goodTerms, rounding: 'round_half_up' } },
    });
  });

  it('the earliest date is the next local day; today or the past is backdating', () => {
    expect(validateVersion({ effectiveFrom: '2026-06-16', terms: goodTerms }, ctx()).ok).toBe(true);
    expect(errorsOf(validateVersion({ effectiveFrom: '2026-06-15', terms: goodTerms }, ctx()))).toEqual([
      {
        path: 'effectiveFrom',
        message: 'must not be backdated: the earliest is the next local day after 2026-06-15',
      },
    ]);
    // 23:30 UTC on 15 June is already 16 June in Berlin: the 16th has started
    expect(
      errorsOf(
        validateVersion(
          { effectiveFrom: '2026-06-16', terms: goodTerms },
          ctx(undefined, '2026-06-15T23:30:00Z'),
        ),
      ),
    ).toEqual([
      {
        path: 'effectiveFrom',
        message: 'must not be backdated: the earliest is the next local day after 2026-06-16',
      },
    ]);
    // exactly at local midnight the day may start now
    expect(
      validateVersion(
        { effectiveFrom: '2026-06-16', terms: goodTerms },
        ctx(undefined, '2026-06-15T22:00:00Z'),
      ).ok,
    ).toBe(true);
  });

  it('must come after the latest (possibly future) version', () => {
    const existing = [version(1, '2026-01-01'), version(2, '2026-09-01')];
    expect(
      errorsOf(validateVersion({ effectiveFrom: '2026-08-01', terms: goodTerms }, ctx(existing))),
    ).toEqual([{ path: 'effectiveFrom', message: "must be after the latest version's date (2026-09-01)" }]);
    expect(validateVersion({ effectiveFrom: '2026-09-02', terms: goodTerms }, ctx(existing))).toMatchObject({
      ok: true,
      value: { version: 3 },
    });
  });

  it('reports terms errors under terms., a bad date, unknown keys and a bad time zone', () => {
    expect(
      errorsOf(
        validateVersion({ effectiveFrom: '1 July', terms: { ...goodTerms, mode: 'x' }, by: 'me' }, ctx()),
      ),
    ).toEqual([
      { path: 'by', message: 'is not allowed' },
      { path: 'effectiveFrom', message: 'must be a calendar date YYYY-MM-DD' },
      { path: 'terms.mode', message: 'must be one of "retroactive", "incremental"' },
    ]);
    expect(errorsOf(validateVersion({ effectiveFrom: '2026-07-01', terms: null }, ctx()))).toEqual([
      { path: 'terms', message: 'must be an object' },
    ]);
    expect(
      errorsOf(
        validateVersion(
          { effectiveFrom: '2026-07-01', terms: goodTerms },
          { ...ctx(), timeZone: 'Mars/Base' },
        ),
      ),
    ).toEqual([{ path: 'timeZone', message: 'is not an IANA time zone' }]);
  });

  it('checks terms against the basis of the agreement', () => {
    const c = { ...ctx([]), agreement: agreement({ basis: 'quantity' }) };
    expect(errorsOf(validateVersion({ effectiveFrom: '2026-07-01', terms: goodTerms }, c))).toEqual([
      { path: 'terms.brackets[0].value.kind', message: 'a rate needs the net_amount basis (use per_unit)' },
      { path: 'terms.brackets[1].value.kind', message: 'a rate needs the net_amount basis (use per_unit)' },
    ]);
    expect(validateVersion({ effectiveFrom: '2026-07-01', terms: example() }, { ...ctx([]) })).toMatchObject({
      ok: true,
      value: { version: 1 },
    });
  });
});
