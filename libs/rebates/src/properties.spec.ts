/** Property tests (fast-check, seeded): invariants of the bracket maths, accrual, settlement and splits. */
import fc from 'fast-check';
import {
  accrue,
  localDateOf,
  nextPeriod,
  periodAt,
  periodRebate,
  rebate,
  settlementDue,
  splitPooled,
  splitPooledCumulative,
  validateTerms,
} from './index';
import type {
  AgreementVersion,
  Basis,
  Bracket,
  BracketValue,
  PeriodRule,
  RebateMode,
  RebateTerms,
  SegmentVolume,
} from './index';

fc.configureGlobal({ seed: 16_2026, numRuns: 300 });

const roundingArb = fc.constantFrom('round_half_up' as const, 'floor' as const, 'ceil' as const);
const modeArb = fc.constantFrom('retroactive' as const, 'incremental' as const);
/** Mostly everyday volumes, sometimes up to 10^13. */
const volumeArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 5_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000_000_000_000 }) },
);

/** Rate (or per-unit) brackets, values non-decreasing (the usual scale: valid in both modes). */
function scaleArb(basis: Basis): fc.Arbitrary<Bracket[]> {
  return fc.uniqueArray(fc.integer({ min: 0, max: 4_000_000 }), { minLength: 1, maxLength: 5 }).chain((ts) =>
    fc
      .array(fc.integer({ min: 0, max: basis === 'net_amount' ? 2_000 : 300 }), {
        minLength: ts.length,
        maxLength: ts.length,
      })
      .map((vs) => {
        const sortedT = [...ts].sort((a, b) => a - b);
        const sortedV = [...vs].sort((a, b) => a - b);
        return sortedT.map((threshold, i) => ({
          threshold,
          value:
            basis === 'net_amount'
              ? { kind: 'rate' as const, rateBp: sortedV[i] }
              : { kind: 'per_unit' as const, amount: sortedV[i] },
        }));
      }),
  );
}

/** Any brackets: rates or per-unit amounts (in any order) and fixed amounts mixed. */
function anyBracketsArb(basis: Basis): fc.Arbitrary<Bracket[]> {
  const variable: fc.Arbitrary<BracketValue> =
    basis === 'net_amount'
      ? fc.record({ kind: fc.constant('rate' as const), rateBp: fc.integer({ min: 0, max: 10_000 }) })
      : fc.record({ kind: fc.constant('per_unit' as const), amount: fc.integer({ min: 0, max: 300 }) });
  return fc
    .uniqueArray(fc.integer({ min: 0, max: 4_000_000 }), { minLength: 1, maxLength: 5 })
    .chain((ts) =>
      fc
        .array(
          fc.oneof(
            variable,
            fc.record({ kind: fc.constant('fixed' as const), amount: fc.integer({ min: 0, max: 500_000 }) }),
          ),
          { minLength: ts.length, maxLength: ts.length },
        )
        .map((values) =>
          [...ts].sort((a, b) => a - b).map((threshold, i) => ({ threshold, value: values[i] })),
        ),
    );
}

function termsArb(
  basis: Basis,
  brackets: fc.Arbitrary<Bracket[]>,
  mode: fc.Arbitrary<RebateMode> = modeArb,
): fc.Arbitrary<RebateTerms> {
  return fc
    .record({
      mode,
      scope: fc.constant({ kind: 'all' as const }),
      brackets,
      minimumVolume: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000_000 })),
      cap: fc.option(fc.integer({ min: 1, max: 200_000_000 }), { nil: null }),
      rounding: roundingArb,
    })
    .filter((t) => validateTerms(t, basis).ok);
}

const basisArb = fc.constantFrom('net_amount' as const, 'quantity' as const);

/** Valid terms of either mode and basis (retroactive ones that would drop are filtered out by validation). */
const validTermsArb = basisArb.chain((basis) =>
  fc.oneof(termsArb(basis, scaleArb(basis)), termsArb(basis, anyBracketsArb(basis))),
);

/** A sequence of purchases (+) and returns (-, never more than the volume there is) of one period. */
const eventsArb = fc.array(
  fc.record({
    amount: fc.integer({ min: 0, max: 1_500_000 }),
    isReturn: fc.boolean(),
    returnShare: fc.integer({ min: 0, max: 100 }),
    version: fc.nat(),
  }),
  { maxLength: 40 },
);

/** Turns random events into signed changes that never take a segment below zero. */
function changes(
  events: { amount: number; isReturn: boolean; returnShare: number; version: number }[],
  versionCount: number,
): { version: number; volume: number }[] {
  const held = new Map<number, number>();
  return events.map((e) => {
    const version = (e.version % versionCount) + 1;
    const have = held.get(version) ?? 0;
    const volume = e.isReturn ? -Math.floor((have * e.returnShare) / 100) : e.amount;
    held.set(version, have + volume);
    return { version, volume };
  });
}

const single = (terms: RebateTerms): AgreementVersion[] => [
  { version: 1, effectiveFrom: '2026-01-01', terms },
];

describe('bracket maths', () => {
  it('rebate is monotone in volume (both modes, any valid brackets)', () => {
    fc.assert(
      fc.property(validTermsArb, volumeArb, volumeArb, (terms, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rebate(terms, lo)).toBeLessThanOrEqual(rebate(terms, hi));
      }),
    );
  });

  it('retroactive >= incremental for the same rate scale, minimum, cap and rounding', () => {
    fc.assert(
      fc.property(
        basisArb.chain((b) => termsArb(b, scaleArb(b), fc.constant('retroactive'))),
        volumeArb,
        (terms, v) => {
          expect(rebate(terms, v)).toBeGreaterThanOrEqual(rebate({ ...terms, mode: 'incremental' }, v));
        },
      ),
    );
  });

  it('the cap is respected, and the rebate is never negative', () => {
    fc.assert(
      fc.property(validTermsArb, volumeArb, (terms, v) => {
        const r = rebate(terms, v);
        expect(r).toBeGreaterThanOrEqual(0);
        if (terms.cap !== null) expect(r).toBeLessThanOrEqual(terms.cap);
      }),
    );
  });

  it('a rate rebate never exceeds the volume times the top rate (rounding aside)', () => {
    fc.assert(
      fc.property(termsArb('net_amount', scaleArb('net_amount')), volumeArb, (terms, v) => {
        const top = Math.max(...terms.brackets.map((b) => (b.value.kind === 'rate' ? b.value.rateBp : 0)));
        expect(BigInt(rebate(terms, v)) * 10_000n).toBeLessThanOrEqual(BigInt(v) * BigInt(top) + 10_000n);
      }),
    );
  });
});

describe('accrual', () => {
  it('the accrual deltas of any purchases and returns add up to rebate(final volume)', () => {
    fc.assert(
      fc.property(validTermsArb, eventsArb, (terms, events) => {
        const versions = single(terms);
        let segs: SegmentVolume[] = [];
        let accrued = 0;
        for (const ch of changes(events, 1)) {
          const a = accrue(segs, ch, versions);
          accrued += a.delta;
          segs = a.segmentsAfter;
          expect(accrued).toBe(rebate(terms, a.volumeAfter)); // at every moment
        }
        const finalVolume = segs.reduce((s, x) => s + x.volume, 0);
        expect(accrued).toBe(rebate(terms, finalVolume));
      }),
    );
  });

  it('with amendments: the deltas add up to the period rebate of the segment volumes, and one version is rebate(V)', () => {
    fc.assert(
      fc.property(fc.array(validTermsArb, { minLength: 1, maxLength: 3 }), eventsArb, (termsList, events) => {
        const versions = termsList.map((terms, i) => ({
          version: i + 1,
          effectiveFrom: `2026-0${i + 1}-01`,
          terms,
        }));
        let segs: SegmentVolume[] = [];
        let accrued = 0;
        for (const ch of changes(events, versions.length)) {
          const a = accrue(segs, ch, versions);
          accrued += a.delta;
          segs = a.segmentsAfter;
        }
        expect(accrued).toBe(periodRebate(segs, versions));
        const total = segs.reduce((s, x) => s + x.volume, 0);
        expect(periodRebate([{ version: 1, volume: total }], versions)).toBe(rebate(termsList[0], total));
      }),
    );
  });
});

describe('settlement', () => {
  it('interims, the final and late adjustments always pay exactly rebate(final volume) in total', () => {
    fc.assert(
      fc.property(
        validTermsArb,
        eventsArb,
        fc.array(fc.boolean(), { maxLength: 40 }),
        eventsArb,
        (terms, during, interimAfter, late) => {
          const versions = single(terms);
          let segs: SegmentVolume[] = [];
          let paid = 0;
          const documents: number[] = [];
          const settle = (stage: 'interim' | 'final' | 'adjustment') => {
            const due = settlementDue(stage, periodRebate(segs, versions), paid);
            if (stage === 'interim') expect(due.amount).toBeGreaterThanOrEqual(0);
            documents.push(due.amount);
            paid += due.amount;
          };
          changes(during, 1).forEach((ch, i) => {
            segs = accrue(segs, ch, versions).segmentsAfter;
            if (interimAfter[i]) settle('interim');
          });
          settle('final');
          // late events after close: only returns reach a closed period
          const held = segs.reduce((s, x) => s + x.volume, 0);
          let left = held;
          for (const e of late) {
            const back = Math.floor((left * e.returnShare) / 100);
            left -= back;
            segs = accrue(segs, { version: 1, volume: -back }, versions).segmentsAfter;
            if (e.isReturn) settle('adjustment');
          }
          settle('adjustment');
          expect(documents.reduce((a, b) => a + b, 0)).toBe(rebate(terms, left));
          expect(paid).toBe(rebate(terms, left));
        },
      ),
    );
  });
});

describe('pooled group split', () => {
  const contributionsArb = fc.uniqueArray(
    fc.record({ companyId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), volume: volumeArb }),
    { selector: (c) => c.companyId, minLength: 1, maxLength: 6 },
  );

  it('parts sum exactly to the total and are proportional within one minor unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 }),
        contributionsArb,
        (total, cs) => {
          const parts = splitPooled(total, cs);
          expect(parts.map((p) => p.companyId)).toEqual(cs.map((c) => c.companyId));
          expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(total);
          const W = cs.reduce((s, c) => s + BigInt(c.volume), 0n);
          if (W === 0n) return;
          parts.forEach((p, i) => {
            // |part - total * w / W| < 1  <=>  |part * W - total * w| < W
            const err = BigInt(p.amount) * W - BigInt(total) * BigInt(cs[i].volume);
            expect(err < 0n ? -err : err).toBeLessThan(W);
          });
        },
      ),
    );
  });

  it('cumulative split: the documents of each company add up to its share of the total paid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), contributionsArb), {
          minLength: 1,
          maxLength: 5,
        }),
        (steps) => {
          const paidBy: Record<string, number> = {};
          let paidTotal = 0;
          let last: { companyId: string; volume: number }[] = [];
          for (const [extra, cs0] of steps) {
            // every company that was paid stays among the contributions
            const cs = [
              ...cs0,
              ...Object.keys(paidBy)
                .filter((id) => !cs0.some((c) => c.companyId === id))
                .map((companyId) => ({ companyId, volume: 0 })),
            ];
            paidTotal += extra;
            const parts = splitPooledCumulative(paidTotal, cs, paidBy);
            expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(
              paidTotal - Object.values(paidBy).reduce((s, x) => s + x, 0),
            );
            for (const p of parts) paidBy[p.companyId] = (paidBy[p.companyId] ?? 0) + p.amount;
            last = cs;
          }
          const shares = splitPooled(paidTotal, last);
          for (const s of shares) expect(paidBy[s.companyId] ?? 0).toBe(s.amount);
        },
      ),
    );
  });
});

describe('periods', () => {
  const zoneArb = fc.constantFrom(
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'America/Santiago',
  );
  const dateArb = fc
    .date({
      min: new Date('2024-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const ruleArb: fc.Arbitrary<PeriodRule> = fc.oneof(
    fc.constant({ kind: 'calendar_year' as const }),
    dateArb.map((start) => ({ kind: 'agreement_year' as const, start })),
  );
  const instantArb = fc.date({
    min: new Date('2024-01-01T00:00:00Z'),
    max: new Date('2032-12-31T00:00:00Z'),
    noInvalidDate: true,
  });

  it('the period of an instant contains it, starts and ends at local midnights, and the next one starts at its end', () => {
    fc.assert(
      fc.property(ruleArb, instantArb, zoneArb, (rule, at, tz) => {
        const p = periodAt(rule, at, tz);
        if (p === null) {
          // only before an agreement year's start
          expect(rule.kind === 'agreement_year' && localDateOf(at, tz) < rule.start).toBe(true);
          return;
        }
        const t = at.getTime();
        expect(Date.parse(p.start) <= t && t < Date.parse(p.end)).toBe(true);
        expect(p.key).toBe(p.startDate);
        expect(localDateOf(p.start, tz)).toBe(p.startDate);
        expect(localDateOf(new Date(Date.parse(p.end) - 1), tz)).toBe(p.endDate);
        expect(periodAt(rule, new Date(Date.parse(p.end) - 1), tz)?.key).toBe(p.key);
        expect(nextPeriod(rule, p, tz)?.start).toBe(p.end);
      }),
      { numRuns: 200 },
    );
  });
});

describe('validation', () => {
  it('valid terms round-trip through JSON and validate to themselves', () => {
    fc.assert(
      fc.property(
        basisArb.chain((basis) =>
          fc
            .oneof(termsArb(basis, scaleArb(basis)), termsArb(basis, anyBracketsArb(basis)))
            .map((terms) => ({ basis, terms })),
        ),
        ({ basis, terms }) => {
          expect(validateTerms(JSON.parse(JSON.stringify(terms)), basis)).toEqual({ ok: true, value: terms });
        },
      ),
      { numRuns: 100 },
    );
  });
});
