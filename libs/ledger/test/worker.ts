/**
 * A separate OS process that drives the ledger for the concurrency and crash
 * tests: `node --import tsx libs/ledger/test/worker.ts '<json>'`.
 * Prints one JSON line per finished operation (and a final {"done":true}).
 */
import { Pool } from 'pg';
import { DomainError } from '@regulars/core';
import { Ledger, type LedgerResult } from '../src';

interface Common {
  url: string;
  businessId: string;
  connections: number;
}
type Task =
  | (Common & { mode: 'retry'; key: string; calls: number; ownerId: string; amount: number; at: string })
  | (Common & {
      mode: 'redeem';
      calls: number;
      ownerId: string;
      amount: number;
      at: string;
      tag: string;
      hold: boolean;
    })
  | (Common & { mode: 'storm'; members: string[]; ops: number; tag: string; at: string; seed: number })
  | (Common & { mode: 'expire'; at: string; runs: number })
  | (Common & { mode: 'crash'; ownerPrefix: string; tag: string; at: string });

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

function outcome(e: unknown): string {
  if (e instanceof DomainError) return e.code;
  const pg = e as { code?: string; message?: string };
  return `ERROR:${pg.code ?? ''}:${pg.message ?? String(e)}`;
}

/** Small deterministic PRNG so a storm is reproducible from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as Task;
  const pool = new Pool({ connectionString: task.url, max: task.connections });
  // When the test kills PostgreSQL, idle clients get the server's 57P01 and the pool re-emits it:
  // without a listener that 'error' event would end this writer before it reports what was
  // acknowledged (the operations in flight fail on their own and are counted as not acknowledged).
  pool.on('error', () => undefined);
  const ledger = new Ledger(pool);
  const b = task.businessId;
  try {
    switch (task.mode) {
      case 'retry': {
        await Promise.all(
          Array.from({ length: task.calls }, async () => {
            try {
              const r = await ledger.earn({
                businessId: b,
                idempotencyKey: task.key,
                at: new Date(task.at),
                account: { unit: 'points', ownerType: 'member', ownerId: task.ownerId },
                amount: task.amount,
              });
              out({
                ok: true,
                transactionId: r.transactionId,
                replayed: r.replayed,
                balance: r.balance,
                amount: r.amount,
              });
            } catch (e) {
              out({ ok: false, code: outcome(e) });
            }
          }),
        );
        break;
      }
      case 'redeem': {
        await Promise.all(
          Array.from({ length: task.calls }, async (_, i) => {
            const input = {
              businessId: b,
              idempotencyKey: `${task.tag}-${i}`,
              at: new Date(task.at),
              account: { unit: 'points', ownerType: 'member' as const, ownerId: task.ownerId },
              amount: task.amount,
            };
            try {
              const r = task.hold ? await ledger.hold(input) : await ledger.spend(input);
              out({ ok: true, transactionId: r.transactionId });
            } catch (e) {
              out({ ok: false, code: outcome(e) });
            }
          }),
        );
        break;
      }
      case 'storm': {
        const random = rng(task.seed);
        let n = 0;
        await Promise.all(
          Array.from({ length: task.connections }, async () => {
            const mine: {
              holds: { id: string; owner: string; amount: number }[];
              earns: { id: string; owner: string }[];
            } = {
              holds: [],
              earns: [],
            };
            for (let done = 0; done < task.ops; done++) {
              const owner = task.members[Math.floor(random() * task.members.length)];
              const account = { unit: 'points', ownerType: 'member' as const, ownerId: owner };
              const amount = 1 + Math.floor(random() * 20);
              const key = `${task.tag}-${++n}`;
              const base = { businessId: b, idempotencyKey: key, at: new Date(task.at) };
              const dice = random();
              let op = '';
              try {
                let r: LedgerResult;
                if (dice < 0.35) {
                  op = 'earn';
                  r = await ledger.earn({ ...base, account, amount });
                  mine.earns.push({ id: r.transactionId, owner });
                  out({ ok: true, op, owner, available: r.amount, held: 0 });
                } else if (dice < 0.65) {
                  op = 'spend';
                  r = await ledger.spend({ ...base, account, amount });
                  out({ ok: true, op, owner, available: -r.amount, held: 0 });
                } else if (dice < 0.8) {
                  op = 'hold';
                  r = await ledger.hold({ ...base, account, amount });
                  mine.holds.push({ id: r.holdId!, owner, amount: r.amount });
                  out({ ok: true, op, owner, available: -r.amount, held: r.amount });
                } else if (dice < 0.92 && mine.holds.length) {
                  const h = mine.holds.splice(Math.floor(random() * mine.holds.length), 1)[0];
                  if (random() < 0.5) {
                    op = 'capture';
                    r = await ledger.capture({ ...base, holdId: h.id });
                    out({ ok: true, op, owner: h.owner, available: 0, held: -r.amount });
                  } else {
                    op = 'release';
                    r = await ledger.release({ ...base, holdId: h.id });
                    out({ ok: true, op, owner: h.owner, available: r.amount, held: -r.amount });
                  }
                } else if (mine.earns.length) {
                  op = 'reverse';
                  const e = mine.earns.splice(Math.floor(random() * mine.earns.length), 1)[0];
                  r = await ledger.reverse({ ...base, transactionId: e.id, policy: 'clamp' });
                  out({ ok: true, op, owner: e.owner, available: -r.amount, held: 0 });
                }
              } catch (e) {
                out({ ok: false, op, code: outcome(e) });
              }
            }
          }),
        );
        break;
      }
      case 'expire': {
        const results = await Promise.all(
          Array.from({ length: task.runs }, async () => {
            try {
              return await ledger.expire({ businessId: b, at: new Date(task.at) });
            } catch (e) {
              return { error: outcome(e) };
            }
          }),
        );
        for (const r of results) out(r);
        break;
      }
      case 'crash': {
        // writes until killed; each line is printed only after the write returned (acknowledged)
        let n = 0;
        await Promise.all(
          Array.from({ length: task.connections }, async () => {
            for (;;) {
              const i = ++n;
              const key = `${task.tag}-${i}`;
              const r = await ledger.earn({
                businessId: b,
                idempotencyKey: key,
                at: new Date(task.at),
                account: { unit: 'points', ownerType: 'member', ownerId: `${task.ownerPrefix}${i % 50}` },
                amount: 1 + (i % 7),
                expiresAt: new Date(new Date(task.at).getTime() + 86_400_000 * (1 + (i % 3))),
              });
              out({ ack: key, transactionId: r.transactionId, amount: r.amount });
              if (i % 5 === 0) {
                const s = await ledger.spend({
                  businessId: b,
                  idempotencyKey: `${key}-s`,
                  at: new Date(task.at),
                  account: { unit: 'points', ownerType: 'member', ownerId: `${task.ownerPrefix}${i % 50}` },
                  amount: 1,
                });
                out({ ack: `${key}-s`, transactionId: s.transactionId, amount: s.amount });
              }
            }
          }),
        );
        break;
      }
      default: {
        const never: never = task;
        throw new Error(`unknown task ${JSON.stringify(never)}`);
      }
    }
    out({ done: true });
  } finally {
    await pool.end();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${String((e as Error).stack ?? e)}\n`);
  process.exit(1);
});
