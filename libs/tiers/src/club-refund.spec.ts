/** Paid club: a refunded fee takes its term off the membership (a property test against a brute-force model). */
import fc from 'fast-check';
import { addMonths } from '@regulars/rules/time';
import { clubMembership } from './index';
import type { ClubDefinition, ClubEvent } from './index';
import { benefits } from '../test/fixtures';

const TZ = 'Europe/Berlin';
const opts = { timeZone: TZ, memberId: 'm1' };
const paid = (termMonths: number): ClubDefinition => ({
  id: 'friends',
  name: 'Friends',
  access: { kind: 'paid', fee: 2500, termMonths },
  benefits: benefits(),
});

describe('paid club refunds', () => {
  it('a refunded renewal shortens the term; refunding the only payment ends the membership', () => {
    const c = paid(12);
    const events: ClubEvent[] = [
      { kind: 'payment', at: '2026-03-02T10:00:00+01:00', paymentId: 'p1', amount: 2500 },
      { kind: 'payment', at: '2026-12-01T10:00:00+01:00', paymentId: 'p2', amount: 2500 },
    ];
    expect(clubMembership(c, events, '2027-01-01T00:00:00Z', opts).until).toBe('2028-03-01T23:00:00.000Z');
    const refund: ClubEvent = { kind: 'refunded', at: '2027-01-05T10:00:00+01:00', paymentId: 'p2' };
    const after = clubMembership(c, [...events, refund], '2027-01-06T00:00:00Z', opts);
    expect(after).toMatchObject({ status: 'active', until: '2027-03-01T23:00:00.000Z' });
    expect(after.history.map((h) => h.reason)).toEqual(['payment', 'renewed', 'refunded']);
    // Refunded twice: nothing more happens.
    expect(clubMembership(c, [...events, refund, refund], '2027-01-06T00:00:00Z', opts).until).toBe(
      '2027-03-01T23:00:00.000Z',
    );
    const both = clubMembership(
      c,
      [...events, refund, { kind: 'refunded', at: '2027-01-06T10:00:00+01:00', paymentId: 'p1' }],
      '2027-01-07T00:00:00Z',
      opts,
    );
    expect(both).toMatchObject({ status: 'cancelled', active: false, until: null });
  });

  it('a refund of a term that already ran out changes nothing; a refund whose term is already over ends it now', () => {
    const c = paid(1);
    const events: ClubEvent[] = [
      { kind: 'payment', at: '2026-03-02T10:00:00+01:00', paymentId: 'p1', amount: 500 },
      { kind: 'payment', at: '2026-03-20T10:00:00+01:00', paymentId: 'p2', amount: 500 },
    ];
    // Two months from 2 March: until 2 May. Refunding p2 on 15 April: one month from 2 March is over -> ended now.
    const m = clubMembership(
      c,
      [...events, { kind: 'refunded', at: '2026-04-15T10:00:00+02:00', paymentId: 'p2' }],
      '2026-04-16T00:00:00Z',
      opts,
    );
    expect(m).toMatchObject({ status: 'cancelled' });
    // After the lapse, a refund of an old payment changes nothing.
    const late = clubMembership(
      c,
      [...events, { kind: 'refunded', at: '2026-06-01T10:00:00+02:00', paymentId: 'p1' }],
      '2026-06-02T00:00:00Z',
      opts,
    );
    expect(late).toMatchObject({ status: 'lapsed' });
  });

  it('matches a brute-force model: active at t iff t is before start + (payments kept) terms (random payments and refunds)', () => {
    const day = 86_400_000;
    const t0 = Date.parse('2026-01-01T12:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 200 })), {
          maxLength: 3,
        }),
        fc.integer({ min: 0, max: 400 }),
        (term, payDays, refundSpec, atDay) => {
          const pays = [...payDays].sort((a, b) => a - b);
          const events: ClubEvent[] = pays.map((d, i) => ({
            kind: 'payment',
            at: new Date(t0 + d * day + i).toISOString(),
            paymentId: `p${i}`,
            amount: 100,
          }));
          for (const [idx, d] of refundSpec)
            if (idx < pays.length && d > pays[idx])
              events.push({
                kind: 'refunded',
                at: new Date(t0 + d * day + 500).toISOString(),
                paymentId: `p${idx}`,
              });
          const at = t0 + atDay * day + 1000;
          const got = clubMembership(paid(term), events, new Date(at), opts);
          // Brute force: walk the events in time order, day by day state.
          const ev = events
            .map((e) => ({ e, t: Date.parse(String(e.at)) }))
            .filter((x) => x.t <= at)
            .sort((a, b) => a.t - b.t);
          let start: number | null = null;
          let kept: string[] = [];
          let until: number | null = null;
          const refunded = new Set<string>();
          const local = (ms: number) => {
            const p = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(ms)).split('-');
            return { year: +p[0], month: +p[1], day: +p[2] };
          };
          const midnight = (d: { year: number; month: number; day: number }) => {
            // Local midnight in Berlin (UTC+1 or +2): the instant whose local date is d at 00:00.
            for (const off of [1, 2]) {
              const t = Date.UTC(d.year, d.month - 1, d.day) - off * 3_600_000;
              const q = new Intl.DateTimeFormat('en-GB', {
                timeZone: TZ,
                hour: '2-digit',
                hourCycle: 'h23',
              }).format(new Date(t));
              if (q === '00' && local(t).day === d.day) return t;
            }
            throw new Error('no midnight');
          };
          const endOf = () => {
            let d = local(start!);
            for (let k = 0; k < kept.length; k++) d = addMonths(d, term);
            return midnight(d);
          };
          for (const { e, t } of ev) {
            if (until !== null && t >= until) {
              start = null;
              kept = [];
              until = null;
            }
            if (e.kind === 'payment') {
              if (start === null) start = t;
              kept.push(e.paymentId);
              until = endOf();
            } else if (e.kind === 'refunded' && !refunded.has(e.paymentId)) {
              refunded.add(e.paymentId);
              if (start !== null && kept.includes(e.paymentId)) {
                kept = kept.filter((p) => p !== e.paymentId);
                until = kept.length ? endOf() : null;
                if (until === null || until <= t) {
                  start = null;
                  kept = [];
                  until = null;
                }
              }
            }
          }
          const active = until !== null && at < until;
          expect(got.active).toBe(active);
          expect(got.until).toBe(active ? new Date(until!).toISOString() : null);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });
});
