/**
 * Members-only club: open opt-in (with recorded consent), paid (a fee for a
 * term that lapses unless renewed) or invitation-only. Club benefits use the
 * same Benefits model as tiers. Pure: the member's club events in, the status
 * at an instant out.
 */
import { DomainError, ErrorCode } from '@regulars/core';
import { addMonths } from '@regulars/rules/time';
import { dayStart, localDate, localDateString } from './periods';
import type { Benefits, BonusIntent, ValidationIssue } from './types';

export type ClubAccess =
  | { kind: 'open' }
  /** A fee (minor units) taken at the counter buys `termMonths` of membership. */
  | { kind: 'paid'; fee: number; termMonths: number }
  /** An invite code is valid for `inviteValidDays` (exact 24-hour days). */
  | { kind: 'invitation'; inviteValidDays: number };

export interface ClubDefinition {
  id: string;
  name: string;
  access: ClubAccess;
  benefits: Benefits;
}

export type ClubEvent =
  | { kind: 'opt_in'; at: string | Date; consent: string }
  | { kind: 'opt_out'; at: string | Date }
  | { kind: 'payment'; at: string | Date; paymentId: string; amount: number }
  /** A paid club's fee given back (the membership product returned): its term is taken off the membership. */
  | { kind: 'refunded'; at: string | Date; paymentId: string }
  | { kind: 'invited'; at: string | Date; code: string }
  | { kind: 'accepted'; at: string | Date; code: string }
  | { kind: 'refused'; at: string | Date; code: string }
  /** Ends the membership at once (owner removes the member, fee refunded, ...). */
  | { kind: 'cancelled'; at: string | Date };

export type ClubStatusName = 'none' | 'invited' | 'active' | 'lapsed' | 'left' | 'refused' | 'cancelled';

export interface ClubHistoryEntry {
  at: string;
  status: ClubStatusName;
  reason: ClubEvent['kind'] | 'lapsed' | 'invitation_expired' | 'renewed';
}

export interface ClubMembership {
  clubId: string;
  status: ClubStatusName;
  active: boolean;
  /** Start of the current continuous membership. */
  since: string | null;
  /** Paid clubs: exclusive end of the paid term (lapses then unless renewed); null = open-ended. */
  until: string | null;
  consent: string | null;
  openInvitation: { code: string; expiresAt: string } | null;
  history: ClubHistoryEntry[];
  bonuses: BonusIntent[];
}

export type InvitationCheck =
  | { ok: true; expiresAt: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'refused' | 'used' | 'already_member' };

interface Invite {
  code: string;
  expires: number;
  closed: 'refused' | 'used' | null;
}

const iso = (t: number) => new Date(t).toISOString();

function instant(v: unknown, path: string, errors: ValidationIssue[]): number {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) errors.push({ path, message: 'must be a valid ISO 8601 instant' });
  return t;
}

function fail(code: ErrorCode, message: string, details: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

function inviteCheck(invites: Invite[], active: boolean, code: string, t: number): InvitationCheck {
  if (active) return { ok: false, reason: 'already_member' };
  const inv = invites.find((i) => i.code === code);
  if (!inv) return { ok: false, reason: 'unknown' };
  if (inv.closed) return { ok: false, reason: inv.closed };
  if (t >= inv.expires) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt: iso(inv.expires) };
}

function runClub(
  club: ClubDefinition,
  events: ClubEvent[],
  at: string | Date,
  opts: { timeZone: string; memberId: string },
): { membership: ClubMembership; invites: Invite[]; end: number } {
  const errors: ValidationIssue[] = [];
  const end = instant(at, 'at', errors);
  const parsed = events.map((e, i) => ({ e, i, t: instant(e?.at, `events[${i}].at`, errors) }));
  if (errors.length > 0)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'invalid club events', { errors });
  parsed.sort((a, b) => a.t - b.t || a.i - b.i);
  const history: ClubHistoryEntry[] = [];
  const bonuses: BonusIntent[] = [];
  const invites: Invite[] = [];
  let status = 'none' as ClubStatusName;
  let since: number | null = null;
  let until: number | null = null;
  let consent: string | null = null;
  /** Payments of the current continuous paid membership, in order (a refund takes one out). */
  let termPayments: string[] = [];
  const refunded = new Set<string>();
  const set = (t: number, s: ClubStatusName, reason: ClubHistoryEntry['reason']) => {
    status = s;
    history.push({ at: iso(t), status: s, reason });
  };
  const bonus = (t: number, keySuffix: string) => {
    const pts = club.benefits.reachBonusPoints;
    if (pts <= 0 || bonuses.some((b) => b.key.endsWith(`:${keySuffix}`))) return;
    bonuses.push({
      key: `club-join:${opts.memberId}:${club.id}:${keySuffix}`,
      kind: 'club_join',
      tierId: club.id,
      points: pts,
      at: iso(t),
      reason: `Joined ${club.name}`,
    });
  };
  // Timers: a paid term lapsing, an invitation expiring.
  const timers = (to: number) => {
    for (;;) {
      let next = Infinity;
      let what: 'lapse' | 'invite' | null = null;
      if (status === 'active' && until !== null && until <= to) {
        next = until;
        what = 'lapse';
      }
      if (status === 'invited') {
        const open = invites.filter((i) => !i.closed).map((i) => i.expires);
        const last = open.length ? Math.max(...open) : -Infinity;
        if (last <= to && last < next) {
          next = last;
          what = 'invite';
        }
      }
      if (what === null) return;
      if (what === 'lapse') {
        set(next, 'lapsed', 'lapsed');
        since = null;
        termPayments = [];
      } else set(next, 'none', 'invitation_expired');
    }
  };
  const wrongKind = (i: number, kind: string) =>
    fail(ErrorCode.CLUB_ACCESS_MISMATCH, `a club with ${club.access.kind} access does not accept "${kind}"`, {
      index: i,
      kind,
    });

  for (const { e, i, t } of parsed) {
    if (t > end) break;
    timers(t);
    const active = status === 'active';
    switch (e.kind) {
      case 'opt_in':
        if (club.access.kind !== 'open') wrongKind(i, e.kind);
        if (typeof e.consent !== 'string' || e.consent.trim() === '')
          fail(ErrorCode.VALIDATION_FAILED, 'opt-in needs the consent given', { index: i });
        if (!active) {
          consent = e.consent;
          since = t;
          set(t, 'active', e.kind);
          bonus(t, 'open');
        }
        break;
      case 'opt_out':
        if (club.access.kind !== 'open') wrongKind(i, e.kind);
        if (active) {
          since = null;
          set(t, 'left', e.kind);
        }
        break;
      case 'payment': {
        const a = club.access;
        if (a.kind !== 'paid') return wrongKind(i, e.kind);
        if (
          !Number.isSafeInteger(e.amount) ||
          e.amount < 1 ||
          typeof e.paymentId !== 'string' ||
          !e.paymentId
        )
          fail(ErrorCode.VALIDATION_FAILED, 'a payment needs an id and a positive amount', { index: i });
        if (refunded.has(e.paymentId) || termPayments.includes(e.paymentId)) break; // recorded twice
        if (active && until !== null) {
          until = dayStart(addMonths(localDate(until, opts.timeZone), a.termMonths), opts.timeZone);
          termPayments.push(e.paymentId);
          set(t, 'active', 'renewed');
        } else {
          since = t;
          until = dayStart(addMonths(localDate(t, opts.timeZone), a.termMonths), opts.timeZone);
          termPayments = [e.paymentId];
          set(t, 'active', e.kind);
        }
        bonus(t, e.paymentId);
        break;
      }
      case 'refunded': {
        const a = club.access;
        if (a.kind !== 'paid') return wrongKind(i, e.kind);
        if (typeof e.paymentId !== 'string' || !e.paymentId)
          fail(ErrorCode.VALIDATION_FAILED, 'a refund needs the payment id', { index: i });
        if (refunded.has(e.paymentId)) break;
        refunded.add(e.paymentId);
        if (!active || !termPayments.includes(e.paymentId) || since === null) break; // an earlier term
        termPayments = termPayments.filter((p) => p !== e.paymentId);
        // The term as if that payment had not been made: one term per remaining payment from the start.
        let d = localDate(since, opts.timeZone);
        for (let k = 0; k < termPayments.length; k++) d = addMonths(d, a.termMonths);
        const end = dayStart(d, opts.timeZone);
        if (!termPayments.length || end <= t) {
          since = null;
          until = null;
          termPayments = [];
          set(t, 'cancelled', e.kind);
        } else {
          until = end;
          set(t, 'active', e.kind);
        }
        break;
      }
      case 'invited': {
        if (club.access.kind !== 'invitation') return wrongKind(i, e.kind);
        if (typeof e.code !== 'string' || e.code.length === 0 || invites.some((x) => x.code === e.code))
          fail(ErrorCode.CLUB_INVITATION_INVALID, 'an invitation needs a new code', { index: i });
        invites.push({ code: e.code, expires: t + club.access.inviteValidDays * 86_400_000, closed: null });
        if (!active) set(t, 'invited', e.kind);
        break;
      }
      case 'accepted':
      case 'refused': {
        if (club.access.kind !== 'invitation') wrongKind(i, e.kind);
        const check = inviteCheck(invites, active, e.code, t);
        if (!check.ok)
          fail(ErrorCode.CLUB_INVITATION_INVALID, `invitation cannot be ${e.kind}: ${check.reason}`, {
            index: i,
            reason: check.reason,
          });
        const inv = invites.find((x) => x.code === e.code)!;
        if (e.kind === 'accepted') {
          for (const x of invites) if (!x.closed) x.closed = 'used';
          since = t;
          set(t, 'active', e.kind);
          bonus(t, 'invitation');
        } else {
          inv.closed = 'refused';
          if (!invites.some((x) => !x.closed && x.expires > t)) set(t, 'refused', e.kind);
        }
        break;
      }
      case 'cancelled':
        if (active) {
          since = null;
          until = null;
          termPayments = [];
          set(t, 'cancelled', e.kind);
        }
        break;
      default:
        fail(ErrorCode.VALIDATION_FAILED, 'unknown club event', { index: i });
    }
  }
  timers(end);
  const active = status === 'active';
  const open = invites.filter((x) => !x.closed && x.expires > end).sort((a, b) => b.expires - a.expires)[0];
  const membership: ClubMembership = {
    clubId: club.id,
    status,
    active,
    since: active && since !== null ? iso(since) : null,
    until: active && until !== null ? iso(until) : null,
    consent: active ? consent : null,
    openInvitation: !active && open ? { code: open.code, expiresAt: iso(open.expires) } : null,
    history,
    bonuses,
  };
  return { membership, invites, end };
}

/**
 * The member's club status at `at` from their club events (applied in time
 * order, ties in input order; events after `at` are ignored). Refuses an
 * event the club's access kind does not allow (CLUB_ACCESS_MISMATCH) and an
 * acceptance or refusal of an invitation that is unknown, expired or closed
 * (CLUB_INVITATION_INVALID).
 */
export function clubMembership(
  club: ClubDefinition,
  events: ClubEvent[],
  at: string | Date,
  opts: { timeZone: string; memberId: string },
): ClubMembership {
  return runClub(club, events, at, opts).membership;
}

/** Whether `code` can be accepted (or refused) at `at`, given the member's club events so far. */
export function checkInvitation(
  club: ClubDefinition,
  events: ClubEvent[],
  code: string,
  at: string | Date,
  opts: { timeZone: string; memberId: string },
): InvitationCheck {
  const { membership, invites, end } = runClub(club, events, at, opts);
  return inviteCheck(invites, membership.active, code, end);
}

/** Local date string of a term end for display: the last day covered (until is exclusive). */
export function lastDayCovered(until: string, timeZone: string): string {
  return localDateString(localDate(Date.parse(until) - 1, timeZone));
}
