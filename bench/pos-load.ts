/**
 * HTTP load generator for `npm run bench:pos`, run as its own process
 * (`node --import tsx bench/pos-load.ts <config.json>`), so that its CPU is
 * not the app's. A fixed number of connections (keep-alive sockets), each a
 * closed loop:
 *   earn:   POST /api/scan {payload} of a random member, then
 *           POST /api/pos/purchases for that member with a unique transactionId;
 *   lookup: POST /api/scan {payload} of a random member.
 * The first `warmupSeconds` are not measured. Prints one JSON line: counts,
 * errors by status, and latency percentiles per request kind and per iteration.
 */
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';

export interface LoadConfig {
  mode: 'earn' | 'lookup';
  baseUrl: string;
  apiKey: string;
  /** File with a JSON array of card payloads (one per member). */
  payloadsFile: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Makes transaction ids unique across runs. */
  tag: string;
}

export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  mode: 'earn' | 'lookup';
  seconds: number;
  /** Completed iterations (earn: scan + purchase both succeeded; lookup: one scan). */
  iterations: number;
  /** Including the warm-up: for CPU time per iteration over the whole process lifetime. */
  allIterations: number;
  perSecond: number;
  iteration: LatencyStats;
  scan: LatencyStats;
  purchase: LatencyStats | null;
  errors: number;
  errorSamples: string[];
}

/** Baskets of a café: [sku, category, quantity, unitPrice]; the seed uses the same list. */
export const BASKETS: [string, string, number, number][][] = [
  [['ESPRESSO', 'coffee', 1, 350]],
  [
    ['CAPPUCCINO', 'coffee', 2, 420],
    ['CROISSANT', 'pastry', 1, 280],
  ],
  [
    ['SANDWICH', 'food', 1, 650],
    ['WATER', 'drinks', 1, 200],
  ],
  [
    ['FLAT-WHITE', 'coffee', 1, 450],
    ['MUFFIN', 'pastry', 2, 320],
    ['GIFT-CARD', 'gift', 1, 2000],
  ],
  [
    ['LATTE', 'coffee', 3, 430],
    ['BROWNIE', 'pastry', 1, 300],
  ],
];

export function basketLines(b: [string, string, number, number][]) {
  return b.map(([sku, category, quantity, unitPrice], i) => ({
    lineId: String(i + 1),
    sku,
    category,
    quantity,
    unitPrice,
  }));
}

export function percentiles(values: number[]): LatencyStats {
  const s = Float64Array.from(values).sort();
  const at = (p: number) =>
    s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: s.length ? s[s.length - 1] : NaN,
    mean: s.length ? sum / s.length : NaN,
  };
}

async function main(): Promise<void> {
  const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadConfig;
  const payloads = JSON.parse(readFileSync(cfg.payloadsFile, 'utf8')) as string[];
  const url = new URL(cfg.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: cfg.connections });

  const post = (path: string, body: unknown): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const data = Buffer.from(JSON.stringify(body));
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path,
          headers: {
            'content-type': 'application/json',
            'content-length': data.length,
            'x-api-key': cfg.apiKey,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(data);
    });

  const scanLat: number[] = [];
  const buyLat: number[] = [];
  const iterLat: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let seq = 0;
  let all = 0;
  const t0 = performance.now();
  const measureFrom = t0 + cfg.warmupSeconds * 1000;
  const deadline = measureFrom + cfg.seconds * 1000;
  const fail = (what: string) => {
    if (performance.now() < measureFrom) return;
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what.slice(0, 300));
  };

  const worker = async () => {
    while (performance.now() < deadline) {
      const member = Math.floor(Math.random() * payloads.length);
      const start = performance.now();
      const measured = start >= measureFrom;
      try {
        const scan = await post('/api/scan', { payload: payloads[member] });
        const afterScan = performance.now();
        if (scan.status !== 200) {
          fail(`scan ${scan.status}: ${scan.text}`);
          continue;
        }
        if (measured) scanLat.push(afterScan - start);
        if (cfg.mode === 'lookup') {
          all++;
          if (measured) iterLat.push(afterScan - start);
          continue;
        }
        const lines = basketLines(BASKETS[Math.floor(Math.random() * BASKETS.length)]);
        const buy = await post('/api/pos/purchases', {
          transactionId: `bench-${cfg.tag}-${++seq}`,
          member: { cardPayload: payloads[member] },
          total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
          lines,
        });
        const end = performance.now();
        if (buy.status !== 201) {
          fail(`purchase ${buy.status}: ${buy.text}`);
          continue;
        }
        all++;
        if (measured) {
          buyLat.push(end - afterScan);
          iterLat.push(end - start);
        }
      } catch (e) {
        fail(String((e as Error).message));
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.connections }, worker));
  const elapsed = (performance.now() - measureFrom) / 1000;
  agent.destroy();
  const result: LoadResult = {
    mode: cfg.mode,
    seconds: elapsed,
    iterations: iterLat.length,
    allIterations: all,
    perSecond: iterLat.length / elapsed,
    iteration: percentiles(iterLat),
    scan: percentiles(scanLat),
    purchase: cfg.mode === 'earn' ? percentiles(buyLat) : null,
    errors,
    errorSamples,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
    process.exit(1);
  });
}
