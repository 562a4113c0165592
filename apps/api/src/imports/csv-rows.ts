/**
 * Parsing and checking one row of a purchase-history CSV: pure functions, no
 * I/O. The importer (importer.ts) streams the file through csv-parse and calls
 * these for every record.
 */

/** The fields a purchase-history file can carry; the first four are required. */
export const IMPORT_FIELDS = [
  'purchase_id',
  'customer_id',
  'date',
  'amount',
  'customer_name',
  'customer_email',
  'sku',
  'category',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['purchase_id', 'customer_id', 'date', 'amount'];

/** Our field → the header of the file's column. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export class MappingError extends Error {}

/**
 * Parses `field=Header,field=Header` (the CLI's --mapping and the API's
 * `mapping` parameter). Fields not named map to a column of their own name.
 */
export function parseMapping(spec: string | undefined): ColumnMapping {
  const m: ColumnMapping = {};
  if (!spec) return m;
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const field = (eq < 0 ? '' : part.slice(0, eq)).trim();
    const header = (eq < 0 ? '' : part.slice(eq + 1)).trim();
    if (!(IMPORT_FIELDS as readonly string[]).includes(field) || !header)
      throw new MappingError(
        `mapping "${part}" is not field=Header with a field among ${IMPORT_FIELDS.join(', ')}`,
      );
    if (m[field as ImportField] !== undefined) throw new MappingError(`mapping names ${field} twice`);
    m[field as ImportField] = header;
  }
  return m;
}

/** Column index of each field in this file's header; throws when a required one is missing. */
export function resolveColumns(
  header: string[],
  mapping: ColumnMapping,
): Partial<Record<ImportField, number>> {
  const names = header.map((h) => h.trim());
  const cols: Partial<Record<ImportField, number>> = {};
  const missing: string[] = [];
  for (const f of IMPORT_FIELDS) {
    const wanted = mapping[f] ?? f;
    const i = names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
    if (i >= 0) cols[f] = i;
    else if (REQUIRED_FIELDS.includes(f) || mapping[f] !== undefined)
      missing.push(`${f} (column "${wanted}")`);
  }
  if (missing.length) throw new MappingError(`the header has no column for ${missing.join(', ')}`);
  return cols;
}

export interface ParsedRow {
  purchaseId: string;
  customerId: string;
  /** Local date-time 'YYYY-MM-DD HH:MM:SS(.fff)'. */
  local: string;
  /** '+HH:MM' / 'Z' when the file gave an offset; null: the time is in the business's time zone. */
  offset: string | null;
  /** Minor units of the business currency. */
  amount: number;
  customerName: string | null;
  customerEmail: string | null;
  sku: string | null;
  category: string | null;
}

export interface RowProblem {
  field: ImportField | 'row';
  problem: string;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A date, optionally with a time and an offset. Without an offset the time is
 * read in the business's time zone (by PostgreSQL, at insert); a date alone is
 * local midnight. Returns the parts or a problem.
 */
export function parseDateTime(s: string): { local: string; offset: string | null } | string {
  const m = DATE_TIME.exec(s);
  if (!m) return 'not a date YYYY-MM-DD[ HH:MM[:SS]][Z|±HH:MM]';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, se] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return 'not a calendar date';
  if (h > 23 || mi > 59 || se > 59) return 'not a time of day';
  let offset: string | null = null;
  if (m[8]) {
    const o = m[8].toUpperCase();
    if (o === 'Z') offset = '+00:00';
    else {
      const digits = o.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2) || '0');
      if (oh > 14 || om > 59) return 'not a time zone offset';
      offset = `${o[0]}${digits.slice(0, 2)}:${String(om).padStart(2, '0')}`;
    }
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${m[1]}-${m[2]}-${m[3]} ${pad(h)}:${pad(mi)}:${pad(se)}${m[7] ?? ''}`;
  return { local, offset };
}

/** Decimal major units → integer minor units (at most `digits` decimals). */
export function parseAmount(s: string, digits: number): number | string {
  const t = s.trim();
  if (/^-/.test(t)) return 'negative: returns and refunds are not imported';
  const m = /^\+?(\d{1,12})(?:\.(\d*))?$/.exec(t);
  if (!m) return 'not a decimal amount (digits, optional "." and decimals)';
  const frac = m[2] ?? '';
  if (frac.length > digits)
    return digits === 0 ? 'this currency has no decimals' : `more than ${digits} decimals`;
  const minor = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return 'too large';
  return minor;
}

function text(v: string | undefined, max: number): { value: string | null } | { problem: string } {
  const t = (v ?? '').trim();
  if (t === '') return { value: null };
  if (t.length > max) return { problem: `longer than ${max} characters` };
  if (CONTROL.test(t)) return { problem: 'contains control characters' };
  return { value: t };
}

export interface RowContext {
  columns: Partial<Record<ImportField, number>>;
  currencyDigits: number;
  /** Rows dated more than a day after this instant are refused. */
  now: Date;
}

/** Checks one record; returns the parsed row or every problem found in it. */
export function parseRow(record: string[], ctx: RowContext): ParsedRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const get = (f: ImportField) => {
    const i = ctx.columns[f];
    return i === undefined ? undefined : record[i];
  };
  const limits: Record<ImportField, number> = {
    purchase_id: 100,
    customer_id: 100,
    date: 40,
    amount: 20,
    customer_name: 200,
    customer_email: 254,
    sku: 64,
    category: 64,
  };
  const strings: Partial<Record<ImportField, string | null>> = {};
  for (const f of [
    'purchase_id',
    'customer_id',
    'customer_name',
    'customer_email',
    'sku',
    'category',
  ] as const) {
    const v = text(get(f), limits[f]);
    if ('problem' in v) problems.push({ field: f, problem: v.problem });
    else strings[f] = v.value;
  }
  for (const f of ['purchase_id', 'customer_id'] as const)
    if (strings[f] === null && !problems.some((p) => p.field === f))
      problems.push({ field: f, problem: 'missing' });

  let when: { local: string; offset: string | null } | null = null;
  const rawDate = (get('date') ?? '').trim();
  if (!rawDate) problems.push({ field: 'date', problem: 'missing' });
  else {
    const d = parseDateTime(rawDate);
    if (typeof d === 'string') problems.push({ field: 'date', problem: d });
    else {
      // Without an offset the instant is known to ±14 hours: "future" means more than a day ahead.
      const instant = Date.parse(`${d.local.replace(' ', 'T')}${d.offset ?? 'Z'}`);
      if (instant > ctx.now.getTime() + 24 * 3600_000)
        problems.push({ field: 'date', problem: 'in the future' });
      else when = d;
    }
  }
  let amount: number | null = null;
  const rawAmount = (get('amount') ?? '').trim();
  if (!rawAmount) problems.push({ field: 'amount', problem: 'missing' });
  else {
    const a = parseAmount(rawAmount, ctx.currencyDigits);
    if (typeof a === 'string') problems.push({ field: 'amount', problem: a });
    else amount = a;
  }
  let email = strings.customer_email ?? null;
  if (email !== null) {
    email = email.toLowerCase();
    if (!EMAIL.test(email)) problems.push({ field: 'customer_email', problem: 'not an email address' });
  }
  if (problems.length || !when || amount === null) return problems;
  return {
    purchaseId: strings.purchase_id!,
    customerId: strings.customer_id!,
    local: when.local,
    offset: when.offset,
    amount,
    customerName: strings.customer_name ?? null,
    customerEmail: email,
    sku: strings.sku ?? null,
    category: strings.category ?? null,
  };
}
