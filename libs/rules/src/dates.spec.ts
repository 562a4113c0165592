import { evaluatePurchase, expiryInstant, zonedToInstant } from './index';
import { BERLIN, line, purchase, ruleSet } from '../test/fixtures';

describe('points expiry and pending period', () => {
  const earn = (occurredAt: string, over: Parameters<typeof ruleSet>[0]) =>
    evaluatePurchase(purchase([line({ unitPrice: 1000 })], { occurredAt }), ruleSet(over), null, BERLIN)
      .postings[0];

  it('12 months: lapses at the end of the same local date a year later', () => {
    const p = earn('2026-01-15T10:00:00Z', { pointsExpiry: { afterMonths: 12 } });
    // end of 2027-01-15 in Berlin = 2027-01-16T00:00+01:00
    expect(p.expiresAt).toBe('2027-01-15T23:00:00.000Z');
  });

  it('uses the local date: 23:30 UTC on Dec 31 is already Jan 1 in Berlin', () => {
    const p = earn('2026-12-31T23:30:00Z', { pointsExpiry: { afterMonths: 1 } });
    // local 2027-01-01 + 1 month -> end of 2027-02-01
    expect(p.expiresAt).toBe('2027-02-01T23:00:00.000Z');
  });

  it('clamps to the end of a shorter month (Jan 31 + 1 month = end of Feb 28)', () => {
    const p = earn('2026-01-31T12:00:00Z', { pointsExpiry: { afterMonths: 1 } });
    expect(p.expiresAt).toBe('2026-02-28T23:00:00.000Z');
  });

  it('follows daylight saving time of the expiry date (summer offset +2)', () => {
    const p = earn('2026-01-10T12:00:00Z', { pointsExpiry: { afterMonths: 6 } });
    expect(p.expiresAt).toBe('2026-07-10T22:00:00.000Z');
  });

  it('never expires when pointsExpiry is null', () => {
    expect(earn('2026-01-10T12:00:00Z', { pointsExpiry: null }).expiresAt).toBeNull();
  });

  it('pending days are exact 24 hour periods, also across a DST change', () => {
    const p = earn('2026-03-20T10:00:00Z', { pendingDays: 14 });
    expect(p.availableAt).toBe('2026-04-03T10:00:00.000Z');
    expect(earn('2026-03-20T10:00:00Z', { pendingDays: 0 }).availableAt).toBe('2026-03-20T10:00:00.000Z');
  });

  it('stamps are available at once and do not expire', () => {
    const ev = evaluatePurchase(
      purchase([{ lineId: 'c', sku: 'X', category: 'coffee', quantity: 1, unitPrice: 300 }], {
        occurredAt: '2026-03-20T10:00:00Z',
      }),
      ruleSet({
        pendingDays: 14,
        pointsExpiry: { afterMonths: 12 },
        stampCards: [
          {
            id: 'coffee',
            name: 'Coffee card',
            match: { skus: [], categories: ['coffee'] },
            stampsPerUnit: 1,
            cardSize: 10,
            reward: { id: 'r', description: 'free' },
          },
        ],
      }),
      null,
      BERLIN,
    );
    const s = ev.postings.find((p) => p.kind === 'stamps')!;
    expect([s.availableAt, s.expiresAt]).toEqual(['2026-03-20T10:00:00.000Z', null]);
  });
});

describe('zoned calendar helpers', () => {
  it('resolves local midnight to the right instant in winter and summer', () => {
    expect(new Date(zonedToInstant({ year: 2026, month: 1, day: 1 }, 'Europe/Berlin')).toISOString()).toBe(
      '2025-12-31T23:00:00.000Z',
    );
    expect(new Date(zonedToInstant({ year: 2026, month: 7, day: 1 }, 'Europe/Berlin')).toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
  });

  it('a skipped local time resolves to the first instant after the gap', () => {
    // Berlin 2026-03-29 02:00 does not exist; clocks jump to 03:00 CEST = 01:00Z
    expect(
      new Date(
        zonedToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 0 }, 'Europe/Berlin'),
      ).toISOString(),
    ).toBe('2026-03-29T01:00:00.000Z');
  });

  it('a repeated local time resolves to the earlier instant', () => {
    // Berlin 2026-10-25 02:30 happens twice: 00:30Z (CEST) and 01:30Z (CET)
    expect(
      new Date(
        zonedToInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin'),
      ).toISOString(),
    ).toBe('2026-10-25T00:30:00.000Z');
  });

  it('expiry in a zone whose day starts at a DST gap (America/Santiago, Sept 2026) is the first instant of that day', () => {
    // Chile springs forward at local midnight to 01:00 on 2026-09-06.
    const t = expiryInstant(Date.parse('2026-08-05T15:00:00Z'), 1, 'America/Santiago');
    // end of 2026-09-05 local = first instant of 2026-09-06 = 04:00Z (00:00 -04 == 01:00 -03)
    expect(new Date(t).toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });
});
