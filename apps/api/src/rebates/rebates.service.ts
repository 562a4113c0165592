import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { Sql } from '../database/db';
import { Clock, ConflictError, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { Ledger } from '@regulars/ledger';
import {
  localDateOf,
  periodAt,
  periodRebate,
  scheduledRunAt,
  settlementDue,
  settlementStageAt,
  splitPooledCumulative,
  startOfLocalDate,
  statement,
  validateAgreement,
  validateVersion,
  type Period,
  type RebateAgreement,
  type ValidationIssue,
} from '@regulars/rebates';
import { isUniqueViolation } from '../database/pg-errors';
import { accrualAccount } from './rebate-accrual.consumer';
import { storeCreditAccount } from './store-credit.service';
import type {
  AddBuyerDto,
  AmendAgreementDto,
  CreateAgreementDto,
  CreateCompanyDto,
  UpdateCompanyDto,
} from './rebates.dto';
import {
  type AgreementRow,
  type BuyerRow,
  type CompanyRow,
  RebatesRepository,
  type SettlementRow,
  toVersions,
  type VersionRow,
} from './rebates.repository';
import type {
  AgreementView,
  BuyerView,
  CompanyView,
  MyRebatesView,
  ScheduledRunView,
  SettlementPreviewView,
  SettlementView,
  StatementView,
  VerifyView,
} from './rebates.views';

const invalid = (message: string, errors: ValidationIssue[]) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, message, { errors });

const taxIdTaken = (taxId: string) =>
  new ConflictError(`Another company already has the tax id ${taxId}`, { taxId });

const buyerView = (b: BuyerRow): BuyerView => ({
  id: b.id,
  companyId: b.company_id,
  memberId: b.member_id,
  memberNumber: b.member_number,
  name: [b.first_name, b.last_name].filter(Boolean).join(' '),
  startedAt: b.started_at.toISOString(),
  endedAt: b.ended_at ? b.ended_at.toISOString() : null,
});

const companyView = (c: CompanyRow, buyers: BuyerRow[]): CompanyView => ({
  id: c.id,
  legalName: c.legal_name,
  taxId: c.tax_id,
  billingName: c.billing_name,
  billingEmail: c.billing_email,
  createdAt: c.created_at.toISOString(),
  updatedAt: c.updated_at.toISOString(),
  buyers: buyers.filter((b) => b.company_id === c.id).map(buyerView),
});

const agreementView = (a: AgreementRow, versions: VersionRow[]): AgreementView => ({
  id: a.id,
  name: a.name,
  settings: a.settings as unknown as Record<string, unknown>,
  versions: versions.map((v) => ({
    version: v.version,
    effectiveFrom: v.effective_from,
    terms: v.terms as unknown as Record<string, unknown>,
    createdAt: v.created_at.toISOString(),
  })),
  createdAt: a.created_at.toISOString(),
});

export const settlementView = (s: SettlementRow): SettlementView => ({
  id: s.id,
  agreementId: s.agreement_id,
  periodKey: s.period_key,
  seq: s.seq,
  stage: s.stage,
  number: s.number,
  payout: s.payout,
  rebate: Number(s.rebate),
  alreadyPaid: Number(s.already_paid),
  amount: Number(s.amount),
  volume: Number(s.volume),
  lines: s.lines,
  createdAt: s.created_at.toISOString(),
});

export interface ScheduledRunResult {
  agreementId: string;
  periodKey: string;
  runKey: string;
  /** null: nothing was due (recorded, not retried). */
  settlement: SettlementView | null;
}

const companiesOf = (a: RebateAgreement): string[] =>
  a.assignment.kind === 'company' ? [a.assignment.companyId] : a.assignment.companyIds;

/**
 * Annual volume rebates in the app (issue 16, docs/REBATES.md): business
 * customers and their buyers, agreements and their versions, statements,
 * verification and settlement. Every calculation is @regulars/rebates'; this
 * service stores, locks and posts.
 */
@Injectable()
export class RebatesService {
  constructor(
    private readonly repo: RebatesRepository,
    private readonly ledger: Ledger,
    private readonly clock: Clock,
  ) {}

  // companies and buyers

  async listCompanies(businessId: string): Promise<CompanyView[]> {
    const companies = await this.repo.companies(businessId);
    const buyers = await this.repo.buyers(
      businessId,
      companies.map((c) => c.id),
    );
    return companies.map((c) => companyView(c, buyers));
  }

  async getCompany(businessId: string, id: string): Promise<CompanyView> {
    const [c] = await this.repo.companies(businessId, [id]);
    if (!c) throw new NotFoundError('Company');
    return companyView(c, await this.repo.buyers(businessId, [id]));
  }

  async createCompany(businessId: string, dto: CreateCompanyDto): Promise<CompanyView> {
    try {
      return companyView(await this.repo.insertCompany(businessId, dto, this.clock.now()), []);
    } catch (e) {
      if (isUniqueViolation(e, 'uq_rebate_companies_tax_id')) throw taxIdTaken(dto.taxId);
      throw e;
    }
  }

  async updateCompany(businessId: string, id: string, dto: UpdateCompanyDto): Promise<CompanyView> {
    try {
      const c = await this.repo.updateCompany(businessId, id, dto, this.clock.now());
      if (!c) throw new NotFoundError('Company');
      return companyView(c, await this.repo.buyers(businessId, [id]));
    } catch (e) {
      if (dto.taxId && isUniqueViolation(e, 'uq_rebate_companies_tax_id')) throw taxIdTaken(dto.taxId);
      throw e;
    }
  }

  /** Links a member to the company as a buyer from now on; a member buys for one company at a time. */
  async addBuyer(businessId: string, companyId: string, dto: AddBuyerDto): Promise<CompanyView> {
    const [c] = await this.repo.companies(businessId, [companyId]);
    if (!c) throw new NotFoundError('Company');
    if (!(await this.repo.memberExists(businessId, dto.memberId))) throw new NotFoundError('Member');
    try {
      await this.repo.insertBuyer(businessId, companyId, dto.memberId, this.clock.now());
    } catch (e) {
      if (isUniqueViolation(e, 'uq_rebate_buyers_active_member'))
        throw new ConflictError('The member is already a buyer of a company', { memberId: dto.memberId });
      throw e;
    }
    return this.getCompany(businessId, companyId);
  }

  /** A buyer leaves: the link gets an end date (their purchases until then still count), never deleted. */
  async endBuyer(businessId: string, companyId: string, buyerId: string): Promise<CompanyView> {
    if (!(await this.repo.endBuyer(businessId, companyId, buyerId, this.clock.now())))
      throw new NotFoundError('Active buyer');
    return this.getCompany(businessId, companyId);
  }

  // agreements

  async listAgreements(businessId: string): Promise<AgreementView[]> {
    const rows = await this.repo.agreements(businessId);
    return Promise.all(rows.map(async (a) => agreementView(a, await this.repo.versions(businessId, a.id))));
  }

  async getAgreement(businessId: string, id: string): Promise<AgreementView> {
    const [a] = await this.repo.agreements(businessId, [id]);
    if (!a) throw new NotFoundError('Agreement');
    return agreementView(a, await this.repo.versions(businessId, id));
  }

  async createAgreement(businessId: string, dto: CreateAgreementDto): Promise<AgreementView> {
    const checked = validateAgreement(dto.settings);
    if (!checked.ok) throw invalid('Invalid agreement settings', prefixed('settings', checked.errors));
    const settings = checked.value;
    const companyIds = companiesOf(settings);
    const { timeZone } = await this.repo.business(businessId);
    const now = this.clock.now();
    const version = validateVersion(dto.version, { agreement: settings, existing: [], now, timeZone });
    if (!version.ok) throw invalid('Invalid agreement version', prefixed('version', version.errors));
    const found = await this.repo.companies(businessId, companyIds);
    if (found.length !== new Set(companyIds).size) throw new NotFoundError('Company');
    const id = await this.repo.transaction(async (tx) => {
      const id = await this.repo.insertAgreement(
        businessId,
        { name: dto.name, settings, companyIds },
        now,
        tx,
      );
      await this.repo.insertVersion(businessId, id, version.value, now, tx);
      return id;
    });
    return this.getAgreement(businessId, id);
  }

  /** An amendment: a new version from a future local date (never backdated), numbered after the latest. */
  async amendAgreement(businessId: string, id: string, dto: AmendAgreementDto): Promise<AgreementView> {
    const { timeZone } = await this.repo.business(businessId);
    await this.repo.transaction(async (tx) => {
      const a = await this.repo.lockAgreement(businessId, id, tx);
      if (!a) throw new NotFoundError('Agreement');
      const existing = toVersions(await this.repo.versions(businessId, id, tx));
      const now = this.clock.now();
      const v = validateVersion(
        { effectiveFrom: dto.effectiveFrom, terms: dto.terms },
        { agreement: a.settings, existing, now, timeZone },
      );
      if (!v.ok) throw invalid('Invalid amendment', v.errors);
      await this.repo.insertVersion(businessId, id, v.value, now, tx);
    });
    return this.getAgreement(businessId, id);
  }

  // statements

  private async loaded(businessId: string, agreementId: string, db?: Sql) {
    const [a] = await this.repo.agreements(businessId, [agreementId], db);
    if (!a) throw new NotFoundError('Agreement');
    const versions = toVersions(await this.repo.versions(businessId, agreementId, db));
    const { timeZone } = await this.repo.business(businessId, db);
    return { a, versions, timeZone };
  }

  /** The period with the given key (its first local day), or the one containing now. */
  private periodOf(settings: RebateAgreement, timeZone: string, key: string | undefined): Period {
    const at = key === undefined ? this.clock.now() : new Date(startOfLocalDate(key, timeZone));
    const p = periodAt(settings.period, at, timeZone);
    if (!p || (key !== undefined && p.key !== key))
      throw invalid('No period of the agreement starts on that date', [
        {
          path: 'period',
          message: key === undefined ? 'no period covers today' : 'is not the start of a period',
        },
      ]);
    return p;
  }

  async statement(
    businessId: string,
    agreementId: string,
    periodKey?: string,
    companyId?: string,
  ): Promise<StatementView> {
    const { a, versions, timeZone } = await this.loaded(businessId, agreementId);
    const period = this.periodOf(a.settings, timeZone, periodKey);
    const row = await this.repo.period(businessId, agreementId, period.key);
    const settlements = await this.repo.settlements(businessId, agreementId, period.key);
    const paid = settlements.reduce((s, d) => s + Number(d.amount), 0);
    const st = statement({
      agreement: a.settings,
      versions,
      period,
      segments: row?.segments ?? [],
      paid,
      now: this.clock.now(),
      timeZone,
    });
    let companyVolume: number | null = null;
    if (companyId) {
      const vols = await this.repo.companyVolumes(businessId, agreementId, period.key);
      companyVolume = vols.find((v) => v.companyId === companyId)?.volume ?? 0;
    }
    return {
      agreementId,
      agreementName: a.name,
      period,
      statement: st as unknown as Record<string, unknown>,
      ...(companyId ? { companyVolume } : {}),
      settlements: settlements.map(settlementView),
    };
  }

  /** A buyer's view: the statements of every agreement of the company they buy for now. */
  async myRebates(businessId: string, memberId: string): Promise<MyRebatesView> {
    const company = await this.repo.companyOfBuyerAt(businessId, memberId, this.clock.now());
    if (!company) return { companyId: null, companyName: null, agreements: [] };
    const agreements = await this.repo.agreementsOfCompany(businessId, company.company_id);
    const statements: StatementView[] = [];
    const { timeZone } = await this.repo.business(businessId);
    for (const a of agreements) {
      if (!periodAt(a.settings.period, this.clock.now(), timeZone)) continue;
      statements.push(await this.statement(businessId, a.id, undefined, company.company_id));
    }
    return { companyId: company.company_id, companyName: company.legal_name, agreements: statements };
  }

  /**
   * A company's statements (for staff, and the company's ERP through the API): the current
   * statement of every agreement covering it, with its own volume (its share of a pooled group).
   */
  async companyStatements(businessId: string, companyId: string): Promise<StatementView[]> {
    const [c] = await this.repo.companies(businessId, [companyId]);
    if (!c) throw new NotFoundError('Company');
    const { timeZone } = await this.repo.business(businessId);
    const out: StatementView[] = [];
    for (const a of await this.repo.agreementsOfCompany(businessId, companyId)) {
      if (!periodAt(a.settings.period, this.clock.now(), timeZone)) continue;
      out.push(await this.statement(businessId, a.id, undefined, companyId));
    }
    return out;
  }

  /** The business's view: the current statement of every agreement with a period covering now. */
  async overview(businessId: string): Promise<StatementView[]> {
    const { timeZone } = await this.repo.business(businessId);
    const out: StatementView[] = [];
    for (const a of await this.repo.agreements(businessId)) {
      if (!periodAt(a.settings.period, this.clock.now(), timeZone)) continue;
      out.push(await this.statement(businessId, a.id));
    }
    return out;
  }

  /** Every settlement document of the business as CSV (one row per company line), oldest first. */
  async settlementsCsv(businessId: string): Promise<string> {
    const names = new Map((await this.repo.companies(businessId)).map((c) => [c.id, c]));
    const agreements = new Map((await this.repo.agreements(businessId)).map((a) => [a.id, a.name]));
    const rows = [
      [
        'number',
        'created_at',
        'agreement',
        'period',
        'stage',
        'payout',
        'company',
        'tax_id',
        'line_amount',
        'document_amount',
        'rebate',
        'already_paid',
        'volume',
      ],
    ];
    for (const id of agreements.keys()) {
      for (const d of await this.repo.settlements(businessId, id)) {
        for (const l of d.lines) {
          const c = names.get(l.companyId);
          rows.push([
            d.number,
            d.created_at.toISOString(),
            agreements.get(id) ?? id,
            d.period_key,
            d.stage,
            d.payout,
            c?.legal_name ?? l.companyId,
            c?.tax_id ?? '',
            String(l.amount),
            d.amount,
            d.rebate,
            d.already_paid,
            d.volume,
          ]);
        }
      }
    }
    rows.splice(
      1,
      rows.length - 1,
      ...rows.slice(1).sort((x, y) => x[1].localeCompare(y[1]) || x[0].localeCompare(y[0])),
    );
    return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  }

  // verification

  /**
   * Recomputes every agreement period's rebate from its stored volumes and
   * compares it with the ledger's accrual account, the stored accrued total
   * and the sum of the accrual deltas: all four must be equal.
   */
  async verify(businessId: string): Promise<VerifyView> {
    const periods = await this.repo.allPeriods(businessId);
    const versionsOf = new Map<string, ReturnType<typeof toVersions>>();
    const violations: VerifyView['violations'] = [];
    for (const p of periods) {
      if (!versionsOf.has(p.agreement_id))
        versionsOf.set(p.agreement_id, toVersions(await this.repo.versions(businessId, p.agreement_id)));
      const expected = periodRebate(p.segments, versionsOf.get(p.agreement_id) ?? []);
      const balance = await this.ledger.balance({
        businessId,
        account: accrualAccount(p.agreement_id, p.period_key),
      });
      const volume = p.segments.reduce((s, x) => s + x.volume, 0);
      const issue = {
        agreementId: p.agreement_id,
        periodKey: p.period_key,
        volume,
        expected,
        ledger: balance.available,
        accrued: Number(p.accrued),
        deltas: Number(p.deltas),
      };
      if (
        issue.ledger !== expected ||
        issue.accrued !== expected ||
        issue.deltas !== expected ||
        Number(p.volume) !== volume ||
        balance.pending !== 0 ||
        balance.held !== 0
      )
        violations.push(issue);
    }
    return { ok: violations.length === 0, periods: periods.length, violations };
  }

  // settlement

  private async due(
    db: Sql,
    businessId: string,
    agreementId: string,
    periodKey: string | undefined,
    lock: boolean,
  ) {
    const { a, versions, timeZone } = await this.loaded(businessId, agreementId, db);
    const period = this.periodOf(a.settings, timeZone, periodKey);
    const now = this.clock.now();
    const row = lock
      ? await this.repo.lockPeriod(businessId, agreementId, period.key, now, db)
      : await this.repo.period(businessId, agreementId, period.key, db);
    const segments = row?.segments ?? [];
    const docs = await this.repo.settlements(businessId, agreementId, period.key, db);
    const alreadyPaid = docs.reduce((s, d) => s + Number(d.amount), 0);
    const stage = settlementStageAt(
      period,
      now,
      docs.some((d) => d.stage === 'final'),
    );
    const rebate = periodRebate(segments, versions);
    const d = settlementDue(stage, rebate, alreadyPaid);
    const contributions = (await this.repo.companyVolumes(businessId, agreementId, period.key, db)).filter(
      (c) => companiesOf(a.settings).includes(c.companyId),
    );
    for (const id of companiesOf(a.settings))
      if (!contributions.some((c) => c.companyId === id)) contributions.push({ companyId: id, volume: 0 });
    const paidByCompany: Record<string, number> = {};
    for (const doc of docs)
      for (const l of doc.lines) paidByCompany[l.companyId] = (paidByCompany[l.companyId] ?? 0) + l.amount;
    const lines =
      d.amount === 0
        ? []
        : splitPooledCumulative(alreadyPaid + d.amount, contributions, paidByCompany).filter(
            (l) => l.amount !== 0,
          );
    return {
      a,
      period,
      stage: d.stage,
      volume: segments.reduce((s, x) => s + x.volume, 0),
      rebate,
      alreadyPaid,
      amount: d.amount,
      carried: d.carried,
      lines,
      seq: docs.length + 1,
    };
  }

  async previewSettlement(
    businessId: string,
    agreementId: string,
    periodKey?: string,
  ): Promise<SettlementPreviewView> {
    const d = await this.due(this.repo.pool, businessId, agreementId, periodKey, false);
    return {
      agreementId,
      period: d.period,
      stage: d.stage,
      volume: d.volume,
      rebate: d.rebate,
      alreadyPaid: d.alreadyPaid,
      amount: d.amount,
      carried: d.carried,
      lines: d.lines,
    };
  }

  /**
   * Posts the settlement document the period is due now, exactly once: the
   * period row is locked, so a second run at the same time waits and then
   * finds nothing left to settle (422). Store credit is paid into each
   * company's store-credit account in the ledger; credit notes and cash are
   * numbered documents for the business's accounts.
   */
  async postSettlement(businessId: string, agreementId: string, periodKey?: string): Promise<SettlementView> {
    return this.repo.transaction(async (tx) => {
      const d = await this.due(tx, businessId, agreementId, periodKey, true);
      if (d.amount === 0)
        throw new DomainError(ErrorCode.NOTHING_TO_SETTLE, 'Nothing to settle for this period now', {
          stage: d.stage,
          rebate: d.rebate,
          alreadyPaid: d.alreadyPaid,
          carried: d.carried,
        });
      return settlementView(await this.post(tx, businessId, agreementId, d));
    });
  }

  /** Writes the settlement document `d` (computed under the period lock of `tx`) and pays store credit. */
  private async post(
    tx: PoolClient,
    businessId: string,
    agreementId: string,
    d: Awaited<ReturnType<RebatesService['due']>>,
  ): Promise<SettlementRow> {
    const { currency, timeZone } = await this.repo.business(businessId, tx);
    const now = this.clock.now();
    const number = await this.repo.nextDocumentNumber(businessId, localDateOf(now, timeZone).slice(0, 4), tx);
    const doc = await this.repo.insertSettlement(
      businessId,
      {
        agreement_id: agreementId,
        period_key: d.period.key,
        seq: d.seq,
        stage: d.stage,
        number,
        payout: d.a.settings.payout,
        rebate: d.rebate,
        alreadyPaid: d.alreadyPaid,
        amount: d.amount,
        volume: d.volume,
        lines: d.lines,
      },
      now,
      tx,
    );
    if (d.a.settings.payout === 'store_credit') {
      for (const l of d.lines) {
        const write = {
          businessId,
          idempotencyKey: `rebate-settlement:${doc.id}:${l.companyId}`,
          at: now,
          account: storeCreditAccount(currency, l.companyId),
          amount: Math.abs(l.amount),
          reason: `rebate settlement ${number}`,
          reference: number,
          client: tx,
        };
        if (l.amount > 0) await this.ledger.earn(write);
        else await this.ledger.spend(write);
      }
    }
    return doc;
  }

  /**
   * The scheduled settlement runs of one business (cron task rebates:settle):
   * for every agreement with a schedule, the run due now of the current period
   * and the final of every ended period not yet finalised by the schedule
   * (@regulars/rebates scheduledRunAt). Each run key is recorded once, under the
   * period lock and in the settlement's transaction: two runners at once give one
   * document, and a run with nothing due is recorded as such (not retried).
   */
  async runSchedule(businessId: string): Promise<ScheduledRunResult[]> {
    const { timeZone } = await this.repo.business(businessId);
    const now = this.clock.now();
    const out: ScheduledRunResult[] = [];
    for (const a of await this.repo.agreements(businessId)) {
      const schedule = a.settings.schedule ?? 'manual';
      if (schedule === 'manual') continue;
      const keys = new Set(await this.repo.periodsAwaitingFinal(businessId, a.id));
      const current = periodAt(a.settings.period, now, timeZone);
      if (current) keys.add(current.key);
      for (const key of [...keys].sort()) {
        const period = this.periodOf(a.settings, timeZone, key);
        const run = scheduledRunAt(period, schedule, now, timeZone);
        if (!run || (await this.repo.scheduledRunDone(businessId, a.id, key, run.key))) continue;
        const r = await this.repo.transaction(async (tx) => {
          const d = await this.due(tx, businessId, a.id, key, true);
          // Under the lock: another runner may have done it meanwhile.
          if (await this.repo.scheduledRunDone(businessId, a.id, key, run.key, tx)) return null;
          const doc = d.amount === 0 ? null : await this.post(tx, businessId, a.id, d);
          await this.repo.insertScheduledRun(
            businessId,
            {
              agreementId: a.id,
              periodKey: key,
              runKey: run.key,
              outcome: doc ? 'posted' : 'nothing_due',
              settlementId: doc?.id ?? null,
            },
            now,
            tx,
          );
          return {
            agreementId: a.id,
            periodKey: key,
            runKey: run.key,
            settlement: doc ? settlementView(doc) : null,
          };
        });
        if (r) out.push(r);
      }
    }
    return out;
  }

  /** Every business's scheduled runs (the cron task); one business failing does not stop the others. */
  async runAllSchedules(): Promise<{
    runs: ScheduledRunResult[];
    failed: { businessId: string; error: string }[];
  }> {
    const runs: ScheduledRunResult[] = [];
    const failed: { businessId: string; error: string }[] = [];
    for (const businessId of await this.repo.businessesWithSchedules()) {
      try {
        runs.push(...(await this.runSchedule(businessId)));
      } catch (e) {
        failed.push({ businessId, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return { runs, failed };
  }

  async scheduledRuns(businessId: string, agreementId: string): Promise<ScheduledRunView[]> {
    await this.loaded(businessId, agreementId);
    return (await this.repo.scheduledRuns(businessId, agreementId)).map((r) => ({
      periodKey: r.period_key,
      runKey: r.run_key,
      outcome: r.outcome,
      settlementId: r.settlement_id,
      ranAt: r.ran_at.toISOString(),
    }));
  }

  async settlements(businessId: string, agreementId: string): Promise<SettlementView[]> {
    await this.loaded(businessId, agreementId);
    return (await this.repo.settlements(businessId, agreementId)).map(settlementView);
  }
}

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+$/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function prefixed(prefix: string, errors: ValidationIssue[]): ValidationIssue[] {
  return errors.map((e) => ({ ...e, path: e.path ? `${prefix}.${e.path}` : prefix }));
}
