import { Injectable } from '@nestjs/common';
import { Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { Clock, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { MappingError, parseMapping, type ColumnMapping } from './csv-rows';
import { ImportRefused, importPurchases, type ImportReport } from './importer';
import { HistoryImportEntity } from './import.entities';
import type { ImportRecordView } from './import.dto';

/** Largest CSV body the API accepts (the CLI has no limit). */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

const invalid = (field: string, problem: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, problem, { fields: [{ field, problems: [problem] }] });

export const importRecordView = (r: HistoryImportEntity): ImportRecordView => ({
  id: r.id,
  source: r.source,
  state: r.state,
  committedLine: r.committedLine,
  rowsRead: r.rowsRead,
  purchasesImported: r.purchasesImported,
  purchasesExisting: r.purchasesExisting,
  customersCreated: r.customersCreated,
  rowsRejected: r.rowsRejected,
  resumedFrom: r.resumedFrom,
  error: r.error,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
});

/** Historical imports through the API (the CLI calls importPurchases directly). */
@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async importPurchases(
    businessId: string,
    body: unknown,
    q: { dryRun?: string; awardPoints?: string; mapping?: string; source?: string; contentLength?: number },
  ): Promise<ImportReport> {
    if (!(body instanceof Readable))
      throw invalid('body', 'send the CSV file as the request body with Content-Type: text/csv');
    if (q.contentLength !== undefined && q.contentLength > IMPORT_MAX_BYTES)
      throw invalid('body', `larger than ${IMPORT_MAX_BYTES} bytes: use npm run import on the server`);
    let mapping: ColumnMapping;
    try {
      mapping = parseMapping(q.mapping);
    } catch (e) {
      throw invalid('mapping', e instanceof MappingError ? e.message : String(e));
    }
    let bytes = 0;
    const limited = body.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > IMPORT_MAX_BYTES) done(new Error(`body larger than ${IMPORT_MAX_BYTES} bytes`));
          else done(null, chunk);
        },
      }),
    );
    body.on('error', (e) => limited.destroy(e));
    try {
      return await importPurchases(this.dataSource, {
        businessId,
        source: q.source ?? 'api upload',
        input: limited,
        mapping,
        dryRun: q.dryRun === 'true',
        awardPoints: q.awardPoints === 'true',
        now: this.clock.now(),
      });
    } catch (e) {
      if (e instanceof ImportRefused) throw invalid('body', e.message);
      throw e;
    }
  }

  async list(businessId: string): Promise<HistoryImportEntity[]> {
    return this.dataSource.getRepository(HistoryImportEntity).find({
      where: { businessId },
      order: { startedAt: 'DESC', id: 'ASC' },
      take: 200,
    });
  }

  async get(businessId: string, id: string): Promise<HistoryImportEntity> {
    const r = await this.dataSource.getRepository(HistoryImportEntity).findOneBy({ businessId, id });
    if (!r) throw new NotFoundError('Import');
    return r;
  }
}
