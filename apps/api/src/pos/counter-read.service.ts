import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { parseHolderSnapshot, type HolderSnapshot } from '@regulars/ledger';
import type { TierState } from '@regulars/tiers';
import { TtlCache } from '../common/ttl-cache';
import { checkScannedCard, MembersService } from '../members/members.service';
import { RulesService } from '../rules/rules.service';
import { storedViewAt, storedViewRead, TiersService, type StoredViewRead } from '../tiers/tiers.service';
import { buildSummary, soonWindow, type CounterMember, type LoyaltySummary } from './loyalty-read.service';
import type { MemberRefDto } from './pos.dto';
import { PosRepository, type CounterClubEvent, type CounterRow } from './pos.repository';

/** A member reference from the counter, checked (counterRef). */
export type CounterRef = { key: string } & ({ cardId: string } | { memberNumber: string });

/** What the counter read: the member, their balances, and the card scanned (null for a member number). */
export interface CounterRead {
  member: CounterMember;
  snapshot: HolderSnapshot;
  cardId: string | null;
  since: Date;
  /**
   * The member's stored tier state and its tier (member_tier_states), read by the same query.
   * The state is left out (null, tierStateOmitted) while the stored view is exact at the read's
   * instant: the scan then needs only the view; tierStateOf reads the state when needed after all.
   */
  tierState: TierState | null;
  tierStateOmitted: boolean;
  tierId: string | null;
  /** The stored tier view with its key and interval (null: none stored yet). */
  tierView: StoredViewRead | null;
  /** The member's club events (club_events), read by the same query: the club multiplier's input. */
  clubEvents: CounterClubEvent[];
}

/**
 * How long a counter read is reused by the purchase that follows the scan. The
 * purchase call checks everything it reuses (card, member, balances, tier)
 * under the member lock, so this bounds memory, not correctness.
 */
const COUNTER_READ_TTL_MS = 30_000;

/**
 * The counter read: the member named at the counter (card payload or member
 * number) with balances, points expiring soon and stored tier, in one query;
 * remembered for the purchase that usually follows the scan.
 */
@Injectable()
export class CounterReadService {
  /** The last counter read per card or member number (see COUNTER_READ_TTL_MS). */
  private readonly reads = new TtlCache<CounterRead>(COUNTER_READ_TTL_MS, 50_000);

  constructor(
    private readonly repo: PosRepository,
    private readonly members: MembersService,
    private readonly rules: RulesService,
    private readonly tiers: TiersService,
    private readonly clock: Clock,
  ) {}

  /**
   * The card or member number named at the counter, checked: exactly one of
   * them, and a card payload's signature and business.
   */
  ref(businessId: string, ref: MemberRefDto & { payload?: string }): CounterRef {
    const payload = ref.cardPayload ?? ref.payload;
    if ((payload === undefined) === (ref.memberNumber === undefined)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Give exactly one of cardPayload and memberNumber', {
        fields: [{ field: 'member', problems: ['exactly one of cardPayload, memberNumber'] }],
      });
    }
    if (payload !== undefined) {
      const cardId = this.members.verifyScanPayload(businessId, payload);
      return { cardId, key: `${businessId}|card|${cardId}` };
    }
    return { memberNumber: ref.memberNumber!, key: `${businessId}|number|${ref.memberNumber}` };
  }

  /** Reads the member now (one query) and remembers the read. */
  async read(businessId: string, ref: CounterRef, now: Date): Promise<CounterRead> {
    const w = soonWindow(now);
    // The tier view key (cached 5 s with the tier programs): the query brings the state along
    // when the stored view was computed under other program versions or another time zone.
    const viewKey = (await this.tiers.cachedSetup(businessId))?.viewKey ?? null;
    let row: CounterRow | undefined;
    if ('cardId' in ref) {
      row = await this.repo.counterReadByCard(businessId, ref.cardId, w, viewKey);
      checkScannedCard(row ? { status: row.card_status!, revokedAt: row.revoked_at ?? null } : null);
    } else {
      if (/^\d{1,18}$/.test(ref.memberNumber))
        row = await this.repo.counterReadByNumber(businessId, ref.memberNumber, w, viewKey);
      if (!row) throw new NotFoundError('Member');
    }
    const read: CounterRead = {
      member: {
        id: row!.id,
        memberNumber: String(row!.member_number),
        firstName: row!.first_name,
        lastName: row!.last_name,
      },
      snapshot: parseHolderSnapshot(row!.snapshot),
      cardId: 'cardId' in ref ? ref.cardId : null,
      since: row!.created_at,
      tierState: row!.tier_state,
      tierStateOmitted: row!.tier_view_now,
      tierId: row!.tier_id,
      tierView: storedViewRead(row!.tier_view, row!.tier_view_key, row!.tier_view_from, row!.tier_view_until),
      clubEvents: row!.club_events ?? [],
    };
    this.reads.set(ref.key, read);
    return read;
  }

  /** The read's tier state, read now when the counter read left it out (kept on the read for its purchase). */
  async tierStateOf(businessId: string, read: CounterRead): Promise<TierState | null> {
    if (read.tierStateOmitted) {
      read.tierState = await this.repo.tierStateOf(businessId, read.member.id);
      read.tierStateOmitted = false;
    }
    return read.tierState;
  }

  /** The remembered read of this card or member number, if any (the purchase after a scan). */
  remembered(ref: CounterRef): CounterRead | undefined {
    return this.reads.get(ref.key);
  }

  remember(ref: CounterRef, read: CounterRead): void {
    this.reads.set(ref.key, read);
  }

  forget(ref: CounterRef): void {
    this.reads.delete(ref.key);
  }

  /** The member named at the counter, without balances (redemptions). */
  async member(businessId: string, ref: MemberRefDto): Promise<CounterMember> {
    return (await this.read(businessId, this.ref(businessId, ref), this.clock.now())).member;
  }

  /** POST /api/scan: everything the cashier needs about the member, in one query (plus cached rules). */
  async scan(businessId: string, dto: MemberRefDto & { payload?: string }): Promise<LoyaltySummary> {
    const now = this.clock.now();
    const [read, { ruleSet }, catalogue, tiers] = await Promise.all([
      this.read(businessId, this.ref(businessId, dto), now),
      this.rules.cachedRulesAt(businessId, now),
      this.rules.listRewards(businessId),
      this.tiers.cachedSetup(businessId),
    ]);
    const { member, snapshot, since } = read;
    const summary = buildSummary(member, snapshot, ruleSet, catalogue);
    // The tier comes from the view stored with the state while it is exact (read by the same query),
    // else from the state (advanced to now in memory). A member without a stored state yet (no
    // purchase since the program started, not yet evaluated) shows none until then.
    if (tiers) {
      const stored = storedViewAt(tiers, read.tierView, now);
      if (stored) summary.tier = stored.view && this.tiers.withText(tiers, stored.view);
      else {
        const tierState = await this.tierStateOf(businessId, read);
        if (tierState && tierState.asOf !== null)
          summary.tier = this.tiers.view(tiers, { id: member.id, since }, tierState, now);
      }
    }
    // Rewards limited to tiers or club members: listed apart with the reason (issue 15).
    return this.tiers.lockSummaryRewards(businessId, summary, catalogue, now);
  }
}
