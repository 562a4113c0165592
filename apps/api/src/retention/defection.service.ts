import { Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { customerOutlook, dayNumber, isoDay, tryDayNumber } from '@regulars/retention';
import { RetentionDataRepository } from './retention-data.repository';
import { CallListHooks } from './call-list.hooks';
import { DefectionRepository } from './defection.repository';
import { DefectionCallEntity, type CallOutcome, type DefectionReason } from './retention.entities';
import type { AtRiskView, CallView, RecordCallDto, WhyView } from './defection.dto';

const invalid = (field: string, problem: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, `${field} ${problem}`, {
    fields: [{ field, problems: [problem] }],
  });

const keyOf = (c: { memberId: string | null; historyCustomerId: string | null }) =>
  c.memberId ?? `h:${c.historyCustomerId}`;

export const callView = (c: DefectionCallEntity): CallView => ({
  id: c.id,
  customerId: keyOf(c),
  staffId: c.staffId,
  calledAt: c.calledAt.toISOString(),
  reached: c.reached,
  reason: c.reason,
  reasonText: c.reasonText,
  outcome: c.outcome,
  followUpOn: c.followUpOn,
});

/** The defection workflow: who to call, what they said, who came back. */
@Injectable()
export class DefectionService {
  constructor(
    private readonly ds: DataSource,
    private readonly data: RetentionDataRepository,
    private readonly clock: Clock,
    private readonly hooks: CallListHooks,
    private readonly repo: DefectionRepository,
  ) {}

  private async business(businessId: string) {
    const b = await this.data.today(businessId, this.clock.now());
    if (!b) throw new NotFoundError('Business');
    return b;
  }

  async atRisk(businessId: string, limit: number): Promise<AtRiskView> {
    const b = await this.business(businessId);
    const d = await this.data.load(businessId, b.today, b.currency, b.timeZone, { categories: false });
    const outlook = customerOutlook(d.orders, { asOf: b.today });
    const yearAgo = isoDay(dayNumber(b.today) - 364);
    const value = new Map<string, number>();
    for (const o of d.orders)
      if (o.day >= yearAgo) value.set(o.customerId, (value.get(o.customerId) ?? 0) + o.amount);
    const flags = await this.hooks.flags(businessId);
    const ranked = outlook.customers
      .map((c) => {
        const v = value.get(c.customerId) ?? 0;
        const o = c.overdue;
        const risk =
          c.pAlive !== null
            ? 1 - c.pAlive
            : o.status === 'overdue' && o.overdueAfterDays !== null
              ? 1 - o.overdueAfterDays / o.daysSinceLast
              : 0;
        return { c, v, risk, score: v * risk };
      })
      .filter((x) => x.score > 0 || flags.has(x.c.customerId))
      .sort((x, y) => y.score - x.score || (x.c.customerId < y.c.customerId ? -1 : 1));
    // A flag (a survey detractor) stays until a call is recorded after it; flagged customers come first.
    const flaggedLast = await this.lastCalls(
      businessId,
      ranked.filter((x) => flags.has(x.c.customerId)).map((x) => x.c.customerId),
    );
    const open = (id: string) => {
      const f = flags.get(id);
      const call = flaggedLast.get(id);
      return f && (!call || new Date(call.calledAt) < f.at) ? f : undefined;
    };
    const chosen = [
      ...ranked.filter((x) => open(x.c.customerId)),
      ...ranked.filter((x) => !open(x.c.customerId) && x.score > 0),
    ].slice(0, limit);
    const last = await this.lastCalls(
      businessId,
      chosen.map((x) => x.c.customerId),
    );
    return {
      asOf: b.today,
      method: outlook.method,
      modelReasons: [...new Set([...outlook.models.purchases.reasons, ...outlook.models.spend.reasons])],
      definition:
        'Ranked by value × risk. Value: the customer’s revenue of the 365 days to today (minor units). Risk: 1 − P(alive) ' +
        'from the BG/NBD model when it is usable; otherwise, for customers the heuristic marks overdue (days since the ' +
        'last visit > 2 × their median gap, 3+ visits), 1 − (overdue threshold / days since the last visit) — 0 at the ' +
        'threshold, ½ at twice it — and 0 for everyone else. Customers flagged by another module (a survey detractor, ' +
        'score 0-6) come first, with the flag, until a call is recorded after it.',
      customers: chosen.map(({ c, v, risk, score }) => {
        const who = d.customers.get(c.customerId);
        const flag = open(c.customerId);
        return {
          ...(flag && {
            flag: { kind: flag.kind, score: flag.score, comment: flag.comment, at: flag.at.toISOString() },
          }),
          customerId: c.customerId,
          name: who?.name ?? c.customerId,
          source: who?.source ?? 'imported',
          lastVisit: c.overdue.lastVisit,
          daysSinceLast: c.overdue.daysSinceLast,
          visits: c.overdue.visits,
          overdueAfterDays: c.overdue.overdueAfterDays,
          pAlive: c.pAlive,
          value: v,
          risk,
          score: Math.round(score),
          lastCall: last.get(c.customerId) ?? null,
        };
      }),
    };
  }

  private async lastCalls(businessId: string, keys: string[]) {
    const out = new Map<string, NonNullable<AtRiskView['customers'][number]['lastCall']>>();
    if (!keys.length) return out;
    const members = keys.filter((k) => !k.startsWith('h:'));
    const history = keys.filter((k) => k.startsWith('h:')).map((k) => k.slice(2));
    const rows = await this.repo.lastCalls(businessId, members, history);
    for (const r of rows)
      out.set(r.k, {
        calledAt: new Date(r.called_at).toISOString(),
        reached: r.reached,
        outcome: r.outcome,
        reason: r.reason,
        followUpOn: r.follow_up_on,
      });
    return out;
  }

  async record(businessId: string, staffId: string, dto: RecordCallDto): Promise<DefectionCallEntity> {
    const b = await this.business(businessId);
    if (!dto.reached) {
      if (dto.reason !== undefined) throw invalid('reason', 'is only known when the customer was reached');
      if (dto.reasonText !== undefined)
        throw invalid('reasonText', 'is only known when the customer was reached');
      if (dto.outcome !== 'no_answer' && dto.outcome !== 'call_back')
        throw invalid('outcome', 'must be no_answer or call_back when the customer was not reached');
    } else if (dto.outcome === 'no_answer')
      throw invalid('outcome', 'cannot be no_answer when the customer was reached');
    if (dto.reason === 'other' && dto.reasonText === undefined)
      throw invalid('reasonText', 'is required with reason other');
    if (dto.followUpOn !== undefined && (tryDayNumber(dto.followUpOn) === null || dto.followUpOn < b.today))
      throw invalid('followUpOn', 'must be a calendar date, today or later');
    const isHistory = dto.customerId.startsWith('h:');
    const id = isHistory ? dto.customerId.slice(2) : dto.customerId;
    if (!(await this.repo.customerExists(businessId, id, isHistory))) throw new NotFoundError('Customer');
    const repo = this.ds.getRepository(DefectionCallEntity);
    return repo.save(
      repo.create({
        businessId,
        memberId: isHistory ? null : id,
        historyCustomerId: isHistory ? id : null,
        staffId,
        calledAt: this.clock.now(),
        reached: dto.reached,
        reason: (dto.reason as DefectionReason | undefined) ?? null,
        reasonText: dto.reasonText ?? null,
        outcome: dto.outcome as CallOutcome,
        followUpOn: dto.followUpOn ?? null,
      }),
    );
  }

  async list(businessId: string, customerId?: string): Promise<DefectionCallEntity[]> {
    const where: FindOptionsWhere<DefectionCallEntity> = { businessId };
    if (customerId?.startsWith('h:')) where.historyCustomerId = customerId.slice(2);
    else if (customerId) where.memberId = customerId;
    return this.ds
      .getRepository(DefectionCallEntity)
      .find({ where, order: { calledAt: 'DESC', id: 'ASC' }, take: 500 });
  }

  async why(businessId: string, q: { from?: string; to?: string }): Promise<WhyView> {
    const b = await this.business(businessId);
    for (const [f, v] of [
      ['from', q.from],
      ['to', q.to],
    ] as const)
      if (v !== undefined && tryDayNumber(v) === null) throw invalid(f, 'must be a calendar date');
    const to = q.to ?? b.today;
    const from = q.from ?? isoDay(dayNumber(to) - 364);
    if (from > to) throw invalid('from', 'must be on or before to');
    const calls = await this.repo.calls(businessId, from, to);
    const firstCall = new Map<string, Date>();
    const latestReason = new Map<string, string>();
    const reached = new Set<string>();
    const texts = new Map<string, string[]>();
    for (const c of calls) {
      if (!firstCall.has(c.k)) firstCall.set(c.k, new Date(c.called_at));
      if (c.reached) reached.add(c.k);
      if (c.reason) {
        latestReason.set(c.k, c.reason);
        if (c.reason_text) texts.set(c.reason, [c.reason_text, ...(texts.get(c.reason) ?? [])]);
      }
    }
    const counts = new Map<string, number>();
    for (const r of latestReason.values()) counts.set(r, (counts.get(r) ?? 0) + 1);
    const withReason = latestReason.size;
    // Won back: any purchase (live, or imported for the same customer) after their first call of the period.
    const keys = [...firstCall.keys()];
    const returns = await this.repo.purchaseTimes(
      businessId,
      keys.filter((k) => !k.startsWith('h:')),
      keys.filter((k) => k.startsWith('h:')).map((k) => k.slice(2)),
    );
    const back = new Map<string, Date>();
    for (const r of returns) {
      const at = new Date(r.at);
      const first = firstCall.get(r.k);
      if (first && at > first && (!back.has(r.k) || at < back.get(r.k)!)) back.set(r.k, at);
    }
    const names = await this.data.customers(businessId);
    const wonBackCustomers = [...back]
      .map(([k, at]) => ({
        customerId: k,
        name: names.get(k)?.name ?? k,
        calledAt: firstCall.get(k)!.toISOString(),
        returnedAt: at.toISOString(),
      }))
      .sort((x, y) => (x.returnedAt < y.returnedAt ? -1 : x.returnedAt > y.returnedAt ? 1 : 0));
    return {
      from,
      to,
      definition:
        'Calls recorded on local days from..to. Reasons: each reached customer counts once, under the latest reason given ' +
        'in the period. Won back: a called customer with a purchase (live or imported) after their first call of the period.',
      called: firstCall.size,
      reached: reached.size,
      reasons: [...counts]
        .map(([reason, n]) => ({
          reason,
          customers: n,
          share: withReason ? n / withReason : 0,
          texts: (texts.get(reason) ?? []).slice(0, 10),
        }))
        .sort((x, y) => y.customers - x.customers || (x.reason < y.reason ? -1 : 1)),
      wonBack: back.size,
      wonBackRate: firstCall.size ? back.size / firstCall.size : 0,
      wonBackCustomers,
    };
  }
}
