import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { AgreementVersion, RebateAgreement, RebateTerms, SegmentVolume } from '@regulars/rebates';
import { Db, type Sql } from '../database/db';

export interface CompanyRow {
  id: string;
  legal_name: string;
  tax_id: string;
  billing_name: string;
  billing_email: string;
  created_at: Date;
  updated_at: Date;
}

export interface BuyerRow {
  id: string;
  company_id: string;
  member_id: string;
  member_number: string;
  first_name: string;
  last_name: string | null;
  started_at: Date;
  ended_at: Date | null;
}

export interface AgreementRow {
  id: string;
  name: string;
  settings: RebateAgreement;
  created_at: Date;
}

export interface VersionRow {
  version: number;
  effective_from: string;
  terms: RebateTerms;
  created_at: Date;
}

export interface PeriodRow {
  period_key: string;
  segments: SegmentVolume[];
  volume: string;
  accrued: string;
}

export interface SettlementRow {
  id: string;
  agreement_id: string;
  period_key: string;
  seq: number;
  stage: string;
  number: string;
  payout: string;
  rebate: string;
  already_paid: string;
  amount: string;
  volume: string;
  lines: { companyId: string; amount: number }[];
  created_at: Date;
}

export const toVersions = (rows: VersionRow[]): AgreementVersion[] =>
  rows.map((v) => ({ version: v.version, effectiveFrom: v.effective_from, terms: v.terms }));

/**
 * The rebate tables (raw SQL on the app's pg pool, like the outbox and the
 * ledger). Every method takes the business id first; a `db`/`tx` argument,
 * last, lets a method join the caller's transaction.
 */
@Injectable()
export class RebatesRepository {
  readonly pool: Pool;

  constructor(db: Db) {
    this.pool = db.pool;
  }

  /**
   * Runs fn inside one transaction (READ COMMITTED).
   * @crossTenant opens a transaction on the pool; reads no table (the caller's methods take the business id)
   */
  async transaction<T>(fn: (tx: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async business(businessId: string, db: Sql = this.pool): Promise<{ timeZone: string; currency: string }> {
    const r = await db.query<{ time_zone: string; currency: string }>(
      `SELECT time_zone, currency FROM businesses WHERE id = $1`,
      [businessId],
    );
    return { timeZone: r.rows[0].time_zone, currency: r.rows[0].currency };
  }

  // companies and buyers

  async companies(businessId: string, ids?: string[], db: Sql = this.pool): Promise<CompanyRow[]> {
    const r = await db.query<CompanyRow>(
      `SELECT id, legal_name, tax_id, billing_name, billing_email, created_at, updated_at
         FROM rebate_companies WHERE business_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
        ORDER BY legal_name, id`,
      [businessId, ids ?? null],
    );
    return r.rows;
  }

  async insertCompany(
    businessId: string,
    c: { legalName: string; taxId: string; billingName: string; billingEmail: string },
    now: Date,
  ): Promise<CompanyRow> {
    const r = await this.pool.query<CompanyRow>(
      `INSERT INTO rebate_companies (business_id, legal_name, tax_id, billing_name, billing_email, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       RETURNING id, legal_name, tax_id, billing_name, billing_email, created_at, updated_at`,
      [businessId, c.legalName, c.taxId, c.billingName, c.billingEmail, now],
    );
    return r.rows[0];
  }

  async updateCompany(
    businessId: string,
    id: string,
    c: { legalName?: string; taxId?: string; billingName?: string; billingEmail?: string },
    now: Date,
  ): Promise<CompanyRow | undefined> {
    const r = await this.pool.query<CompanyRow>(
      `UPDATE rebate_companies SET legal_name = COALESCE($3, legal_name), tax_id = COALESCE($4, tax_id),
              billing_name = COALESCE($5, billing_name), billing_email = COALESCE($6, billing_email), updated_at = $7
        WHERE business_id = $1 AND id = $2
       RETURNING id, legal_name, tax_id, billing_name, billing_email, created_at, updated_at`,
      [
        businessId,
        id,
        c.legalName ?? null,
        c.taxId ?? null,
        c.billingName ?? null,
        c.billingEmail ?? null,
        now,
      ],
    );
    return r.rows[0];
  }

  async buyers(businessId: string, companyIds: string[], db: Sql = this.pool): Promise<BuyerRow[]> {
    const r = await db.query<BuyerRow>(
      `SELECT b.id, b.company_id, b.member_id, m.member_number::text AS member_number, m.first_name, m.last_name,
              b.started_at, b.ended_at
         FROM rebate_buyers b JOIN members m ON m.business_id = b.business_id AND m.id = b.member_id
        WHERE b.business_id = $1 AND b.company_id = ANY($2::uuid[])
        ORDER BY b.started_at, b.id`,
      [businessId, companyIds],
    );
    return r.rows;
  }

  async memberExists(businessId: string, memberId: string): Promise<boolean> {
    const r = await this.pool.query(`SELECT 1 FROM members WHERE business_id = $1 AND id = $2`, [
      businessId,
      memberId,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  async insertBuyer(businessId: string, companyId: string, memberId: string, now: Date): Promise<string> {
    const r = await this.pool.query<{ id: string }>(
      `INSERT INTO rebate_buyers (business_id, company_id, member_id, started_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [businessId, companyId, memberId, now],
    );
    return r.rows[0].id;
  }

  /** Ends an active buyer link; false when there is none. */
  async endBuyer(businessId: string, companyId: string, buyerId: string, now: Date): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE rebate_buyers SET ended_at = GREATEST($4::timestamptz, started_at)
        WHERE business_id = $1 AND company_id = $2 AND id = $3 AND ended_at IS NULL`,
      [businessId, companyId, buyerId, now],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** The company a member was a buyer of at an instant (a buyer belongs to one company at a time). */
  async companyOfBuyerAt(businessId: string, memberId: string, at: Date, db: Sql = this.pool) {
    const r = await db.query<{ company_id: string; legal_name: string }>(
      `SELECT b.company_id, c.legal_name FROM rebate_buyers b
         JOIN rebate_companies c ON c.business_id = b.business_id AND c.id = b.company_id
        WHERE b.business_id = $1 AND b.member_id = $2 AND b.started_at <= $3 AND (b.ended_at IS NULL OR b.ended_at > $3)
        ORDER BY b.started_at DESC LIMIT 1`,
      [businessId, memberId, at],
    );
    return r.rows[0];
  }

  // the counter's purchases (read by the accrual consumer)

  async purchase(
    businessId: string,
    purchaseId: string,
    db: Sql = this.pool,
  ): Promise<{ member_id: string; occurred_at: Date; total: string } | undefined> {
    const r = await db.query<{ member_id: string; occurred_at: Date; total: string }>(
      `SELECT member_id, occurred_at, total::text FROM purchases WHERE business_id = $1 AND id = $2`,
      [businessId, purchaseId],
    );
    return r.rows[0];
  }

  /** The purchase's lines with unit and net amounts (float8), in line order. */
  async purchaseLines(businessId: string, purchaseId: string, db: Sql = this.pool) {
    const r = await db.query<{
      line_id: string;
      sku: string | null;
      category: string | null;
      quantity: number;
      unit: number;
      net: number;
    }>(
      `SELECT line_id, sku, category, quantity, unit_price::float8 AS unit, (quantity * unit_price)::float8 AS net
         FROM purchase_lines WHERE business_id = $1 AND purchase_id = $2 ORDER BY line_id`,
      [businessId, purchaseId],
    );
    return r.rows;
  }

  // agreements

  async agreements(businessId: string, ids?: string[], db: Sql = this.pool): Promise<AgreementRow[]> {
    const r = await db.query<AgreementRow>(
      `SELECT id, name, settings, created_at FROM rebate_agreements
        WHERE business_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) ORDER BY created_at, name, id`,
      [businessId, ids ?? null],
    );
    return r.rows;
  }

  /** The agreement row locked (amendments are numbered one at a time). */
  async lockAgreement(businessId: string, id: string, tx: Sql): Promise<AgreementRow | undefined> {
    const r = await tx.query<AgreementRow>(
      `SELECT id, name, settings, created_at FROM rebate_agreements WHERE business_id = $1 AND id = $2 FOR UPDATE`,
      [businessId, id],
    );
    return r.rows[0];
  }

  async agreementsOfCompany(
    businessId: string,
    companyId: string,
    db: Sql = this.pool,
  ): Promise<AgreementRow[]> {
    const r = await db.query<AgreementRow>(
      `SELECT a.id, a.name, a.settings, a.created_at FROM rebate_agreement_companies ac
         JOIN rebate_agreements a ON a.business_id = ac.business_id AND a.id = ac.agreement_id
        WHERE ac.business_id = $1 AND ac.company_id = $2 ORDER BY a.created_at, a.name, a.id`,
      [businessId, companyId],
    );
    return r.rows;
  }

  async insertAgreement(
    businessId: string,
    a: { name: string; settings: RebateAgreement; companyIds: string[] },
    now: Date,
    tx: Sql,
  ): Promise<string> {
    const r = await tx.query<{ id: string }>(
      `INSERT INTO rebate_agreements (business_id, name, settings, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [businessId, a.name, JSON.stringify(a.settings), now],
    );
    const id = r.rows[0].id;
    await tx.query(
      `INSERT INTO rebate_agreement_companies (business_id, agreement_id, company_id)
       SELECT $1, $2, unnest($3::uuid[])`,
      [businessId, id, a.companyIds],
    );
    return id;
  }

  async versions(businessId: string, agreementId: string, db: Sql = this.pool): Promise<VersionRow[]> {
    const r = await db.query<VersionRow>(
      `SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, terms, created_at
         FROM rebate_agreement_versions WHERE business_id = $1 AND agreement_id = $2 ORDER BY version`,
      [businessId, agreementId],
    );
    return r.rows;
  }

  async insertVersion(businessId: string, agreementId: string, v: AgreementVersion, now: Date, tx: Sql) {
    await tx.query(
      `INSERT INTO rebate_agreement_versions (business_id, agreement_id, version, effective_from, terms, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [businessId, agreementId, v.version, v.effectiveFrom, JSON.stringify(v.terms), now],
    );
  }

  // periods and accruals

  async period(businessId: string, agreementId: string, key: string, db: Sql = this.pool) {
    const r = await db.query<PeriodRow>(
      `SELECT period_key, segments, volume::text, accrued::text FROM rebate_periods
        WHERE business_id = $1 AND agreement_id = $2 AND period_key = $3`,
      [businessId, agreementId, key],
    );
    return r.rows[0];
  }

  /** The (agreement, period) row, created when missing, locked for the rest of the transaction. */
  async lockPeriod(
    businessId: string,
    agreementId: string,
    key: string,
    now: Date,
    tx: Sql,
  ): Promise<PeriodRow> {
    await tx.query(
      `INSERT INTO rebate_periods (business_id, agreement_id, period_key, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [businessId, agreementId, key, now],
    );
    const r = await tx.query<PeriodRow>(
      `SELECT period_key, segments, volume::text, accrued::text FROM rebate_periods
        WHERE business_id = $1 AND agreement_id = $2 AND period_key = $3 FOR UPDATE`,
      [businessId, agreementId, key],
    );
    return r.rows[0];
  }

  async allPeriods(businessId: string, db: Sql = this.pool) {
    const r = await db.query<PeriodRow & { agreement_id: string; deltas: string }>(
      `SELECT p.agreement_id, p.period_key, p.segments, p.volume::text, p.accrued::text,
              COALESCE((SELECT sum(a.delta) FROM rebate_accruals a WHERE a.business_id = p.business_id
                 AND a.agreement_id = p.agreement_id AND a.period_key = p.period_key), 0)::text AS deltas
         FROM rebate_periods p WHERE p.business_id = $1 ORDER BY p.agreement_id, p.period_key`,
      [businessId],
    );
    return r.rows;
  }

  async companyVolumes(businessId: string, agreementId: string, key: string, db: Sql = this.pool) {
    const r = await db.query<{ company_id: string; volume: string }>(
      `SELECT company_id, volume::text FROM rebate_company_volumes
        WHERE business_id = $1 AND agreement_id = $2 AND period_key = $3 ORDER BY company_id`,
      [businessId, agreementId, key],
    );
    return r.rows.map((x) => ({ companyId: x.company_id, volume: Number(x.volume) }));
  }

  async accrualExists(businessId: string, agreementId: string, eventId: string, tx: Sql): Promise<boolean> {
    const r = await tx.query(
      `SELECT 1 FROM rebate_accruals WHERE business_id = $1 AND agreement_id = $2 AND event_id = $3`,
      [businessId, agreementId, eventId],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async recordAccrual(
    businessId: string,
    a: {
      agreementId: string;
      eventId: string;
      periodKey: string;
      companyId: string;
      kind: 'purchase' | 'return';
      version: number;
      volumeChange: number;
      delta: number;
      ledgerTransactionId: string | null;
      segmentsAfter: SegmentVolume[];
      volumeAfter: number;
      rebateAfter: number;
    },
    now: Date,
    tx: Sql,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO rebate_accruals (business_id, agreement_id, event_id, period_key, company_id, kind, version,
         volume_change, delta, ledger_transaction_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        businessId,
        a.agreementId,
        a.eventId,
        a.periodKey,
        a.companyId,
        a.kind,
        a.version,
        a.volumeChange,
        a.delta,
        a.ledgerTransactionId,
        now,
      ],
    );
    await tx.query(
      `UPDATE rebate_periods SET segments = $4, volume = $5, accrued = $6, updated_at = $7
        WHERE business_id = $1 AND agreement_id = $2 AND period_key = $3`,
      [
        businessId,
        a.agreementId,
        a.periodKey,
        JSON.stringify(a.segmentsAfter),
        a.volumeAfter,
        a.rebateAfter,
        now,
      ],
    );
    await tx.query(
      `INSERT INTO rebate_company_volumes AS v (business_id, agreement_id, period_key, company_id, volume)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (business_id, agreement_id, period_key, company_id) DO UPDATE SET volume = v.volume + EXCLUDED.volume`,
      [businessId, a.agreementId, a.periodKey, a.companyId, a.volumeChange],
    );
  }

  // settlements

  async settlements(businessId: string, agreementId: string, key?: string, db: Sql = this.pool) {
    const r = await db.query<SettlementRow>(
      `SELECT id, agreement_id, period_key, seq, stage, number, payout, rebate::text, already_paid::text, amount::text,
              volume::text, lines, created_at
         FROM rebate_settlements WHERE business_id = $1 AND agreement_id = $2 AND ($3::text IS NULL OR period_key = $3)
        ORDER BY period_key, seq`,
      [businessId, agreementId, key ?? null],
    );
    return r.rows;
  }

  /** The next document number of the business: RB-<local year>-<0001>, one sequence per business and year. */
  async nextDocumentNumber(businessId: string, year: string, tx: Sql): Promise<string> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('rebate-settlement-number:' || $1::text))`, [
      businessId,
    ]);
    const r = await tx.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM rebate_settlements WHERE business_id = $1 AND number LIKE $2`,
      [businessId, `RB-${year}-%`],
    );
    return `RB-${year}-${String(Number(r.rows[0].n) + 1).padStart(4, '0')}`;
  }

  async insertSettlement(
    businessId: string,
    s: Omit<SettlementRow, 'id' | 'rebate' | 'already_paid' | 'amount' | 'volume' | 'created_at'> & {
      rebate: number;
      alreadyPaid: number;
      amount: number;
      volume: number;
    },
    now: Date,
    tx: Sql,
  ): Promise<SettlementRow> {
    const r = await tx.query<SettlementRow>(
      `INSERT INTO rebate_settlements (business_id, agreement_id, period_key, seq, stage, number, payout, rebate,
         already_paid, amount, volume, lines, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       RETURNING id, agreement_id, period_key, seq, stage, number, payout, rebate::text, already_paid::text,
                 amount::text, volume::text, lines, created_at`,
      [
        businessId,
        s.agreement_id,
        s.period_key,
        s.seq,
        s.stage,
        s.number,
        s.payout,
        s.rebate,
        s.alreadyPaid,
        s.amount,
        s.volume,
        JSON.stringify(s.lines),
        now,
      ],
    );
    return r.rows[0];
  }

  // scheduled settlement runs

  /**
   * Businesses with at least one agreement settled on a schedule.
   * @crossTenant the settlement cron's list of businesses to visit, each then handled on its own
   */
  async businessesWithSchedules(): Promise<string[]> {
    const r = await this.pool.query<{ business_id: string }>(
      `SELECT DISTINCT business_id FROM rebate_agreements
        WHERE COALESCE(settings->>'schedule', 'manual') <> 'manual' ORDER BY business_id`,
    );
    return r.rows.map((x) => x.business_id);
  }

  /** Period keys of the agreement whose scheduled final run has not happened yet. */
  async periodsAwaitingFinal(businessId: string, agreementId: string): Promise<string[]> {
    const r = await this.pool.query<{ period_key: string }>(
      `SELECT p.period_key FROM rebate_periods p
        WHERE p.business_id = $1 AND p.agreement_id = $2
          AND NOT EXISTS (SELECT 1 FROM rebate_scheduled_runs s WHERE s.business_id = p.business_id
                AND s.agreement_id = p.agreement_id AND s.period_key = p.period_key AND s.run_key = 'final')
        ORDER BY p.period_key`,
      [businessId, agreementId],
    );
    return r.rows.map((x) => x.period_key);
  }

  async scheduledRunDone(
    businessId: string,
    agreementId: string,
    periodKey: string,
    runKey: string,
    db: Sql = this.pool,
  ): Promise<boolean> {
    const r = await db.query(
      `SELECT 1 FROM rebate_scheduled_runs
        WHERE business_id = $1 AND agreement_id = $2 AND period_key = $3 AND run_key = $4`,
      [businessId, agreementId, periodKey, runKey],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async insertScheduledRun(
    businessId: string,
    run: {
      agreementId: string;
      periodKey: string;
      runKey: string;
      outcome: 'posted' | 'nothing_due';
      settlementId: string | null;
    },
    now: Date,
    tx: Sql,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO rebate_scheduled_runs (business_id, agreement_id, period_key, run_key, outcome, settlement_id, ran_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [businessId, run.agreementId, run.periodKey, run.runKey, run.outcome, run.settlementId, now],
    );
  }

  async scheduledRuns(businessId: string, agreementId: string) {
    const r = await this.pool.query<{
      period_key: string;
      run_key: string;
      outcome: 'posted' | 'nothing_due';
      settlement_id: string | null;
      ran_at: Date;
    }>(
      `SELECT period_key, run_key, outcome, settlement_id, ran_at FROM rebate_scheduled_runs
        WHERE business_id = $1 AND agreement_id = $2 ORDER BY ran_at, period_key, run_key`,
      [businessId, agreementId],
    );
    return r.rows;
  }
}
