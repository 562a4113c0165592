import { DomainError, ErrorCode } from '@regulars/core';
import { checkInvitation, clubMembership, lastDayCovered } from './index';
import type { ClubDefinition, ClubEvent } from './index';
import { benefits, TZ } from '../test/fixtures';

const opts = { timeZone: TZ, memberId: 'm1' };
const club = (access: ClubDefinition['access'], reachBonusPoints = 0): ClubDefinition => ({
  id: 'insiders',
  name: 'Insiders',
  access,
  benefits: benefits({ multiplierBp: 11000, reachBonusPoints }),
});

describe('open club', () => {
  it('opt-in with recorded consent makes a member at once; opting out ends it; the join bonus is paid once', () => {
    const c = club({ kind: 'open' }, 30);
    const events: ClubEvent[] = [
      { kind: 'opt_in', at: '2026-03-01T10:00:00+01:00', consent: 'club-terms-v1' },
      { kind: 'opt_out', at: '2026-05-01T10:00:00+02:00' },
      { kind: 'opt_in', at: '2026-06-01T10:00:00+02:00', consent: 'club-terms-v2' },
    ];
    const during = clubMembership(c, events, '2026-04-01T00:00:00Z', opts);
    expect(during).toMatchObject({
      status: 'active',
      active: true,
      since: '2026-03-01T09:00:00.000Z',
      until: null,
      consent: 'club-terms-v1',
    });
    const out = clubMembership(c, events, '2026-05-15T00:00:00Z', opts);
    expect(out).toMatchObject({ status: 'left', active: false, since: null, consent: null });
    const back = clubMembership(c, events, '2026-07-01T00:00:00Z', opts);
    expect(back).toMatchObject({
      status: 'active',
      consent: 'club-terms-v2',
      since: '2026-06-01T08:00:00.000Z',
    });
    expect(back.bonuses.map((b) => [b.key, b.points])).toEqual([['club-join:m1:insiders:open', 30]]);
    expect(back.history.map((h) => h.status)).toEqual(['active', 'left', 'active']);
  });

  it('refuses an opt-in without consent and events of another access kind', () => {
    const c = club({ kind: 'open' });
    expect(() =>
      clubMembership(c, [{ kind: 'opt_in', at: '2026-03-01T10:00:00Z', consent: ' ' }], '2026-04-01Z', opts),
    ).toThrow(DomainError);
    expect(() =>
      clubMembership(
        c,
        [{ kind: 'payment', at: '2026-03-01T10:00:00Z', paymentId: 'x', amount: 100 }],
        '2026-04-01Z',
        opts,
      ),
    ).toThrow('a club with open access does not accept "payment"');
    expect(() =>
      clubMembership(
        c,
        [{ kind: 'payment', at: '2026-03-01T10:00:00Z', paymentId: 'x', amount: 100 }],
        '2026-04-01Z',
        opts,
      ),
    ).toThrow(expect.objectContaining({ code: ErrorCode.CLUB_ACCESS_MISMATCH }));
  });
});

describe('paid club', () => {
  const c = club({ kind: 'paid', fee: 2500, termMonths: 12 }, 20);
  const pay = (at: string, paymentId: string): ClubEvent => ({
    kind: 'payment',
    at,
    paymentId,
    amount: 2500,
  });

  it('a term runs to the same local date a year later (exclusive) and lapses unless renewed', () => {
    const events = [pay('2026-03-15T18:00:00+01:00', 'f1')];
    const active = clubMembership(c, events, '2027-03-14T22:00:00Z', opts);
    expect(active).toMatchObject({ status: 'active', until: '2027-03-14T23:00:00.000Z' });
    expect(lastDayCovered(active.until!, TZ)).toBe('2027-03-14');
    const lapsed = clubMembership(c, events, '2027-03-14T23:00:00Z', opts);
    expect(lapsed).toMatchObject({ status: 'lapsed', active: false, until: null });
    expect(lapsed.history.at(-1)).toEqual({
      at: '2027-03-14T23:00:00.000Z',
      status: 'lapsed',
      reason: 'lapsed',
    });
  });

  it('renewing before the end extends from the end (no days lost); after a lapse a new term starts on payment', () => {
    const early = clubMembership(
      c,
      [pay('2026-03-15T18:00:00+01:00', 'f1'), pay('2027-02-01T12:00:00+01:00', 'f2')],
      '2027-06-01Z',
      opts,
    );
    expect(early).toMatchObject({
      status: 'active',
      since: '2026-03-15T17:00:00.000Z',
      until: '2028-03-14T23:00:00.000Z',
    });
    expect(early.history.map((h) => h.reason)).toEqual(['payment', 'renewed']);
    const late = clubMembership(
      c,
      [pay('2026-03-15T18:00:00+01:00', 'f1'), pay('2027-04-02T12:00:00+02:00', 'f2')],
      '2027-06-01Z',
      opts,
    );
    expect(late).toMatchObject({
      status: 'active',
      since: '2027-04-02T10:00:00.000Z',
      until: '2028-04-01T22:00:00.000Z',
    });
    expect(late.history.map((h) => h.status)).toEqual(['active', 'lapsed', 'active']);
    // one join bonus per paid term
    expect(late.bonuses.map((b) => b.key)).toEqual(['club-join:m1:insiders:f1', 'club-join:m1:insiders:f2']);
  });

  it('cancelled ends the membership at once', () => {
    const m = clubMembership(
      c,
      [pay('2026-03-15T18:00:00+01:00', 'f1'), { kind: 'cancelled', at: '2026-04-01T10:00:00+02:00' }],
      '2026-05-01Z',
      opts,
    );
    expect(m).toMatchObject({ status: 'cancelled', active: false, until: null });
  });
});

describe('invitation-only club', () => {
  const c = club({ kind: 'invitation', inviteValidDays: 14 }, 10);
  const invited: ClubEvent = { kind: 'invited', at: '2026-03-01T10:00:00+01:00', code: 'ABC123' };

  it('an invitation accepted in time makes a member', () => {
    const events: ClubEvent[] = [
      invited,
      { kind: 'accepted', at: '2026-03-05T10:00:00+01:00', code: 'ABC123' },
    ];
    expect(clubMembership(c, [invited], '2026-03-02Z', opts)).toMatchObject({
      status: 'invited',
      openInvitation: { code: 'ABC123', expiresAt: '2026-03-15T09:00:00.000Z' },
    });
    const m = clubMembership(c, events, '2026-04-01Z', opts);
    expect(m).toMatchObject({ status: 'active', since: '2026-03-05T09:00:00.000Z', openInvitation: null });
    expect(m.bonuses.map((b) => b.points)).toEqual([10]);
    expect(checkInvitation(c, events, 'ABC123', '2026-04-01Z', opts)).toEqual({
      ok: false,
      reason: 'already_member',
    });
  });

  it('an invitation refused, expired or unknown cannot be accepted', () => {
    const refused: ClubEvent[] = [
      invited,
      { kind: 'refused', at: '2026-03-02T10:00:00+01:00', code: 'ABC123' },
    ];
    expect(clubMembership(c, refused, '2026-03-03Z', opts)).toMatchObject({
      status: 'refused',
      active: false,
    });
    expect(checkInvitation(c, refused, 'ABC123', '2026-03-03Z', opts)).toEqual({
      ok: false,
      reason: 'refused',
    });
    expect(() =>
      clubMembership(
        c,
        [...refused, { kind: 'accepted', at: '2026-03-04T10:00:00Z', code: 'ABC123' }],
        '2026-03-05Z',
        opts,
      ),
    ).toThrow('invitation cannot be accepted: refused');
    expect(() =>
      clubMembership(
        c,
        [...refused, { kind: 'accepted', at: '2026-03-04T10:00:00Z', code: 'ABC123' }],
        '2026-03-05Z',
        opts,
      ),
    ).toThrow(
      expect.objectContaining({
        code: ErrorCode.CLUB_INVITATION_INVALID,
        details: { index: 2, reason: 'refused' },
      }),
    );
    expect(checkInvitation(c, [invited], 'ABC123', '2026-03-15T09:00:00Z', opts)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(checkInvitation(c, [invited], 'ABC123', '2026-03-15T08:59:59Z', opts)).toEqual({
      ok: true,
      expiresAt: '2026-03-15T09:00:00.000Z',
    });
    expect(clubMembership(c, [invited], '2026-03-16Z', opts).history.at(-1)).toEqual({
      at: '2026-03-15T09:00:00.000Z',
      status: 'none',
      reason: 'invitation_expired',
    });
    expect(checkInvitation(c, [invited], 'NOPE', '2026-03-02Z', opts)).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });
});
