import { Injectable } from '@nestjs/common';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { HOLDOUT_TYPES, HOLDOUT_WINDOWS, HoldoutType } from './holdout';
import type { HoldoutGroupView, HoldoutReportView, HoldoutSettingsView } from './holdouts.views';
import { HoldoutReportRow, TriggersRepository } from './triggers.repository';

const group = (r: HoldoutReportRow | undefined): HoldoutGroupView => {
  const members = r?.members ?? 0;
  const returned = r?.returned ?? 0;
  const spend = r?.spend ?? 0;
  return {
    members,
    returned,
    returnRate: members ? Math.round((returned / members) * 10_000) / 10_000 : 0,
    spend,
    spendPerMember: members ? Math.round(spend / members) : 0,
    pending: r?.pending ?? 0,
  };
};

const csvCell = (v: string | number) =>
  /[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);

/** Holdout groups of the campaign-like triggers: the share per trigger and the messaged-vs-holdout report. */
@Injectable()
export class HoldoutsService {
  constructor(
    private readonly repo: TriggersRepository,
    private readonly clock: Clock,
  ) {}

  async settings(businessId: string): Promise<HoldoutSettingsView> {
    const shares = await this.repo.holdoutShares(businessId);
    return { items: HOLDOUT_TYPES.map((type) => ({ type, shareBp: shares.get(type) ?? 0 })) };
  }

  async update(businessId: string, type: HoldoutType, shareBp: number) {
    await this.repo.saveHoldoutShare(businessId, type, shareBp, this.clock.now());
    return { type, shareBp };
  }

  async report(
    businessId: string,
    type: HoldoutType,
    q: { from?: string; to?: string },
  ): Promise<HoldoutReportView> {
    const from = q.from ? new Date(q.from) : null;
    const to = q.to ? new Date(q.to) : null;
    if (from && to && from.getTime() >= to.getTime())
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'from must be before to', {
        fields: [{ field: 'from', problems: ['must be before to'] }],
      });
    const business = await this.repo.business(businessId);
    if (!business) throw new NotFoundError('Business');
    const now = this.clock.now();
    const rows = await this.repo.holdoutReport(businessId, type, HOLDOUT_WINDOWS, now, from, to);
    return {
      type,
      shareBp: await this.repo.holdoutShare(businessId, type),
      currency: business.currency,
      asOf: now.toISOString(),
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      windows: HOLDOUT_WINDOWS.map((days) => {
        const messaged = group(rows.find((r) => r.days === days && !r.holdout));
        const holdout = group(rows.find((r) => r.days === days && r.holdout));
        return {
          days,
          messaged,
          holdout,
          returnRateLift: Math.round((messaged.returnRate - holdout.returnRate) * 10_000) / 10_000,
          spendPerMemberLift: messaged.spendPerMember - holdout.spendPerMember,
        };
      }),
    };
  }

  /** The report as CSV (RFC 4180): one row per window and group; money in minor units with its currency. */
  async reportCsv(businessId: string, type: HoldoutType, q: { from?: string; to?: string }): Promise<string> {
    const r = await this.report(businessId, type, q);
    const lines = [
      [
        'trigger',
        'window_days',
        'group',
        'members',
        'returned',
        'return_rate',
        'spend_minor',
        'spend_per_member_minor',
        'currency',
        'pending',
      ],
    ];
    for (const w of r.windows)
      for (const [name, g] of [
        ['messaged', w.messaged],
        ['holdout', w.holdout],
      ] as const)
        lines.push([
          r.type,
          String(w.days),
          name,
          String(g.members),
          String(g.returned),
          g.returnRate.toFixed(4),
          String(g.spend),
          String(g.spendPerMember),
          r.currency,
          String(g.pending),
        ]);
    return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }
}
