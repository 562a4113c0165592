/**
 * npm run -s retention:fit -- --csv FILE --calibration-end YYYY-MM-DD
 *
 * Streams `customer_id,date,amount` rows (header line; ISO dates; decimal
 * amounts) into customer summaries (weeks; same-day purchases merged; rows after
 * the calibration end ignored), fits BG/NBD and Gamma-Gamma, and prints one JSON
 * object:
 *   {"customers":N,"bgnbd":{"r","alpha","a","b","ll"},"gammagamma":{"p","q","gamma","ll"}}
 * Exit codes: 0 printed; 1 a model is not usable (too little data, no
 * convergence, boundary: the reasons go to stderr, nothing to stdout);
 * 2 bad arguments or a bad row (its line number on stderr).
 * The only I/O of the library lives here; the calculations are the library's.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { tryDayNumber } from '../dates';
import { fitRetentionModels } from '../model';
import { SummaryBuilder } from '../summary';

export interface FitArgs {
  csv: string;
  calibrationEnd: string;
}

class UsageError extends Error {}

export function parseFitArgs(argv: readonly string[]): FitArgs {
  let csv: string | undefined;
  let calibrationEnd: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [name, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--csv') csv = value();
    else if (name === '--calibration-end') calibrationEnd = value();
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (!csv) throw new UsageError('--csv FILE is required');
  if (!calibrationEnd) throw new UsageError('--calibration-end YYYY-MM-DD is required');
  if (tryDayNumber(calibrationEnd) === null)
    throw new UsageError(`--calibration-end is not a date (YYYY-MM-DD): ${calibrationEnd}`);
  return { csv, calibrationEnd };
}

class RowError extends Error {}

const AMOUNT = /^-?\d+(\.\d+)?$/;

const CSV_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true } as const;

/**
 * Reads the file into a SummaryBuilder, one row at a time; errors name the
 * file's line. The fast path parses without csv-parse's per-record info (which
 * costs about twice the parse itself on 1M rows); a bad record is located
 * afterwards by a second pass (quoted fields may span lines).
 */
export async function readPurchases(file: string, builder: SummaryBuilder): Promise<number> {
  let index = 0;
  try {
    for await (const record of csvRecords(file, false) as AsyncIterable<string[]>) {
      index++;
      checkAndAdd(record, index, builder);
    }
  } catch (e) {
    if (e instanceof RecordError)
      throw new RowError(`line ${await lineOfRecord(file, e.index)}: ${e.message}`);
    throw e;
  }
  return index - 1;
}

function csvRecords(file: string, info: boolean): AsyncIterable<unknown> {
  const input = createReadStream(file);
  const parser = parse({ ...CSV_OPTIONS, info });
  input.on('error', (e) => parser.destroy(e));
  return input.pipe(parser);
}

/** Line (1-based, where the record ends) of the index-th record. */
async function lineOfRecord(file: string, index: number): Promise<number> {
  let i = 0;
  for await (const { info } of csvRecords(file, true) as AsyncIterable<{ info: { lines: number } }>) {
    if (++i === index) return info.lines;
  }
  return index;
}

class RecordError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

function checkAndAdd(record: string[], index: number, builder: SummaryBuilder): void {
  if (index === 1) {
    const header = record.map((h) => h.trim().toLowerCase()).join(',');
    if (header !== 'customer_id,date,amount') {
      throw new RecordError(index, `the header must be customer_id,date,amount (got ${record.join(',')})`);
    }
    return;
  }
  if (record.length !== 3) throw new RecordError(index, `expected 3 fields, got ${record.length}`);
  const id = record[0].trim();
  const date = record[1].trim();
  const amountText = record[2].trim();
  if (id === '') throw new RecordError(index, 'empty customer_id');
  const day = tryDayNumber(date);
  if (day === null) throw new RecordError(index, `date is not YYYY-MM-DD: ${date}`);
  if (!AMOUNT.test(amountText)) throw new RecordError(index, `amount is not a decimal number: ${amountText}`);
  builder.add(id, day, Number(amountText));
}

export async function runFit(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let args: FitArgs;
  try {
    args = parseFitArgs(argv);
  } catch (e) {
    err(
      `retention:fit: ${(e as Error).message}\nusage: npm run -s retention:fit -- --csv FILE --calibration-end YYYY-MM-DD\n`,
    );
    return 2;
  }
  const builder = new SummaryBuilder({ calibrationEnd: args.calibrationEnd, timeUnitDays: 7 });
  try {
    await readPurchases(args.csv, builder);
  } catch (e) {
    err(`retention:fit: ${args.csv}: ${(e as Error).message}\n`);
    return 2;
  }
  const summaries = builder.build();
  const models = fitRetentionModels(summaries);
  const bg = models.purchases.fit;
  const gg = models.spend.fit;
  if (!models.purchases.usable || !models.spend.usable || !bg || !gg) {
    const reasons = [...new Set([...models.purchases.reasons, ...models.spend.reasons])];
    err(`retention:fit: no usable model for ${summaries.length} customers: ${reasons.join('; ')}\n`);
    return 1;
  }
  out(
    `${JSON.stringify({
      customers: summaries.length,
      bgnbd: { r: bg.params.r, alpha: bg.params.alpha, a: bg.params.a, b: bg.params.b, ll: bg.ll },
      gammagamma: { p: gg.params.p, q: gg.params.q, gamma: gg.params.gamma, ll: gg.ll },
    })}\n`,
  );
  return 0;
}

if (require.main === module) {
  runFit(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`retention:fit: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
