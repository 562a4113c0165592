import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { tryDayNumber } from '@regulars/retention';
import { LOST_DEFAULTS, lostCustomers } from './lost';
import { RetentionDataRepository } from './retention-data';
import type { LostReportView } from './retention.dto';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The owner's retention reports over live purchases and imported history. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly data: RetentionDataRepository,
    private readonly clock: Clock,
  ) {}

  private async context(businessId: string, asOf?: string) {
    const b = await this.data.today(businessId, this.clock.now());
    if (!b) throw new NotFoundError('Business');
    if (asOf !== undefined && (tryDayNumber(asOf) === null || asOf > b.today))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'asOf must be a calendar date, not after today', {
        fields: [{ field: 'asOf', problems: ['a calendar date YYYY-MM-DD, not after today'] }],
      });
    return this.data.load(businessId, asOf ?? b.today, b.currency, b.timeZone);
  }

  async lost(businessId: string, q: { asOf?: string; lapseDays?: string }): Promise<LostReportView> {
    const d = await this.context(businessId, q.asOf);
    const lapseDays = q.lapseDays ? Number(q.lapseDays) : LOST_DEFAULTS.lapseDays;
    const r = lostCustomers(d.orders, d.asOf, { lapseDays });
    return {
      asOf: r.asOf,
      currency: d.currency,
      lapseDays,
      definition:
        `A customer (member, or imported customer not matched to a member) is lost when more than ${lapseDays} days ` +
        `have passed since their last purchase (live or imported); they count in the month of the first such day ` +
        `(last purchase + ${lapseDays + 1} days), for the 12 calendar months ending with ${r.asOf.slice(0, 7)}. ` +
        `Monthly value = their total spend / the months from their first to their last purchase (at least 1). ` +
        `Future value = what they were expected to bring in the 12 months after their last visit, discounted at ` +
        `${LOST_DEFAULTS.discountRate * 100} % a month: from the BG/NBD and Gamma-Gamma models when both are usable, ` +
        `otherwise monthly value × 12 discounted months. Amounts in minor units of ${d.currency}.`,
      method: r.method,
      modelReasons: r.modelReasons,
      months: r.months.map((m) => ({
        month: m.month,
        lost: m.lost,
        monthlyValue: Math.round(m.monthlyValue),
        futureValue: Math.round(m.futureValue),
      })),
      totals: {
        lost: r.totals.lost,
        monthlyValue: Math.round(r.totals.monthlyValue),
        futureValue: Math.round(r.totals.futureValue),
      },
      customers: r.customers.map((c) => {
        const who = d.customers.get(c.customerId);
        return {
          customerId: c.customerId,
          name: who?.name ?? c.customerId,
          source: who?.source ?? (c.customerId.startsWith('h:') ? 'imported' : 'member'),
          firstDay: c.firstDay,
          lastDay: c.lastDay,
          lostOn: c.lostOn,
          month: c.month,
          visits: c.visits,
          totalSpend: c.totalSpend,
          activeMonths: round3(c.activeMonths),
          monthlyValue: Math.round(c.monthlyValue),
          futureValue: Math.round(c.futureValue),
          futureMethod: c.futureMethod,
          arithmetic: c.arithmetic,
        };
      }),
    };
  }
}

/** A report's rows as CSV text (header line first). */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify(rows, { header: true, columns, record_delimiter: '\r\n' });
}
