/** Reads the CDNOW fixtures (copies of the files distributed with lifetimes / BTYD; see test/fixtures/README.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Purchase } from '../src/types';

export const FIXTURES = join(__dirname, 'fixtures');

/** CDNOW_sample.txt: master_id, sample_id, YYYYMMDD, cds, dollar_value (whitespace separated, CRLF). */
export function cdnowSamplePurchases(): Purchase[] {
  const text = readFileSync(join(FIXTURES, 'CDNOW_sample.txt'), 'utf8');
  const out: Purchase[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const d = f[2];
    out.push({
      customerId: String(Number(f[1])),
      day: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
      amount: Number(f[4]),
    });
  }
  return out;
}

export interface PublishedSummary {
  id: string;
  x: number;
  tx: number;
  T: number;
  zbar: number;
  raw: string[];
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar (2 decimals). */
export function cdnowPublishedSummaries(): PublishedSummary[] {
  const text = readFileSync(join(FIXTURES, 'cdnow_customers_summary_with_transactions.csv'), 'utf8');
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const raw = l.split(',');
      return {
        id: raw[0],
        x: Number(raw[1]),
        tx: Number(raw[2]),
        T: Number(raw[3]),
        zbar: Number(raw[4]),
        raw,
      };
    });
}
