/**
 * Demo data for the retention reports: 18 months of purchase history from the
 * café's "old till" (imported as history, so no points), with regulars,
 * occasional visitors, customers who drift away, order values falling over the
 * last three months, regulars who stopped buying pastries, and recorded calls to
 * some who left (one of them came back). Deterministic (seeded).
 */
import { historyCustomerIds } from './demo.repository';
import type { INestApplication } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Clock } from '@regulars/core';
import { importPurchases } from '../imports/importer';
import { DefectionCallEntity, type CallOutcome, type DefectionReason } from '../retention/retention.entities';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const FIRST = [
  'Lena',
  'Jonas',
  'Mia',
  'Paul',
  'Hanna',
  'Felix',
  'Lea',
  'Noah',
  'Clara',
  'Elias',
  'Ida',
  'Luca',
  'Marie',
  'Ben',
  'Sofia',
];
const LAST = [
  'Müller',
  'Schmidt',
  'Fischer',
  'Weber',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Koch',
  'Richter',
  'Wolf',
];

type Kind = 'regular' | 'occasional' | 'drifter' | 'pastry-dropper';

export interface DemoHistorySummary {
  customers: number;
  purchases: number;
  calls: number;
}

export async function seedRetentionHistory(
  app: INestApplication,
  businessId: string,
  staffId: string,
): Promise<DemoHistorySummary> {
  const ds = app.get(DataSource);
  const now = app.get(Clock).now();
  const rand = rng(17);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = today - 548 * DAY;
  const monthStart = (back: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1);
  // Order values fall over the last three complete months, business-wide.
  const scale = (t: number) =>
    t >= monthStart(0)
      ? 0.78
      : t >= monthStart(1)
        ? 0.8
        : t >= monthStart(2)
          ? 0.88
          : t >= monthStart(3)
            ? 0.96
            : 1;
  const lines = ['purchase_id,customer_id,customer_name,customer_email,date,amount,category'];
  const drifters: { id: string; last: number }[] = [];
  let purchases = 0;
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const add = (cid: string, name: string, email: string, t: number, category: string, base: number) => {
    const hour = 7 + Math.floor(rand() * 10);
    const amount = Math.max(1.5, Math.round(base * scale(t) * (0.85 + rand() * 0.3) * 10) / 10);
    lines.push(
      `H-${cid}-${++purchases},${cid},${name},${email},${day(t)} ${String(hour).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')},${amount.toFixed(2)},${category}`,
    );
  };
  const customers = 320;
  for (let c = 0; c < customers; c++) {
    const r = rand();
    const kind: Kind =
      r < 0.25 ? 'regular' : r < 0.75 ? 'occasional' : r < 0.93 ? 'drifter' : 'pastry-dropper';
    const cid = `OLD-${1000 + c}`;
    const name = `${FIRST[c % FIRST.length]} ${LAST[Math.floor(c / FIRST.length) % LAST.length]}`;
    // The demo member Ana has history in the old till too (linked by her email).
    const email = c === 0 ? 'ana@example.test' : '';
    const gap = kind === 'occasional' ? 20 + rand() * 40 : 4 + rand() * 6;
    const base = kind === 'occasional' ? 6 + rand() * 10 : 4 + rand() * 5;
    let t = start + rand() * (kind === 'occasional' ? 300 : 120) * DAY;
    const stop = kind === 'drifter' ? today - (60 + rand() * 240) * DAY : today - DAY;
    const pastryUntil = kind === 'pastry-dropper' ? today - (100 + rand() * 30) * DAY : Infinity;
    let last = t;
    while (t < stop) {
      const pastry = t < pastryUntil && (kind === 'pastry-dropper' || rand() < 0.3);
      add(cid, name, email, t, pastry ? 'bakery' : 'coffee', pastry ? base + 3 : base);
      last = t;
      t += gap * (0.6 + rand() * 0.8) * DAY;
    }
    if (kind === 'drifter') drifters.push({ id: cid, last });
  }
  // One drifter came back after the café called them (two days after the call, below).
  const wonBack = drifters[0];
  const callAt = (d: { last: number }, i: number) =>
    new Date(Math.max(d.last + 30 * DAY, today - (20 + 3 * i) * DAY));
  if (wonBack) add(wonBack.id, 'Came Back', '', callAt(wonBack, 0).getTime() + 2 * DAY, 'coffee', 6);

  await importPurchases(ds, {
    businessId,
    source: 'demo-old-till.csv',
    input: Readable.from(lines.map((l) => `${l}\n`)),
    mapping: {},
    dryRun: false,
    now,
  });

  const reasons: [DefectionReason | null, string | null, CallOutcome][] = [
    ['price', 'The flat white went up too much', 'will_return'],
    ['moved', 'Moved to the other side of town', 'declined'],
    ['competitor', 'The new bakery on the corner', 'declined'],
    [null, null, 'no_answer'],
    ['service', 'Waited too long at lunchtime', 'will_return'],
    ['price', null, 'declined'],
    ['no_longer_needed', 'Works from home now', 'declined'],
    ['quality', 'Croissants were stale twice', 'call_back'],
  ];
  const ids = await historyCustomerIds(
    ds,
    businessId,
    drifters.slice(0, reasons.length).map((d) => d.id),
  );
  const byExt = new Map(ids.map((r) => [r.ext, r.id]));
  const repo = ds.getRepository(DefectionCallEntity);
  let calls = 0;
  for (const [i, d] of drifters.slice(0, reasons.length).entries()) {
    const id = byExt.get(d.id);
    if (!id) continue;
    const [reason, text, outcome] = reasons[i];
    await repo.save(
      repo.create({
        businessId,
        memberId: null,
        historyCustomerId: id,
        staffId,
        calledAt: callAt(d, i),
        reached: outcome !== 'no_answer',
        reason,
        reasonText: text,
        outcome,
        followUpOn: null,
      }),
    );
    calls++;
  }
  return { customers, purchases, calls };
}
