/**
 * `npm run import -- purchases FILE --business SLUG [--dry-run] [--award-points] [--mapping field=Header,…] [--batch N]`
 *
 * Imports purchase history from the old till into DATABASE_URL's (or the
 * embedded) database, streaming, with a progress bar on the terminal. Prints
 * the report as JSON on stdout (the bad rows, by line, on stderr too).
 * Exit codes: 0 done (bad rows are reported, not fatal), 1 failed or refused, 2 usage.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../database/data-source';
import { resolveDatabase } from '../database/resolve-database';
import { MappingError, parseMapping } from '../imports/csv-rows';
import { ImportRefused, importPurchases } from '../imports/importer';

const USAGE =
  'usage: npm run import -- purchases FILE --business SLUG [--dry-run] [--award-points] [--mapping field=Header,...] [--batch N]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      business: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'award-points': { type: 'boolean', default: false },
      mapping: { type: 'string' },
      batch: { type: 'string' },
    },
  });
  const [kind, file] = positionals;
  if (kind !== 'purchases' || !file || !values.business || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  let mapping;
  try {
    mapping = parseMapping(values.mapping);
  } catch (e) {
    console.error(e instanceof MappingError ? e.message : e);
    return 2;
  }
  const batchSize = values.batch ? Number(values.batch) : 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) {
    console.error('--batch must be an integer 1..50000');
    return 2;
  }
  const size = statSync(file).size;

  const db = await resolveDatabase();
  const ds = new DataSource(dataSourceOptions(db.url, 4));
  try {
    await runMigrations(db.url);
    await ds.initialize();
    const [biz] = await ds.query<{ id: string }[]>(`SELECT id FROM businesses WHERE slug = $1`, [
      values.business,
    ]);
    if (!biz) {
      console.error(`no business with the slug ${values.business}`);
      return 1;
    }
    const bar = new SingleBar(
      {
        format: `${values['dry-run'] ? 'checking' : 'importing'} [{bar}] {percentage}% | {value}/{total} bytes | {rows} rows | {eta_formatted}`,
        stream: process.stderr,
        noTTYOutput: false,
      },
      Presets.shades_classic,
    );
    let bytes = 0;
    let rows = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        bar.update(bytes, { rows });
        done(null, chunk);
      },
    });
    const input = createReadStream(file);
    input.on('error', (e) => counter.destroy(e));
    bar.start(size, 0, { rows: 0 });
    let report;
    try {
      report = await importPurchases(ds, {
        businessId: biz.id,
        source: basename(file),
        input: input.pipe(counter),
        mapping,
        dryRun: values['dry-run'],
        awardPoints: values['award-points'],
        now: new Date(),
        batchSize,
        maxBadRowsReported: Number.MAX_SAFE_INTEGER,
        onProgress: (n) => {
          rows = n;
          bar.update(bytes, { rows });
        },
      });
    } finally {
      bar.stop();
    }
    for (const b of report.badRows) console.error(`line ${b.line}: ${b.field}: ${b.problem}`);
    console.log(JSON.stringify(report, null, 2));
    return report.state === 'failed' ? 1 : 0;
  } catch (e) {
    if (e instanceof ImportRefused) {
      console.error(`refused: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
