/**
 * The CLI on a CSV made from the CDNOW sample (written with a BOM, CRLF and
 * quoted ids, as exported by a spreadsheet), run through the npm script itself;
 * then argument and row errors, and the refusal on too little data, in-process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdnowSamplePurchases } from '../../test/cdnow';
import { parseFitArgs, runFit } from './fit';

const ROOT = join(__dirname, '../../../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'retention-fit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, lines: string[], eol = '\n', bom = false): string {
  const file = join(dir, name);
  writeFileSync(file, (bom ? '\ufeff' : '') + lines.join(eol) + eol);
  return file;
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runFit(
    argv,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('npm run -s retention:fit', () => {
  it('prints exactly one JSON object with the published CDNOW estimates', () => {
    const rows = cdnowSamplePurchases().map((p) => `"${p.customerId}",${p.day},${p.amount.toFixed(2)}`);
    const csv = writeCsv('cdnow.csv', ['customer_id,date,amount', ...rows], '\r\n', true);
    const res = spawnSync(
      'npm',
      ['run', '-s', 'retention:fit', '--', '--csv', csv, '--calibration-end', '1997-09-30'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]) as Record<string, any>;
    expect(Object.keys(json)).toEqual(['customers', 'bgnbd', 'gammagamma']);
    expect(Object.keys(json.bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'll']);
    expect(Object.keys(json.gammagamma)).toEqual(['p', 'q', 'gamma', 'll']);
    expect(json.customers).toBe(2357);
    const close = (v: unknown, expected: number, decimals: number): void => {
      expect(typeof v).toBe('number');
      expect(Math.abs((v as number) - expected)).toBeLessThan(0.5 * 10 ** -decimals);
    };
    close(json.bgnbd.r, 0.2425945, 3);
    close(json.bgnbd.alpha, 4.4136019, 3);
    close(json.bgnbd.a, 0.7929199, 3);
    close(json.bgnbd.b, 2.4258881, 3);
    close(json.bgnbd.ll, -9582.429, 3);
    close(json.gammagamma.p, 6.25, 2);
    close(json.gammagamma.q, 3.74, 2);
    close(json.gammagamma.gamma, 15.44, 2);
    close(json.gammagamma.ll, -4055.92, 2);
  });
});

describe('retention:fit errors', () => {
  it('needs both arguments and a real date', () => {
    expect(() => parseFitArgs(['--csv', 'x.csv'])).toThrow('--calibration-end');
    expect(() => parseFitArgs(['--calibration-end', '2025-01-01'])).toThrow('--csv');
    expect(() => parseFitArgs(['--csv', 'x', '--calibration-end', '2025-02-30'])).toThrow('not a date');
    expect(() => parseFitArgs(['--csv', 'x', '--calibration-end', '2025-01-01', '--verbose'])).toThrow(
      'unknown argument',
    );
    expect(parseFitArgs(['--csv=a.csv', '--calibration-end=2025-01-01'])).toEqual({
      csv: 'a.csv',
      calibrationEnd: '2025-01-01',
    });
  });

  it.each([
    [
      ['customer_id,date,amount', 'a,2025-01-01,10', 'b,2025-13-01,5'],
      'line 3: date is not YYYY-MM-DD: 2025-13-01',
    ],
    [
      ['customer_id,date,amount', 'a,2025-01-01,10', 'b,2025-01-02,1e3'],
      'line 3: amount is not a decimal number: 1e3',
    ],
    [['customer_id,date,amount', 'a,2025-01-01'], 'line 2: expected 3 fields, got 2'],
    [['id,day,value', 'a,2025-01-01,1'], 'line 1: the header must be customer_id,date,amount'],
    [['customer_id,date,amount', ',2025-01-01,1'], 'line 2: empty customer_id'],
    [
      ['customer_id,date,amount', '', 'a,2025-01-01,1', '"b', 'c",2025-01-01,x'],
      'line 5: amount is not a decimal number: x',
    ],
  ])('exit 2 with the line number of a bad row (%#)', async (lines, message) => {
    const res = await run(['--csv', writeCsv('bad.csv', lines), '--calibration-end', '2025-06-30']);
    expect(res.code).toBe(2);
    expect(res.out).toBe('');
    expect(res.err).toContain(message);
  });

  it('exit 2 for a missing file', async () => {
    const res = await run(['--csv', join(dir, 'nope.csv'), '--calibration-end', '2025-06-30']);
    expect(res.code).toBe(2);
    expect(res.err).toContain('ENOENT');
  });

  it('exit 1 and the reasons, nothing on stdout, when there is too little data for a model', async () => {
    const lines = ['customer_id,date,amount'];
    for (let c = 0; c < 20; c++)
      lines.push(`c${c},2025-01-0${(c % 9) + 1},10.50`, `c${c},2025-02-1${c % 10},12`);
    const res = await run(['--csv', writeCsv('small.csv', lines), '--calibration-end', '2025-06-30']);
    expect(res.code).toBe(1);
    expect(res.out).toBe('');
    expect(res.err).toContain('20 customers, fewer than the 300 needed');
  });
});
