/**
 * A simple in-memory model of the ledger's documented semantics, used as the
 * oracle of the property test. Written independently of the SQL: plain
 * arrays, no locking, no idempotency storage beyond a map.
 */
export type Code = 'INSUFFICIENT_BALANCE' | 'HOLD_NOT_OPEN' | 'REVERSAL_REFUSED' | 'NOT_FOUND';

export class ModelError extends Error {
  constructor(readonly code: Code) {
    super(code);
  }
}

export interface MBalance {
  available: number;
  pending: number;
  held: number;
}

export interface MLot {
  account: string;
  kind: 'earn' | 'debt';
  status: 'pending' | 'available' | 'voided';
  amount: number;
  remaining: number;
  expiresAt: number | null;
  /** the transaction that created the lot */
  tx: number;
}

export interface MHold {
  kind: 'reservation' | 'pending_earn';
  account: string;
  amount: number;
  lot: number | null;
  status: 'open' | 'captured' | 'released' | 'expired';
  createdTx: number;
  expiresAt: number | null;
}

export interface MTx {
  kind: 'earn' | 'spend' | 'hold' | 'capture' | 'release' | 'reverse';
  account: string;
  amount: number;
  moves: { lot: number; amount: number }[];
  hold: number | null;
  reverses: number | null;
}

export interface MResult {
  amount: number;
  balance: MBalance;
  tx: number;
  hold: number | null;
  requestedAmount?: number;
}

export interface MState {
  accounts: Record<string, MBalance>;
  system: Record<'issued' | 'redeemed' | 'expired' | 'reversed', number>;
  lots: MLot[];
  holds: MHold[];
  txs: MTx[];
}

export type Policy = 'allow_negative' | 'clamp' | 'refuse';

export class LedgerModel {
  s: MState = {
    accounts: {},
    system: { issued: 0, redeemed: 0, expired: 0, reversed: 0 },
    lots: [],
    holds: [],
    txs: [],
  };

  balance(account: string): MBalance {
    return { ...(this.s.accounts[account] ?? { available: 0, pending: 0, held: 0 }) };
  }

  /** Runs fn on a copy of the state; the copy replaces the state only if fn does not throw. */
  private atomic<T>(fn: () => T): T {
    const saved = structuredClone(this.s);
    try {
      return fn();
    } catch (e) {
      this.s = saved;
      throw e;
    }
  }

  private acc(account: string): MBalance {
    return (this.s.accounts[account] ??= { available: 0, pending: 0, held: 0 });
  }

  private restore(sourceTx: number, intoTx: MTx): void {
    for (const m of this.s.txs[sourceTx].moves) {
      this.s.lots[m.lot].remaining -= m.amount;
      intoTx.moves.push({ lot: m.lot, amount: -m.amount });
    }
  }

  /** Due processing of one account at time `at`. */
  settle(account: string, at: number): { expired: number; holds: number; matured: number } {
    const out = { expired: 0, holds: 0, matured: 0 };
    if (!this.s.accounts[account]) return out;
    const a = this.acc(account);
    const due = this.s.holds
      .map((h, id) => ({ h, id }))
      .filter(
        ({ h }) => h.account === account && h.status === 'open' && h.expiresAt !== null && h.expiresAt <= at,
      )
      .sort((x, y) => x.h.expiresAt! - y.h.expiresAt! || x.id - y.id);
    for (const { h } of due) {
      if (h.kind === 'reservation') {
        a.held -= h.amount;
        a.available += h.amount;
        const tx: MTx = { kind: 'release', account, amount: h.amount, moves: [], hold: null, reverses: null };
        this.restore(h.createdTx, tx);
        this.s.txs.push(tx);
        h.status = 'expired';
        out.holds++;
      } else {
        const lot = this.s.lots[h.lot!];
        a.pending -= lot.remaining;
        a.available += lot.remaining;
        lot.status = 'available';
        h.status = 'captured';
        out.matured++;
      }
    }
    let total = 0;
    for (const lot of this.s.lots) {
      if (
        lot.account === account &&
        lot.status === 'available' &&
        lot.remaining > 0 &&
        lot.expiresAt !== null &&
        lot.expiresAt <= at
      ) {
        total += lot.remaining;
        lot.remaining = 0;
      }
    }
    a.available -= total;
    this.s.system.expired += total;
    out.expired = total;
    return out;
  }

  private consume(account: string, amount: number, tx: MTx): void {
    let left = amount;
    const order = this.s.lots
      .map((l, id) => ({ l, id }))
      .filter(({ l }) => l.account === account && l.status === 'available' && l.remaining > 0)
      .sort((x, y) => {
        const ex = x.l.expiresAt ?? Infinity;
        const ey = y.l.expiresAt ?? Infinity;
        return ex - ey || x.id - y.id;
      });
    for (const { l, id } of order) {
      if (left === 0) break;
      const t = Math.min(l.remaining, left);
      l.remaining -= t;
      tx.moves.push({ lot: id, amount: -t });
      left -= t;
    }
    if (left !== 0) throw new Error(`model: lots do not cover ${amount}`);
  }

  earn(
    account: string,
    amount: number,
    at: number,
    expiresAt: number | null,
    pendingUntil: number | null,
  ): MResult {
    return this.atomic(() => {
      const a = this.acc(account);
      const pending = pendingUntil !== null && pendingUntil > at;
      const txId = this.s.txs.length;
      const tx: MTx = { kind: 'earn', account, amount, moves: [], hold: null, reverses: null };
      this.s.txs.push(tx);
      let settle = 0;
      const debt = this.s.lots.find((l) => l.account === account && l.kind === 'debt');
      if (!pending && a.available < 0 && debt && debt.remaining < 0)
        settle = Math.min(amount, -debt.remaining);
      const lotId = this.s.lots.length;
      this.s.lots.push({
        account,
        kind: 'earn',
        status: pending ? 'pending' : 'available',
        amount,
        remaining: amount - settle,
        expiresAt,
        tx: txId,
      });
      if (settle > 0) debt!.remaining += settle;
      let hold: number | null = null;
      if (pending) {
        a.pending += amount;
        hold = this.s.holds.length;
        this.s.holds.push({
          kind: 'pending_earn',
          account,
          amount,
          lot: lotId,
          status: 'open',
          createdTx: txId,
          expiresAt: pendingUntil,
        });
      } else {
        a.available += amount;
      }
      this.s.system.issued -= amount;
      return { amount, balance: { ...a }, tx: txId, hold };
    });
  }

  debit(
    kind: 'spend' | 'hold',
    account: string,
    amount: number,
    at: number,
    holdExpiresAt: number | null,
  ): MResult {
    return this.atomic(() => {
      if (!this.s.accounts[account]) throw new ModelError('INSUFFICIENT_BALANCE');
      this.settle(account, at);
      const a = this.acc(account);
      if (a.available - amount < 0) throw new ModelError('INSUFFICIENT_BALANCE');
      const txId = this.s.txs.length;
      const tx: MTx = { kind, account, amount, moves: [], hold: null, reverses: null };
      this.s.txs.push(tx);
      this.consume(account, amount, tx);
      a.available -= amount;
      let hold: number | null = null;
      if (kind === 'hold') {
        a.held += amount;
        hold = this.s.holds.length;
        this.s.holds.push({
          kind: 'reservation',
          account,
          amount,
          lot: null,
          status: 'open',
          createdTx: txId,
          expiresAt: holdExpiresAt,
        });
      } else {
        this.s.system.redeemed += amount;
      }
      return { amount, balance: { ...a }, tx: txId, hold };
    });
  }

  resolve(capture: boolean, holdId: number, at: number): MResult {
    return this.atomic(() => {
      const h = this.s.holds[holdId];
      if (!h) throw new ModelError('NOT_FOUND');
      this.settle(h.account, at);
      if (h.status !== 'open') throw new ModelError('HOLD_NOT_OPEN');
      const a = this.acc(h.account);
      const txId = this.s.txs.length;
      const tx: MTx = {
        kind: capture ? 'capture' : 'release',
        account: h.account,
        amount: 0,
        moves: [],
        hold: holdId,
        reverses: null,
      };
      this.s.txs.push(tx);
      let r: number;
      if (h.kind === 'reservation') {
        r = h.amount;
        a.held -= r;
        if (capture) this.s.system.redeemed += r;
        else {
          a.available += r;
          this.restore(h.createdTx, tx);
        }
      } else {
        const lot = this.s.lots[h.lot!];
        r = lot.remaining;
        a.pending -= r;
        if (capture) {
          a.available += r;
          lot.status = 'available';
        } else {
          this.s.system.issued += r;
          lot.remaining = 0;
          lot.status = 'voided';
        }
      }
      tx.amount = r;
      h.status = capture ? 'captured' : 'released';
      return { amount: r, balance: { ...a }, tx: txId, hold: holdId };
    });
  }

  reverse(target: number, amount: number | null, policy: Policy, at: number): MResult {
    return this.atomic(() => {
      const t = this.s.txs[target];
      if (!t) throw new ModelError('NOT_FOUND');
      if (!['earn', 'spend', 'capture'].includes(t.kind)) throw new ModelError('REVERSAL_REFUSED');
      if (t.kind === 'capture' && this.s.holds[t.hold!].kind !== 'reservation')
        throw new ModelError('REVERSAL_REFUSED');
      this.settle(t.account, at);
      const a = this.acc(t.account);
      const reversals = this.s.txs
        .map((x, id) => ({ x, id }))
        .filter(({ x }) => x.kind === 'reverse' && x.reverses === target);
      let reversible = t.amount - reversals.reduce((s, { x }) => s + x.amount, 0);
      let lotId = -1;
      if (t.kind === 'earn') {
        lotId = this.s.lots.findIndex((l) => l.kind === 'earn' && l.tx === target);
        const lot = this.s.lots[lotId];
        if (lot.status === 'voided') reversible = 0;
        else if (lot.status === 'pending') reversible = lot.remaining;
      }
      if (reversible <= 0) throw new ModelError('REVERSAL_REFUSED');
      const r = amount ?? reversible;
      if (r > reversible) throw new ModelError('REVERSAL_REFUSED');
      let actual = r;
      const txId = this.s.txs.length;
      const tx: MTx = {
        kind: 'reverse',
        account: t.account,
        amount: 0,
        moves: [],
        hold: null,
        reverses: target,
      };
      this.s.txs.push(tx);
      if (t.kind === 'earn' && this.s.lots[lotId].status === 'pending') {
        const lot = this.s.lots[lotId];
        lot.remaining -= actual;
        tx.moves.push({ lot: lotId, amount: -actual });
        a.pending -= actual;
        if (lot.remaining === 0) {
          lot.status = 'voided';
          const h = this.s.holds.find((x) => x.lot === lotId && x.status === 'open');
          if (h) h.status = 'released';
        }
        this.s.system.reversed += actual;
      } else if (t.kind === 'earn') {
        const lot = this.s.lots[lotId];
        const take = Math.min(r, Math.max(lot.remaining, 0));
        const short = r - take;
        const other = Math.min(short, Math.max(a.available - take, 0));
        let debt = short - other;
        if (debt > 0) {
          if (policy === 'refuse') throw new ModelError('REVERSAL_REFUSED');
          if (policy === 'clamp') {
            actual = r - debt;
            debt = 0;
          }
        }
        if (take > 0) {
          lot.remaining -= take;
          tx.moves.push({ lot: lotId, amount: -take });
        }
        if (other > 0) this.consume(t.account, other, tx);
        if (debt > 0) {
          let d = this.s.lots.findIndex((l) => l.account === t.account && l.kind === 'debt');
          if (d < 0) {
            d = this.s.lots.length;
            this.s.lots.push({
              account: t.account,
              kind: 'debt',
              status: 'available',
              amount: 0,
              remaining: 0,
              expiresAt: null,
              tx: txId,
            });
          }
          this.s.lots[d].remaining -= debt;
          tx.moves.push({ lot: d, amount: -debt });
        }
        a.available -= actual;
        this.s.system.reversed += actual;
      } else {
        const src = t.kind === 'capture' ? this.s.holds[t.hold!].createdTx : target;
        const outstanding = new Map<number, number>();
        for (const id of [src, ...reversals.map((x) => x.id)]) {
          for (const m of this.s.txs[id].moves)
            outstanding.set(m.lot, (outstanding.get(m.lot) ?? 0) - m.amount);
        }
        const order = [...outstanding.entries()]
          .filter(([, v]) => v > 0)
          .sort(([x], [y]) => {
            const ex = this.s.lots[x].expiresAt ?? Infinity;
            const ey = this.s.lots[y].expiresAt ?? Infinity;
            return ey - ex || y - x;
          });
        let left = actual;
        for (const [lot, v] of order) {
          if (left === 0) break;
          const t2 = Math.min(v, left);
          this.s.lots[lot].remaining += t2;
          tx.moves.push({ lot, amount: t2 });
          left -= t2;
        }
        if (left !== 0) throw new Error('model: nothing to restore');
        a.available += actual;
        this.s.system.reversed -= actual;
      }
      tx.amount = actual;
      return { amount: actual, balance: { ...a }, tx: txId, hold: null, requestedAmount: r };
    });
  }

  expireAll(at: number): { expired: number; holds: number; matured: number } {
    const out = { expired: 0, holds: 0, matured: 0 };
    for (const account of Object.keys(this.s.accounts).sort()) {
      const r = this.settle(account, at);
      out.expired += r.expired;
      out.holds += r.holds;
      out.matured += r.matured;
    }
    return out;
  }
}
