import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import {
  aovFallingBusinessOf,
  aovFallingCustomersOf,
  categoryDroppedOf,
  cohortRetentionOf,
  concentration,
  dayNumber,
  dryingUpOf,
  isoDay,
  tryDayNumber,
  valueSegments,
} from '@regulars/retention';
import { LOST_DEFAULTS, lostCustomers } from './lost';
import { RetentionDataRepository } from './retention-data.repository';
import type { LostReportView } from './retention.dto';
import type { ReviewView } from './review.dto';
import type { SummaryRebuildView } from './summary.dto';
import { rebuildSummaries } from './summary.repository';
import { DataSource } from 'typeorm';

/** Cohort rows the review returns (the most recent). */
export const REVIEW_COHORTS = 24;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The owner's retention reports over live purchases and imported history. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly data: RetentionDataRepository,
    private readonly clock: Clock,
    private readonly ds: DataSource,
  ) {}

  private async context(businessId: string, asOf?: string) {
    const b = await this.data.today(businessId, this.clock.now());
    if (!b) throw new NotFoundError('Business');
    if (asOf !== undefined && (tryDayNumber(asOf) === null || asOf > b.today))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'asOf must be a calendar date, not after today', {
        fields: [{ field: 'asOf', problems: ['a calendar date YYYY-MM-DD, not after today'] }],
      });
    return this.data.load(businessId, asOf ?? b.today, b.currency, b.timeZone, { categories: false });
  }

  /** Recomputes the retention summaries of the business from the sources (summary.repository.ts). */
  async rebuildSummaries(businessId: string): Promise<SummaryRebuildView> {
    const started = performance.now();
    const r = await this.ds.transaction((m) => rebuildSummaries(businessId, m));
    return { ...r, millis: Math.round(performance.now() - started) };
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
  async review(businessId: string, q: { month?: string }): Promise<ReviewView> {
    const b = await this.data.today(businessId, this.clock.now());
    if (!b) throw new NotFoundError('Business');
    const month = q.month ?? b.today.slice(0, 7);
    if (month > b.today.slice(0, 7))
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'month must not be after the current month', {
        fields: [{ field: 'month', problems: ['not after the current month'] }],
      });
    const end = monthEnd(month);
    const asOf = end < b.today ? end : b.today;
    // Per-customer histories (retention_customer_histories: one row per customer, day numbers): the same numbers
    // as the Purchase-based detectors (libs/retention histories.spec.ts), in seconds at 100k customers.
    const [{ histories, categories: categoryHistories }, customers] = await Promise.all([
      this.data.histories(businessId, asOf),
      this.data.customers(businessId),
    ]);
    const name = (id: string) => customers.get(id)?.name ?? id;
    const yearAgo = dayNumber(asOf) - 364;
    const lastYear: number[] = [];
    const lifetime: { customerId: string; value: number }[] = [];
    // Enrolment: the day a member joined, or their first purchase (imported history) when earlier.
    const enrolments = new Map<string, string>();
    for (const h of histories) {
      if (!h.days.length) continue;
      let total = 0;
      let year = 0;
      for (let i = 0; i < h.days.length; i++) {
        total += h.amounts[i];
        if (h.days[i] >= yearAgo) year += h.amounts[i];
      }
      lifetime.push({ customerId: h.customerId, value: total });
      if (h.days[h.days.length - 1] >= yearAgo) lastYear.push(year);
      const f = isoDay(h.days[0]);
      const joined = customers.get(h.customerId)?.joinedOn ?? null;
      enrolments.set(h.customerId, joined !== null && joined < f ? joined : f);
    }
    const segments = valueSegments(lifetime);
    return {
      month,
      asOf,
      currency: b.currency,
      definition:
        'Orders are a customer’s purchases of one local day (live purchases less returned lines, and imported history). ' +
        'Alerts are the @regulars/retention detectors with their default thresholds (docs/RETENTION.md): ' +
        'average order value falling over the last 3 complete months (business-wide and per customer), ' +
        'regulars drying up, a product range a customer stopped buying. 80/20: share of the revenue of the 365 days ' +
        'to asOf from the top 20 % of that period’s customers. Segments: customers by lifetime revenue to asOf ' +
        '(top 20 %, middle 30 %, low 50 %). Cohorts: by enrolment month (joining day, or the first purchase if earlier), ' +
        `the last ${REVIEW_COHORTS}. Amounts in minor units of ${b.currency}.`,
      alerts: {
        aovFallingBusiness: [aovFallingBusinessOf(histories, asOf)].flatMap((a) =>
          a ? [{ ...a, name: null }] : [],
        ),
        aovFallingCustomers: aovFallingCustomersOf(histories, asOf).map((a) => ({
          ...a,
          name: a.customerId ? name(a.customerId) : null,
        })),
        dryingUp: dryingUpOf(histories, asOf).map((a) => ({
          kind: a.kind,
          customerId: a.customerId,
          name: name(a.customerId),
          evidence: a.evidence,
        })),
        categoryDropped: categoryDroppedOf(categoryHistories, asOf).map((a) => ({
          kind: a.kind,
          customerId: a.customerId,
          name: name(a.customerId),
          evidence: a.evidence,
        })),
      },
      concentration: concentration(lastYear, 0.2),
      segments: segments.segments,
      cohorts: cohortRetentionOf(histories, asOf, enrolments).slice(-REVIEW_COHORTS),
    };
  }
}

/** The last day of a month 'YYYY-MM'. */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** A report's rows as CSV text (header line first). */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify(rows, { header: true, columns, record_delimiter: '\r\n' });
}
