import { Client } from 'pg';

/** A fingerprint of every table (row count and a hash of the contents): "nothing was written" is before == after. */
export async function snapshot(pg: Client): Promise<Record<string, string>> {
  const tables = (
    await pg.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    )
  ).rows;
  const out: Record<string, string> = {};
  for (const { t: tbl } of tables) {
    const r = await pg.query<{ h: string }>(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') AS h FROM "${tbl}" x`,
    );
    out[tbl] = r.rows[0].h;
  }
  return out;
}

function wrongType(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'boolean') return 'yes';
  if (typeof v === 'number') return 'not-a-number';
  if (Array.isArray(v)) return 'not-an-array';
  return 'not-an-object';
}

/**
 * Bad variants of a valid body: each required field missing, each field of the
 * wrong type, null, oversized (strings), plus an unknown field and an array body.
 */
export function badBodies(valid: Record<string, unknown>, required: string[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const f of required) {
    const body = { ...valid };
    delete body[f];
    out.push([`missing ${f}`, body]);
  }
  for (const f of Object.keys(valid)) {
    out.push([`${f} of the wrong type`, { ...valid, [f]: wrongType(valid[f]) }]);
    if (typeof valid[f] === 'string') out.push([`${f} oversized`, { ...valid, [f]: 'x'.repeat(5000) }]);
    if (typeof valid[f] === 'number')
      out.push([`${f} negative`, { ...valid, [f]: -1 }], [`${f} fractional`, { ...valid, [f]: 1.5 }]);
    out.push([`${f} null`, { ...valid, [f]: null }]);
  }
  out.push(['an unknown field', { ...valid, isAdmin: true }]);
  out.push(['an array body', [valid]]);
  return out;
}

export const ERROR_BODY = {
  error: {
    code: expect.stringMatching(/^(VALIDATION_FAILED|MALFORMED_REQUEST)$/),
    message: expect.any(String),
    details: expect.anything(),
  },
  requestId: expect.any(String),
};
