/**
 * The historical purchase import, shared by `npm run import` and POST
 * /api/imports/purchases: streams a CSV through csv-parse, checks every row,
 * and (unless a dry run) writes customers and purchases in batches, each batch
 * in one transaction together with the import record's progress.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { DataSource, EntityManager } from 'typeorm';
import { currencyDigits } from '../businesses/currency';
import { refreshCustomerSummaries } from '../retention/summary.repository';
import type { Pool } from 'pg';
import { Ledger, type LedgerClient } from '@regulars/ledger';
import { evaluatePurchase } from '@regulars/rules';
import {
  type ColumnMapping,
  type ImportField,
  MappingError,
  parseRow,
  type ParsedRow,
  resolveColumns,
  type RowProblem,
} from './csv-rows';
import {
  businessCurrency,
  countKnown,
  customerSummaryKeys,
  insertHistoryCustomers,
  insertHistoryPurchases,
  insertImportRecord,
  linkedPurchases,
  markImportCompleted,
  markImportFailed,
  markImportResumed,
  recordBatchProgress,
  releaseImportLock,
  ruleVersions,
  tryImportLock,
  unfinishedRun,
} from './imports.repository';

export interface BadRow {
  /** Line of the file (1 = the header; a quoted field spanning lines counts them). */
  line: number;
  field: ImportField | 'row';
  problem: string;
}

export interface ImportOptions {
  businessId: string;
  /** File name or the name the client gave; a run resumes the last unfinished run of the same source. */
  source: string;
  input: Readable;
  mapping: ColumnMapping;
  dryRun: boolean;
  now: Date;
  batchSize?: number;
  /** Bad rows kept in the report (all are counted). */
  maxBadRowsReported?: number;
  /** Called after each batch (and at the end) with the rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /**
   * Award points for imported purchases of customers linked to a member, by the
   * rules version in force at each purchase's time (default false: history earns
   * nothing). Idempotent per purchase and posting (ledger key
   * `import:<history purchase id>:<posting>`), also for purchases imported
   * earlier without points. Points whose expiry date has already passed are
   * not awarded (counted in pointsAlreadyExpired). Not on a dry run.
   */
  awardPoints?: boolean;
}

export interface ImportReport {
  /** The import record (null for a dry run). */
  importId: string | null;
  dryRun: boolean;
  /** 'failed': the file broke off or the database failed; `error` says why, batches before it are kept and a re-run resumes. */
  state: 'completed' | 'failed' | 'dry-run';
  /** Data rows read (header excluded; rows skipped by a resume included). */
  rowsRead: number;
  /** Good rows: purchases new to the business (dry run: that would be imported). */
  purchasesImported: number;
  /** Good rows whose purchase id is already stored (an earlier import): left as they are. */
  purchasesExisting: number;
  /** Customers created (dry run: customer ids not yet known). */
  customersCreated: number;
  rowsRejected: number;
  badRows: BadRow[];
  badRowsTruncated: boolean;
  /** The unfinished run this one resumed, and the lines it had committed (skipped here). */
  resumedFrom: string | null;
  linesSkipped: number;
  error: string | null;
  /** Points awarded by this run (awardPoints), and the purchases that earned them. */
  pointsAwarded: number;
  purchasesAwarded: number;
  /** Points the rules would have given whose expiry date had already passed: not awarded. */
  pointsAlreadyExpired: number;
}

export class ImportRefused extends Error {}

interface Batch {
  rows: ParsedRow[];
  lastLine: number;
}

/** Runs one import. Throws ImportRefused for a file that cannot be read at all (no header, bad mapping, another import running). */
export async function importPurchases(ds: DataSource, o: ImportOptions): Promise<ImportReport> {
  const batchSize = o.batchSize ?? 1000;
  const maxBad = o.maxBadRowsReported ?? 10_000;
  const currency = await businessCurrency(o.businessId, ds.manager);
  if (currency === null) throw new ImportRefused('no such business');
  const digits = currencyDigits(currency);

  const report: ImportReport = {
    importId: null,
    dryRun: o.dryRun,
    state: o.dryRun ? 'dry-run' : 'completed',
    rowsRead: 0,
    purchasesImported: 0,
    purchasesExisting: 0,
    customersCreated: 0,
    rowsRejected: 0,
    badRows: [],
    badRowsTruncated: false,
    resumedFrom: null,
    linesSkipped: 0,
    error: null,
    pointsAwarded: 0,
    purchasesAwarded: 0,
    pointsAlreadyExpired: 0,
  };
  const bad = (line: number, p: RowProblem) => {
    if (report.badRows.length < maxBad) report.badRows.push({ line, ...p });
    else report.badRowsTruncated = true;
  };

  // One session holds the business's import lock for the whole run: a 'running'
  // record without it is a run that died, which the next run resumes.
  const session = ds.createQueryRunner();
  await session.connect();
  try {
    if (!(await tryImportLock(o.businessId, session.manager)))
      throw new ImportRefused('another import of this business is running');
    try {
      // The unfinished run of the same source this one continues (lines through its committed line are skipped).
      let skipThrough = 0;
      if (!o.dryRun) {
        const prev = await unfinishedRun(o.businessId, o.source, session.manager);
        if (prev) {
          report.resumedFrom = prev.id;
          skipThrough = prev.committed_line;
        }
      }
      // The import record is written with the first batch (or at the end), in its transaction:
      // a file refused or broken before that leaves nothing behind.
      const writer: RecordWriter = { o, report, skipThrough };

      // Strict parsing: a record csv-parse cannot read (an unclosed quote, …) ends the run
      // (its lenient mode loses the records after a broken one). Committed batches stay.
      const parser = o.input.pipe(
        parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
      );
      // pipe() does not pass on a source's failure (a dropped upload): the parser must end with it.
      o.input.on('error', (e) => parser.destroy(e));
      let columns: Partial<Record<ImportField, number>> | null = null;
      let width = 0;
      const seen = new Map<string, number>();
      const dryCustomers = new Set<string>();
      let batch: Batch = { rows: [], lastLine: 0 };
      const flush = async () => {
        if (batch.rows.length === 0) return;
        if (o.dryRun) await checkBatch(session.manager, o.businessId, batch.rows, report, dryCustomers);
        else await writeBatch(ds, writer, batch);
        batch = { rows: [], lastLine: 0 };
        o.onProgress?.(report.rowsRead);
      };
      try {
        for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          const { record, info } = item;
          if (!columns) {
            try {
              columns = resolveColumns(record, o.mapping);
            } catch (e) {
              throw new ImportRefused(e instanceof MappingError ? e.message : String(e));
            }
            width = record.length;
            continue;
          }
          report.rowsRead++;
          const line = info.lines;
          if (record.length !== width) {
            report.rowsRejected++;
            bad(line, { field: 'row', problem: `${record.length} columns, the header has ${width}` });
            continue;
          }
          const row = parseRow(record, { columns, currencyDigits: digits, now: o.now });
          if (Array.isArray(row)) {
            report.rowsRejected++;
            for (const p of row) bad(line, p);
            continue;
          }
          const first = seen.get(row.purchaseId);
          if (first !== undefined) {
            report.rowsRejected++;
            bad(line, { field: 'purchase_id', problem: `duplicate of line ${first}` });
            continue;
          }
          seen.set(row.purchaseId, line);
          if (line <= skipThrough) {
            report.linesSkipped = line;
            continue;
          }
          batch.rows.push(row);
          batch.lastLine = line;
          if (batch.rows.length >= batchSize) await flush();
        }
        if (!columns) throw new ImportRefused('the file is empty (no header line)');
        await flush();
      } catch (e) {
        if (e instanceof ImportRefused) throw e;
        const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
        // Nothing written yet: a file csv-parse cannot read is refused; anything else is a failure of its own.
        if (!report.importId) {
          if (isCsvError(e)) throw new ImportRefused(`the file cannot be read: ${message}`);
          throw e;
        }
        // Batches are committed: they stay, recorded, and the next run of the source resumes after them.
        report.state = 'failed';
        report.error = message;
        await markImportFailed(
          o.businessId,
          report.importId,
          { error: message, at: o.now, rowsRead: report.rowsRead, rowsRejected: report.rowsRejected },
          session.manager,
        );
        return report;
      }
      if (!o.dryRun) {
        await ds.transaction(async (m) => {
          await ensureRecord(m, writer);
          await markImportCompleted(
            o.businessId,
            report.importId,
            { at: o.now, rowsRead: report.rowsRead, rowsRejected: report.rowsRejected },
            m,
          );
        });
      }
      o.onProgress?.(report.rowsRead);
      return report;
    } finally {
      await releaseImportLock(o.businessId, session.manager);
    }
  } finally {
    await session.release();
  }
}

function isCsvError(e: unknown): boolean {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('CSV_');
}

interface RecordWriter {
  o: ImportOptions;
  report: ImportReport;
  skipThrough: number;
}

/**
 * Writes the run's record in the caller's transaction the first time, and marks
 * the run it resumes as 'resumed' (its progress now continues in this record).
 */
async function ensureRecord(m: EntityManager, w: RecordWriter): Promise<void> {
  if (w.report.importId) return;
  const { o, report } = w;
  const id = await insertImportRecord(
    o.businessId,
    {
      source: o.source,
      mapping: o.mapping,
      resumedFrom: report.resumedFrom,
      committedLine: w.skipThrough,
      startedAt: o.now,
    },
    m,
  );
  if (report.resumedFrom) await markImportResumed(o.businessId, report.resumedFrom, m);
  report.importId = id;
}

/** Dry run: counts what a real run would do, writing nothing. */
async function checkBatch(
  m: EntityManager,
  businessId: string,
  rows: ParsedRow[],
  report: ImportReport,
  counted: Set<string>,
) {
  if (rows.length === 0) return;
  const r = await countKnown(
    businessId,
    rows.map((r) => r.purchaseId),
    [...new Set(rows.map((r) => r.customerId))].filter((c) => !counted.has(c)),
    m,
  );
  for (const r of rows) counted.add(r.customerId);
  report.purchasesExisting += r.existing;
  report.purchasesImported += rows.length - r.existing;
  report.customersCreated += r.customers;
}

/** One batch, one transaction: customers, purchases, and the record's progress commit together or not at all. */
async function writeBatch(ds: DataSource, w: RecordWriter, batch: Batch) {
  const { rows } = batch;
  const { report } = w;
  const businessId = w.o.businessId;
  await ds.transaction(async (m) => {
    await ensureRecord(m, w);
    let created = 0;
    let imported = 0;
    if (rows.length) {
      const customers = new Map<string, ParsedRow>();
      for (const r of rows) if (!customers.has(r.customerId)) customers.set(r.customerId, r);
      const c = [...customers.values()];
      created = await insertHistoryCustomers(businessId, report.importId, c, m);
      imported = await insertHistoryPurchases(businessId, report.importId, rows, m);
      if (imported) {
        // The retention summaries of these customers, in the same transaction (summary.repository.ts).
        const keys = await customerSummaryKeys(
          businessId,
          c.map((x) => x.customerId),
          m,
        );
        await refreshCustomerSummaries(businessId, keys, m);
      }
    }
    if (w.o.awardPoints && rows.length) await awardPoints(m, w, rows);
    await recordBatchProgress(
      businessId,
      report.importId,
      {
        committedLine: batch.lastLine,
        rowsRead: report.rowsRead,
        rowsRejected: report.rowsRejected,
        imported,
        existing: rows.length - imported,
        customersCreated: created,
      },
      m,
    );
    report.purchasesImported += imported;
    report.purchasesExisting += rows.length - imported;
    report.customersCreated += created;
  });
}

/**
 * Earns the points of the batch's purchases whose customer is linked to a
 * member (new and already imported ones: the ledger's idempotency key makes a
 * repeat a no-op), each by the rules version in force at its time, in the
 * batch's transaction.
 */
async function awardPoints(m: EntityManager, w: RecordWriter, rows: ParsedRow[]): Promise<void> {
  const businessId = w.o.businessId;
  const linked = await linkedPurchases(
    businessId,
    rows.map((r) => r.purchaseId),
    m,
  );
  if (!linked.length) return;
  const versions = await ruleVersions(businessId, m);
  const qr = m.queryRunner;
  if (!qr) throw new Error('awardPoints needs a transaction');
  const client = (await qr.connect()) as LedgerClient;
  const ledger = new Ledger(null as unknown as Pool);
  for (const p of linked) {
    const v = versions.find((x) => x.effective_from.getTime() <= p.at.getTime());
    if (!v) continue; // no rules in force then: nothing to earn
    const amount = Number(p.amount);
    const evaluation = evaluatePurchase(
      {
        occurredAt: p.at,
        total: amount,
        lines: [{ lineId: 'import', sku: p.sku, category: p.category, quantity: 1, unitPrice: amount }],
      },
      v.rules,
      null,
      { timeZone: p.tz, currencyDigits: currencyDigits(p.currency) },
    );
    let earned = 0;
    for (const posting of evaluation.postings) {
      if (posting.kind !== 'points' || posting.amount <= 0) continue;
      const expiresAt = posting.expiresAt ? new Date(posting.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= w.o.now.getTime()) {
        w.report.pointsAlreadyExpired += posting.amount;
        continue;
      }
      const r = await ledger.earn({
        client,
        businessId,
        idempotencyKey: `import:${p.id}:${posting.key}`,
        account: { unit: 'points', ownerType: 'member', ownerId: p.member },
        amount: posting.amount,
        expiresAt,
        at: w.o.now,
        reason: `imported purchase (rules version ${v.version})`,
        reference: `import:${p.ext}`,
      });
      if (!r.replayed) earned += posting.amount;
    }
    if (earned > 0) {
      w.report.pointsAwarded += earned;
      w.report.purchasesAwarded += 1;
    }
  }
}
