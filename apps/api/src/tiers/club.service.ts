import { pgTransaction } from '../database/pg-transaction';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { Clock, ConflictError, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import {
  checkInvitation,
  clubMembership,
  lastDayCovered,
  validateClub,
  type ClubDefinition,
  type ClubMembership,
  type ValidationIssue,
} from '@regulars/tiers';
import { Db } from '../database/db';
import { ClubRepository, toClubEvent, type ClubEventRow, type ClubRow } from './club.repository';
import type { ConfigureClubDto } from './club.dto';
import type {
  ClubInvitationView,
  ClubMemberListView,
  ClubMembershipView,
  ClubSettingsView,
  MyClubView,
} from './club.views';

function invalid(what: string, errors: ValidationIssue[]): never {
  throw new DomainError(
    ErrorCode.VALIDATION_FAILED,
    `Invalid ${what}: ${errors
      .map((e) => `${e.path} ${e.message}`)
      .slice(0, 5)
      .join('; ')}`,
    { fields: errors.map((e) => ({ field: e.path, problems: [e.message] })) },
  );
}

/** Invitation codes: 10 characters of an alphabet without look-alikes (about 50 bits). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newInviteCode(): string {
  const bytes = randomBytes(10);
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

const DEFAULT_SKU = 'CLUB-MEMBERSHIP';

/**
 * The members-only club of a business (docs/TIERS.md, "Club"): its settings,
 * and each member's membership derived by @regulars/tiers from their club
 * events (opt-in with consent, payments, invitations). Every change takes the
 * member's row lock, records one event, recomputes the membership and posts
 * the join bonus to the ledger by the library's key (once per term).
 */
@Injectable()
export class ClubService {
  private readonly pool: Pool;

  constructor(
    db: Db,
    private readonly repo: ClubRepository,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {
    this.pool = db.pool;
  }

  private readonly changeListeners: ((businessId: string) => void)[] = [];

  /** Called after a club's definition is saved (caches of this instance forget it at once). */
  onClubChanged(listener: (businessId: string) => void): void {
    this.changeListeners.push(listener);
  }

  /** The club tables (for the birthday run and the reward checks). */
  get repository(): ClubRepository {
    return this.repo;
  }

  private async timeZone(q: Pool | PoolClient, businessId: string): Promise<string> {
    return (await this.repo.business(businessId, q))?.timeZone ?? 'UTC';
  }

  async currency(businessId: string): Promise<string> {
    return (await this.repo.business(businessId, this.pool))?.currency ?? 'EUR';
  }

  async settings(businessId: string): Promise<ClubSettingsView> {
    const club = await this.repo.club(businessId, this.pool);
    if (!club) return { club: null, consentWording: null, membershipSku: null, updatedAt: null, counts: {} };
    const tz = await this.timeZone(this.pool, businessId);
    const all = await this.repo.allEvents(businessId, club.definition.id, this.pool);
    const counts: Record<string, number> = {};
    const now = this.clock.now();
    for (const [memberId, events] of all) {
      const m = clubMembership(club.definition, events.map(toClubEvent), now, { timeZone: tz, memberId });
      counts[m.status] = (counts[m.status] ?? 0) + 1;
    }
    return {
      club: club.definition as unknown as Record<string, unknown>,
      consentWording: club.consentWording,
      membershipSku: club.membershipSku,
      updatedAt: club.updatedAt.toISOString(),
      counts,
    };
  }

  /**
   * Creates or changes the club. Once members have club events, its id and
   * access kind are fixed (their history would no longer fit it); the name,
   * benefits, fee, term, invitation validity and consent wording can change.
   */
  async configure(
    businessId: string,
    actorId: string | null,
    dto: ConfigureClubDto,
  ): Promise<ClubSettingsView> {
    const checked = validateClub({
      id: dto.id ?? 'club',
      name: dto.name,
      access: dto.access,
      benefits: dto.benefits ?? {},
    });
    if (!checked.ok) invalid('club', checked.errors);
    const def = checked.value;
    const problems: ValidationIssue[] = [];
    const wording = dto.consentWording?.trim() ?? '';
    if (def.access.kind === 'open' && wording.length < 10)
      problems.push({
        path: 'consentWording',
        message: 'an open club needs the consent wording members agree to (at least 10 characters)',
      });
    if (problems.length) invalid('club', problems);
    const sku = def.access.kind === 'paid' ? (dto.membershipSku ?? DEFAULT_SKU) : null;
    const now = this.clock.now();
    await pgTransaction(this.pool, async (client) => {
      const existing = await this.repo.lockClub(businessId, client);
      if (existing && (await this.repo.hasEvents(businessId, existing.definition.id, client))) {
        if (existing.definition.id !== def.id || existing.definition.access.kind !== def.access.kind)
          throw new ConflictError('The club has members: its id and access kind cannot change', {
            id: existing.definition.id,
            access: existing.definition.access.kind,
          });
      }
      await this.repo.saveClub(
        businessId,
        { definition: def, consentWording: wording || existing?.consentWording || '', membershipSku: sku },
        now,
        actorId,
        client,
      );
    });
    for (const listener of this.changeListeners) listener(businessId);
    return this.settings(businessId);
  }

  private async requireClub(q: Pool | PoolClient, businessId: string): Promise<ClubRow> {
    const club = await this.repo.club(businessId, q);
    if (!club) throw new NotFoundError('Club');
    return club;
  }

  private view(club: ClubRow, m: ClubMembership, rows: ClubEventRow[], timeZone: string): ClubMembershipView {
    const optIn = m.active ? [...rows].reverse().find((r) => r.kind === 'opt_in') : undefined;
    return {
      clubId: club.definition.id,
      clubName: club.definition.name,
      access: club.definition.access.kind,
      status: m.status,
      active: m.active,
      since: m.since,
      until: m.until,
      lastDay: m.until ? lastDayCovered(m.until, timeZone) : null,
      consent:
        optIn && m.consent !== null
          ? { wording: m.consent, at: optIn.at.toISOString(), source: optIn.source ?? 'unknown' }
          : null,
      openInvitation: m.openInvitation,
      history: m.history,
    };
  }

  /** A member's membership (computed now); null when the business has no club. */
  async membership(businessId: string, memberId: string): Promise<ClubMembershipView> {
    if (!(await this.repo.memberExists(businessId, memberId, this.pool))) throw new NotFoundError('Member');
    const club = await this.requireClub(this.pool, businessId);
    const tz = await this.timeZone(this.pool, businessId);
    const rows = await this.repo.events(businessId, memberId, club.definition.id, this.pool);
    const m = clubMembership(club.definition, rows.map(toClubEvent), this.clock.now(), {
      timeZone: tz,
      memberId,
    });
    return this.view(club, m, rows, tz);
  }

  /** The club's members (everyone with a club event) and their status now. */
  async members(businessId: string): Promise<ClubMemberListView> {
    const club = await this.requireClub(this.pool, businessId);
    const tz = await this.timeZone(this.pool, businessId);
    const all = await this.repo.allEvents(businessId, club.definition.id, this.pool);
    const now = this.clock.now();
    const ids = [...all.keys()];
    const byId = new Map((await this.repo.memberNames(businessId, ids, this.pool)).map((n) => [n.id, n]));
    const items = ids.map((memberId) => {
      const rows = all.get(memberId)!;
      const m = clubMembership(club.definition, rows.map(toClubEvent), now, { timeZone: tz, memberId });
      const n = byId.get(memberId);
      return {
        memberId,
        memberNumber: n?.memberNumber ?? '',
        name: n?.name ?? '',
        status: m.status,
        active: m.active,
        since: m.since,
        until: m.until,
        lastDay: m.until ? lastDayCovered(m.until, tz) : null,
        openInvitation: m.openInvitation,
      };
    });
    items.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
    return { items };
  }

  /**
   * Records one event for the member under their row lock: `make` sees the
   * club, the events so far and the membership now, and returns the event (or
   * throws). The join bonus the library yields is posted by its key.
   */
  private async change(
    businessId: string,
    memberId: string,
    make: (c: {
      club: ClubRow;
      rows: ClubEventRow[];
      before: ClubMembership;
      now: Date;
      timeZone: string;
      tx: PoolClient;
    }) => Promise<ClubEventRow | null> | ClubEventRow | null,
    outer?: PoolClient,
  ): Promise<ClubMembershipView> {
    if (outer) return this.changeIn(outer, businessId, memberId, make);
    return pgTransaction(this.pool, (client) => this.changeIn(client, businessId, memberId, make));
  }

  private async changeIn(
    client: PoolClient,
    businessId: string,
    memberId: string,
    make: Parameters<ClubService['change']>[2],
  ): Promise<ClubMembershipView> {
    {
      if (!(await this.repo.lockMember(businessId, memberId, client))) throw new NotFoundError('Member');
      const club = await this.requireClub(client, businessId);
      const tz = await this.timeZone(client, businessId);
      const now = this.clock.now();
      const rows = await this.repo.events(businessId, memberId, club.definition.id, client);
      const opts = { timeZone: tz, memberId };
      const before = clubMembership(club.definition, rows.map(toClubEvent), now, opts);
      const event = await make({ club, rows, before, now, timeZone: tz, tx: client });
      let all = rows;
      if (event) {
        // The library checks the event against the club first (wrong kind, closed invitation: 422).
        clubMembership(club.definition, [...rows, event].map(toClubEvent), now, opts);
        if (await this.repo.insertEvent(businessId, memberId, club.definition.id, event, client))
          all = [...rows, event];
      }
      const after = clubMembership(club.definition, all.map(toClubEvent), now, opts);
      await this.postBonuses(client, businessId, memberId, after);
      return this.view(club, after, all, tz);
    }
  }

  private async postBonuses(tx: PoolClient, businessId: string, memberId: string, m: ClubMembership) {
    for (const b of m.bonuses) {
      await this.ledger.earn({
        businessId,
        idempotencyKey: b.key,
        at: new Date(b.at),
        account: { unit: 'points', ownerType: 'member', ownerId: memberId },
        amount: b.points,
        reason: b.reason,
        reference: b.key,
        metadata: { clubId: b.tierId },
        client: tx,
      });
    }
  }

  /**
   * Open club: the member joins, agreeing to the consent wording shown to them
   * (it must be the club's current wording); when (now), where (`source`) and
   * the wording are recorded.
   */
  optIn(
    businessId: string,
    memberId: string,
    dto: { consentWording: string },
    source: 'app' | 'counter' | 'console',
    actorId: string | null,
  ): Promise<ClubMembershipView> {
    return this.change(businessId, memberId, ({ club, before, now }) => {
      if (club.definition.access.kind !== 'open')
        throw new DomainError(
          ErrorCode.CLUB_ACCESS_MISMATCH,
          `This club is ${club.definition.access.kind} only`,
          {
            access: club.definition.access.kind,
          },
        );
      if (dto.consentWording.trim() !== club.consentWording.trim())
        throw new ConflictError('The consent wording has changed: show the current wording and ask again', {
          consentWording: club.consentWording,
        });
      if (before.active) return null;
      return {
        kind: 'opt_in',
        at: now,
        consent: club.consentWording,
        source,
        paymentId: null,
        amount: null,
        code: null,
        expiresAt: null,
        actorId,
      };
    });
  }

  /** Open club: the member leaves (they can join again later). */
  optOut(businessId: string, memberId: string, source: 'app' | 'console', actorId: string | null) {
    return this.change(businessId, memberId, ({ club, before, now }) => {
      if (club.definition.access.kind !== 'open')
        throw new DomainError(ErrorCode.CLUB_ACCESS_MISMATCH, 'Only an open club can be left by the member', {
          access: club.definition.access.kind,
        });
      if (!before.active) throw new ConflictError('Not a member of the club');
      return { ...blank(now, source, actorId), kind: 'opt_out' };
    });
  }

  /** Ends a membership at once (the owner removes a member); any access kind. */
  cancel(businessId: string, memberId: string, actorId: string | null) {
    return this.change(businessId, memberId, ({ before, now }) => {
      if (!before.active) throw new ConflictError('Not a member of the club');
      return { ...blank(now, 'console', actorId), kind: 'cancelled' };
    });
  }

  /** Invitation-only club: a new invitation code for the member (valid for the club's inviteValidDays). */
  async invite(businessId: string, memberId: string, actorId: string | null): Promise<ClubInvitationView> {
    let issued: { code: string; expiresAt: Date } | null = null;
    const view = await this.change(businessId, memberId, ({ club, before, now }) => {
      const a = club.definition.access;
      if (a.kind !== 'invitation')
        throw new DomainError(ErrorCode.CLUB_ACCESS_MISMATCH, `This club is ${a.kind}, not invitation-only`, {
          access: a.kind,
        });
      if (before.active) throw new ConflictError('Already a member of the club');
      const code = newInviteCode();
      const expiresAt = new Date(now.getTime() + a.inviteValidDays * 86_400_000);
      issued = { code, expiresAt };
      return { ...blank(now, 'console', actorId), kind: 'invited', code, expiresAt };
    });
    const i = issued as unknown as { code: string; expiresAt: Date };
    return {
      code: i.code,
      expiresAt: i.expiresAt.toISOString(),
      link: `/me?club-invite=${i.code}`,
      membership: view,
    };
  }

  /**
   * The member accepts or refuses an invitation code. A code of another member
   * (or of no one) is not found; an expired, used or refused one, or a member
   * already in the club, is refused (409 with the reason).
   */
  respond(businessId: string, memberId: string, code: string, answer: 'accepted' | 'refused') {
    return this.change(businessId, memberId, async ({ club, rows, now, timeZone, tx }) => {
      const invitee = await this.repo.inviteeOf(businessId, code, tx);
      if (invitee !== memberId) throw new NotFoundError('Invitation');
      const check = checkInvitation(club.definition, rows.map(toClubEvent), code, now, {
        timeZone,
        memberId,
      });
      if (!check.ok)
        throw new ConflictError(
          {
            expired: 'This invitation has expired',
            used: 'This invitation was already used',
            refused: 'This invitation was refused',
            already_member: 'Already a member of the club',
            unknown: 'Unknown invitation',
          }[check.reason],
          { reason: check.reason },
        );
      return { ...blank(now, 'app', null), kind: answer, code };
    });
  }

  /** Records the membership payments in a purchase (lines of the club's sku); idempotent per line unit. */
  async recordPurchasePayments(
    businessId: string,
    purchaseId: string,
    tx?: PoolClient,
  ): Promise<ClubMembershipView | null> {
    const q = tx ?? this.pool;
    const club = await this.repo.club(businessId, q);
    if (!club || club.definition.access.kind !== 'paid' || !club.membershipSku) return null;
    const p = await this.repo.purchaseLines(businessId, purchaseId, club.membershipSku, q);
    if (!p || !p.lines.length) return null;
    return this.change(
      businessId,
      p.memberId,
      async ({ club: c, tx, rows }) => {
        // Each unit is one term: the first is returned to change(); any further units go in directly.
        const units = clubPayments(purchaseId, p.occurredAt, p.lines).filter(
          (u) => !rows.some((r) => r.kind === 'payment' && r.paymentId === u.paymentId),
        );
        for (const u of units.slice(1))
          await this.repo.insertEvent(businessId, p.memberId, c.definition.id, u, tx);
        rows.push(...units.slice(1));
        return units[0] ?? null;
      },
      tx,
    );
  }

  /**
   * A return of membership products gives their fees back: each returned unit
   * refunds one payment of that purchase line (the last units first), which
   * takes its term off the membership (ended at once when nothing is left).
   * Idempotent: a unit already refunded is skipped.
   */
  async recordReturnRefunds(businessId: string, returnId: string, tx?: PoolClient): Promise<void> {
    const q = tx ?? this.pool;
    const club = await this.repo.club(businessId, q);
    if (!club || club.definition.access.kind !== 'paid' || !club.membershipSku) return;
    const ret = await this.repo.returnOf(businessId, returnId, q);
    if (!ret) return;
    const p = await this.repo.purchaseLines(businessId, ret.purchaseId, club.membershipSku, q);
    if (!p || !p.lines.length) return;
    await this.change(
      businessId,
      p.memberId,
      async ({ club: c, tx: t, rows }) => {
        const done = new Set(rows.filter((r) => r.kind === 'refunded').map((r) => r.paymentId));
        const paid = new Set(rows.filter((r) => r.kind === 'payment').map((r) => r.paymentId));
        const refunds: ClubEventRow[] = [];
        for (const l of p.lines) {
          const asked =
            ret.lines === 'all' ? l.quantity : (ret.lines.find((x) => x.lineId === l.lineId)?.quantity ?? 0);
          let left = asked;
          for (let unit = l.quantity; unit >= 1 && left > 0; unit--) {
            const id = `${ret.purchaseId}:${l.lineId}:${unit}`;
            if (done.has(id) || !paid.has(id)) continue;
            refunds.push({ ...blank(ret.at, 'counter', null), kind: 'refunded', paymentId: id });
            done.add(id);
            left--;
          }
        }
        for (const r of refunds.slice(1))
          await this.repo.insertEvent(businessId, p.memberId, c.definition.id, r, t);
        rows.push(...refunds.slice(1));
        return refunds[0] ?? null;
      },
      tx,
    );
  }

  /** The member's own view: the club (what joining means) and their membership. */
  async mine(businessId: string, memberId: string): Promise<MyClubView> {
    const club = await this.repo.club(businessId, this.pool);
    if (!club) return { club: null, membership: null };
    const a = club.definition.access;
    return {
      club: {
        name: club.definition.name,
        access: a.kind,
        fee: a.kind === 'paid' ? a.fee : null,
        termMonths: a.kind === 'paid' ? a.termMonths : null,
        currency: await this.currency(businessId),
        consentWording: a.kind === 'open' ? club.consentWording : null,
        benefits: club.definition.benefits as unknown as Record<string, unknown>,
      },
      membership: await this.membership(businessId, memberId),
    };
  }

  /** The clubs active for a member at `at` (the benefit sources besides the tier). */
  async activeClubs(
    q: Pool | PoolClient,
    businessId: string,
    memberId: string,
    at: Date,
    /** The club and time zone when the caller has them (one query less each). */
    known?: { club: ClubDefinition; timeZone: string },
  ): Promise<ClubDefinition[]> {
    const club = known?.club ?? (await this.repo.club(businessId, q))?.definition;
    if (!club) return [];
    const tz = known?.timeZone ?? (await this.timeZone(q, businessId));
    const rows = await this.repo.events(businessId, memberId, club.id, q);
    const m = clubMembership(club, rows.map(toClubEvent), at, { timeZone: tz, memberId });
    return m.active ? [club] : [];
  }
}

const blank = (at: Date, source: string, actorId: string | null): ClubEventRow => ({
  kind: 'opt_out',
  at,
  consent: null,
  source,
  paymentId: null,
  amount: null,
  code: null,
  expiresAt: null,
  actorId,
});

/** One payment event per unit of each membership line: the paid amount split exactly over the units. */
export function clubPayments(
  purchaseId: string,
  at: Date,
  lines: { lineId: string; quantity: number; amount: number }[],
): ClubEventRow[] {
  const out: ClubEventRow[] = [];
  for (const l of lines) {
    for (let i = 0; i < l.quantity; i++) {
      const amount = Math.floor((l.amount * (i + 1)) / l.quantity) - Math.floor((l.amount * i) / l.quantity);
      if (amount < 1) continue; // a free membership line (fully discounted) buys nothing
      out.push({
        ...blank(at, 'counter', null),
        kind: 'payment',
        paymentId: `${purchaseId}:${l.lineId}:${i + 1}`,
        amount,
      });
    }
  }
  return out;
}
