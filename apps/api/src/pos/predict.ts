import type { HolderSnapshot } from '@regulars/ledger';

/**
 * The holder snapshot after these earns, as the ledger's earn writes them: the
 * amount goes to pending (pending earns) or available, and an available lot
 * lapsing inside the window joins "expiring". null when the ledger would do
 * more than that (an earn into a negative balance settles the debt first):
 * such a purchase takes the multi-statement path. Whatever this predicts,
 * pos_record_purchase compares it with the balances it actually wrote.
 */
export function predictAfterEarns(
  before: HolderSnapshot,
  earns: { unit: string; amount: number; pending: boolean; expiresAt: Date | null }[],
  window: { expiringUnit: string; from: Date; until: Date },
): HolderSnapshot | null {
  const balances = new Map(before.balances.map((b) => [b.unit, { ...b.balance }]));
  const expiring = new Map(before.expiring.map((e) => [e.expiresAt.getTime(), e.amount]));
  for (const e of earns) {
    const b = balances.get(e.unit) ?? { available: 0, pending: 0, held: 0 };
    if (b.available < 0) return null;
    if (e.pending) b.pending += e.amount;
    else {
      b.available += e.amount;
      const t = e.expiresAt?.getTime();
      if (
        e.unit === window.expiringUnit &&
        t !== undefined &&
        t > window.from.getTime() &&
        t <= window.until.getTime()
      )
        expiring.set(t, (expiring.get(t) ?? 0) + e.amount);
    }
    balances.set(e.unit, b);
  }
  return {
    balances: [...balances.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([unit, balance]) => ({ unit, balance })),
    expiring: [...expiring.entries()]
      .sort(([a], [b]) => a - b)
      .map(([t, amount]) => ({ expiresAt: new Date(t), amount })),
  };
}
