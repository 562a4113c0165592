import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import { localParts } from '@regulars/rules';
import { overdueStatus, dayNumber } from '@regulars/retention';
import { birthdayBonus, tierProgress, type TierProgramVersion } from '@regulars/tiers';
import { RebatesService } from '../rebates/rebates.service';
import { MessagingService } from './messaging.service';
import type { MessageType } from './templates';
import { TriggerBusiness, TriggersRepository } from './triggers.repository';

const DAY_MS = 86_400_000;

/** Tier reached: upgrades recorded within this window are announced (covers a worker that was down). */
export const TIER_REACHED_LOOKBACK_DAYS = 7;
/** Tier at risk: a member is told when their tier ends within this many days and the keep goal is not met. */
export const TIER_AT_RISK_DAYS = 30;
/** Rebate within reach: the missing volume is at most this share of the next bracket's target (basis points). */
export const REBATE_REACH_BP = 1000;
/** Win-back: customers whose last visit is older than this are not written to any more. */
export const WIN_BACK_MAX_DAYS = 365;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local hour the daily triggers (tier at risk, rebate within reach, win-back) run in. */
export const DAILY_HOUR = 10;

/**
 * Whether a cron run at `ms` is the day's run of the daily triggers in this
 * time zone: the quarter hour starting at DAILY_HOUR:00 local time. Their
 * conditions last for days, so a day whose slot was missed (downtime) is made
 * up the next day; birthday and tier reached run on every quarter hour.
 */
export function isDailySlot(ms: number, timeZone: string): boolean {
  const p = localParts(ms, timeZone);
  return p.hour === DAILY_HOUR && p.minute < 15;
}

/** The local date of an instant in a time zone, "YYYY-MM-DD". */
export function localDateOf(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * The month-days whose birthdays are celebrated on a local date: the date
 * itself, and on 28 February of a common year also 29 February.
 */
export function birthdayMonthDays(localDate: string): string[] {
  const [y, m, d] = localDate.split('-').map(Number);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const out = [`${pad(m)}-${pad(d)}`];
  if (m === 2 && d === 28 && !leap) out.push('02-29');
  return out;
}

/** The words of the birthday bonus line ({{reward}} in the birthday template). */
function birthdayBonusLine(language: string, points: number, tierName: string): string {
  const n = new Intl.NumberFormat(language).format(points);
  return language.toLowerCase().startsWith('de')
    ? `Als ${tierName}-Mitglied schenken wir Ihnen ${n} Bonuspunkte.`
    : `As a ${tierName} member you get ${n} bonus points as our gift.`;
}

/** The program version in force at `t` (latest effective, highest version on a tie). */
function versionAt(versions: TierProgramVersion[], t: number): TierProgramVersion | null {
  let best: TierProgramVersion | null = null;
  for (const v of versions) {
    const from = Date.parse(String(v.effectiveFrom));
    if (from > t) continue;
    if (
      !best ||
      from > Date.parse(String(best.effectiveFrom)) ||
      (from === Date.parse(String(best.effectiveFrom)) && v.version > best.version)
    )
      best = v;
  }
  return best;
}

export interface ScheduledRunResult {
  birthday: number;
  tierReached: number;
  tierAtRisk: number;
  rebateWithinReach: number;
  winBack: number;
}

/**
 * The scheduled message triggers (cron task messages:scheduled, every 15
 * minutes): birthday, tier reached, tier at risk, rebate bracket within
 * reach and win-back. Each runs for the businesses whose template of its type
 * is enabled and hands every occasion to MessagingService.send() under a key
 * that names it, so a run repeated (another worker, a restart, the next
 * quarter hour) adds nothing.
 */
@Injectable()
export class ScheduledTriggers {
  private readonly logger = new Logger('MessageTriggers');

  constructor(
    private readonly repo: TriggersRepository,
    private readonly messaging: MessagingService,
    private readonly ledger: Ledger,
    private readonly rebates: RebatesService,
    private readonly clock: Clock,
  ) {}

  /**
   * One run. `cron: true` (the worker's quarter-hourly task) runs the daily
   * triggers only in each business's daily slot (isDailySlot); without it
   * (tests, the demo seed) every trigger runs.
   */
  async runOnce(opts: { cron?: boolean } = {}): Promise<ScheduledRunResult> {
    const out: ScheduledRunResult = {
      birthday: 0,
      tierReached: 0,
      tierAtRisk: 0,
      rebateWithinReach: 0,
      winBack: 0,
    };
    const now = this.clock.now().getTime();
    for (const b of await this.repo.businesses()) {
      const steps: [keyof ScheduledRunResult, MessageType, (b: TriggerBusiness) => Promise<number>][] = [
        ['birthday', 'birthday', (x) => this.birthdays(x)],
        ['tierReached', 'tier_reached', (x) => this.tierReached(x)],
      ];
      if (!opts.cron || isDailySlot(now, b.timeZone))
        steps.push(
          ['tierAtRisk', 'tier_at_risk', (x) => this.tierAtRisk(x)],
          ['rebateWithinReach', 'rebate_within_reach', (x) => this.rebateWithinReach(x)],
          ['winBack', 'win_back', (x) => this.winBack(x)],
        );
      for (const [field, type, step] of steps) {
        if (!(await this.messaging.template(b.id, type)).enabled) continue;
        try {
          out[field] += await step(b);
        } catch (e) {
          // One business's failure does not stop the others; the next run tries again.
          this.logger.error({ businessId: b.id, trigger: type, error: String(e) }, 'message trigger failed');
        }
      }
    }
    return out;
  }

  /**
   * Birthday: on the member's birthday in the business time zone (29 February
   * on 28 February in common years), once a year (key birthday:<member>:<year>).
   * The tier's birthday bonus is named when the member's tier has one.
   */
  async birthdays(b: TriggerBusiness): Promise<number> {
    const now = this.clock.now();
    const today = localDateOf(now.getTime(), b.timeZone);
    const year = Number(today.slice(0, 4));
    const members = await this.repo.birthdayMembers(b.id, birthdayMonthDays(today));
    if (!members.length) return 0;
    const versions = await this.repo.tierVersions(b.id);
    const program = versionAt(versions, now.getTime())?.program ?? null;
    const { language } = await this.messaging.settings(b.id);
    let n = 0;
    for (const m of members) {
      const variables: { reward?: string; points?: number; tier?: string } = {};
      if (program) {
        const tierId = await this.repo.storedTier(b.id, m.id);
        const tier = program.tiers.find((t) => t.id === tierId);
        // The bonus the tiers module credits today (libs/tiers birthdayBonus: same rules, same year).
        const bonus = tier
          ? birthdayBonus({
              memberId: m.id,
              birthday: m.birthday,
              year,
              timeZone: b.timeZone,
              source: { kind: 'tier', id: tier.id, name: tier.name, benefits: tier.benefits },
            })
          : null;
        if (tier && bonus) {
          variables.points = bonus.points;
          variables.tier = tier.name;
          variables.reward = birthdayBonusLine(language, bonus.points, tier.name);
        }
      }
      await this.messaging.send({
        businessId: b.id,
        memberId: m.id,
        type: 'birthday',
        channel: 'email',
        variables,
        idempotencyKey: `birthday:${m.id}:${year}`,
        marketing: true,
      });
      n++;
    }
    return n;
  }

  /** Tier reached: every upgrade (history reason `reached`) once (key tier-reached:<history key>). */
  async tierReached(b: TriggerBusiness): Promise<number> {
    const now = this.clock.now();
    const rows = await this.repo.tierReached(
      b.id,
      new Date(now.getTime() - TIER_REACHED_LOOKBACK_DAYS * DAY_MS),
    );
    if (!rows.length) return 0;
    const versions = await this.repo.tierVersions(b.id);
    let n = 0;
    for (const h of rows) {
      const v = versions.find((x) => x.version === h.programVersion) ?? versionAt(versions, h.at.getTime());
      const tier = v?.program.tiers.find((t) => t.id === h.toTier);
      await this.messaging.send({
        businessId: b.id,
        memberId: h.memberId,
        type: 'tier_reached',
        channel: 'email',
        variables: { tier: tier?.name ?? h.toTier },
        idempotencyKey: `tier-reached:${h.key}`.slice(0, 200),
        marketing: false,
      });
      n++;
    }
    return n;
  }

  /**
   * Tier at risk: the member's tier ends within TIER_AT_RISK_DAYS and what
   * is needed to keep it (spend, visits or points, as the program counts) is not met yet: once per tier period (key
   * tier-at-risk:<member>:<tier>:<last day>), with the missing amount.
   */
  async tierAtRisk(b: TriggerBusiness): Promise<number> {
    const now = this.clock.now();
    const ending = await this.repo.tiersEnding(
      b.id,
      now,
      new Date(now.getTime() + TIER_AT_RISK_DAYS * DAY_MS),
    );
    if (!ending.length) return 0;
    const versions = await this.repo.tierVersions(b.id);
    let n = 0;
    for (const e of ending) {
      const progress = tierProgress(
        { memberId: e.memberId, memberSince: e.memberSince.toISOString(), timeZone: b.timeZone, versions },
        e.state,
        now,
      );
      const keep = progress.items.find((i) => i.kind === 'keep' && !i.met && i.by !== null);
      if (!keep || progress.tierId !== keep.tierId) continue;
      await this.messaging.send({
        businessId: b.id,
        memberId: e.memberId,
        type: 'tier_at_risk',
        channel: 'email',
        variables: {
          tier: keep.tierName,
          goal: { metric: keep.metric, missing: keep.missing },
          ...(keep.metric === 'spend' && { amount: keep.missing }),
          expiryDate: keep.by!,
        },
        idempotencyKey: `tier-at-risk:${e.memberId}:${keep.tierId}:${keep.by}`,
        marketing: true,
      });
      n++;
    }
    return n;
  }

  /**
   * Rebate bracket within reach (business customers): a buyer whose company
   * needs at most REBATE_REACH_BP of the next bracket's target to reach it
   * (net amount basis), once per agreement, period and bracket.
   */
  async rebateWithinReach(b: TriggerBusiness): Promise<number> {
    const now = this.clock.now();
    let n = 0;
    for (const memberId of await this.repo.activeBuyers(b.id, now)) {
      const mine = await this.rebates.myRebates(b.id, memberId);
      for (const a of mine.agreements) {
        const st = a.statement as {
          basis?: string;
          next?: { index: number; target: number; volumeNeeded: number; by: string } | null;
        };
        const next = st.next;
        if (st.basis !== 'net_amount' || !next || next.volumeNeeded <= 0) continue;
        if (next.volumeNeeded * 10_000 > next.target * REBATE_REACH_BP) continue;
        await this.messaging.send({
          businessId: b.id,
          memberId,
          type: 'rebate_within_reach',
          channel: 'email',
          variables: { amount: next.volumeNeeded, expiryDate: next.by },
          idempotencyKey: `rebate-within-reach:${memberId}:${a.agreementId}:${a.period.key}:${next.index}`,
          marketing: true,
        });
        n++;
      }
    }
    return n;
  }

  /**
   * Win-back: customers the retention heuristic flags overdue (days since the
   * last visit > 2 x their median gap, at least 3 visits; libs/retention),
   * at most WIN_BACK_MAX_DAYS after that visit; once per lapse (key
   * win-back:<member>:<last visit day>). A holdout share applies (send()).
   */
  async winBack(b: TriggerBusiness): Promise<number> {
    const now = this.clock.now();
    const today = localDateOf(now.getTime(), b.timeZone);
    const todayN = dayNumber(today);
    const lapsed = await this.repo.lapsedVisitDays(
      b.id,
      b.timeZone,
      new Date(now.getTime() - (WIN_BACK_MAX_DAYS + 1) * DAY_MS),
      new Date(now.getTime() - DAY_MS),
    );
    let n = 0;
    for (const c of lapsed) {
      const a = overdueStatus(
        c.memberId,
        c.days.map((d) => dayNumber(d)),
        todayN,
      );
      if (a.status !== 'overdue' || a.daysSinceLast > WIN_BACK_MAX_DAYS) continue;
      const balances = await this.ledger.holderBalances({
        businessId: b.id,
        ownerType: 'member',
        ownerId: c.memberId,
      });
      const points = balances.find((x) => x.unit === 'points')?.balance.available ?? 0;
      await this.messaging.send({
        businessId: b.id,
        memberId: c.memberId,
        type: 'win_back',
        channel: 'email',
        variables: { points },
        idempotencyKey: `win-back:${c.memberId}:${a.lastVisit}`,
        marketing: true,
      });
      n++;
    }
    return n;
  }
}
