/**
 * The counter's store-credit panel (issue 16): when the member on the counter
 * buys for a company with store credit (paid out by a rebate settlement), it
 * shows the company's balance and lets the cashier take part or all of the
 * sale from it ("Pay with store credit"), linked to the last receipt of this
 * member. A payment made here can be given back (a return or a cancelled sale).
 * Kept apart from cashier.ts, which only mounts it and tells it who is on the counter.
 */
import { api, ApiError, describeError, newKey } from './api';
import { formatMoney, h, parseMoney, show } from './ui';

interface Balance {
  memberId: string;
  companyId: string | null;
  companyName: string | null;
  currency: string;
  balance: number;
}
interface Movement {
  id: string;
  kind: 'spend' | 'refund';
  amount: number;
  currency: string;
  balance: number;
  companyName: string;
  receiptCode: string | null;
}

export interface StoreCreditHost {
  token(): string | undefined;
  say(text: string, kind: 'ok' | 'error' | 'info'): void;
  /** The session ended: back to the login. */
  loggedOut(): void;
}

export interface StoreCreditPanel {
  /** The member now on the counter (null: nobody); loads their company's balance. */
  member(memberId: string | null): void;
  /** The receipt of the sale just recorded for this member: the next payment is linked to it. */
  receipt(code: string | null): void;
}

export function mountStoreCredit(root: HTMLElement, host: StoreCreditHost): StoreCreditPanel {
  const state = {
    memberId: null as string | null,
    data: null as Balance | null,
    receipt: null as string | null,
    /** Reused while the amount is unchanged, so a retry after a network error never pays twice. */
    key: null as { amount: number; key: string } | null,
    paid: [] as Movement[],
    busy: false,
    seq: 0,
  };
  const money = (minor: number) => formatMoney(minor, state.data?.currency ?? 'EUR');

  const balanceEl = h('p', { class: 'credit-balance', 'data-testid': 'store-credit-balance' });
  const input = h('input', {
    id: 'store-credit-amount',
    name: 'credit',
    inputmode: 'decimal',
    autocomplete: 'off',
    placeholder: '0.00',
    'aria-describedby': 'store-credit-hint',
  });
  const hint = h('p', { id: 'store-credit-hint', class: 'hint', 'aria-live': 'polite' });
  const pay = h(
    'button',
    { type: 'submit', class: 'secondary', id: 'store-credit-pay' },
    'Pay with store credit',
  );
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true },
    h('label', { for: 'store-credit-amount' }, 'Amount from store credit', input),
    pay,
  );
  const list = h('ul', { class: 'lines', 'data-testid': 'store-credit-payments' });
  root.replaceChildren(h('h3', {}, 'Store credit'), balanceEl, form, hint, list);
  show(root, false);

  const failed = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') host.loggedOut();
    else if (e instanceof ApiError && e.code === 'INSUFFICIENT_BALANCE')
      host.say(
        `Not enough store credit: ${state.data?.companyName ?? 'the company'} has ${money(state.data?.balance ?? 0)}. Nothing was paid.`,
        'error',
      );
    else host.say(describeError(e, 'counter'), 'error');
  };

  function render(): void {
    const d = state.data;
    show(root, !!d?.companyId);
    if (!d?.companyId) return;
    balanceEl.textContent = `${d.companyName}: ${money(d.balance)} available`;
    pay.disabled = state.busy || d.balance <= 0;
    hint.textContent = state.receipt ? `Linked to receipt ${state.receipt}.` : '';
    list.replaceChildren(
      ...state.paid.map((m) => {
        const back = h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `Give back ${money(m.amount)} of store credit`,
          },
          'Give back',
        );
        back.disabled = state.busy;
        back.addEventListener('click', () => void giveBack(m));
        return h(
          'li',
          { 'data-testid': 'store-credit-payment' },
          h(
            'span',
            {},
            `Paid ${money(m.amount)} with store credit${m.receiptCode ? ` (receipt ${m.receiptCode})` : ''}`,
          ),
          back,
        );
      }),
    );
  }

  async function load(): Promise<void> {
    const memberId = state.memberId;
    const seq = ++state.seq;
    if (!memberId) {
      state.data = null;
      render();
      return;
    }
    try {
      const d = await api<Balance>(`/api/store-credit?memberId=${encodeURIComponent(memberId)}`, {
        token: host.token(),
      });
      if (seq !== state.seq) return;
      state.data = d;
      render();
    } catch (e) {
      if (seq !== state.seq) return;
      state.data = null;
      render();
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') host.loggedOut();
    }
  }

  async function submit(): Promise<void> {
    const d = state.data;
    if (!d?.companyId || !state.memberId || state.busy) return;
    const amount = parseMoney(input.value, d.currency);
    if (amount === null || amount <= 0) {
      hint.textContent = 'Type the amount to take from store credit (e.g. 12.50).';
      hint.dataset.kind = 'error';
      input.focus();
      return;
    }
    if (amount > d.balance) {
      hint.textContent = `Only ${money(d.balance)} of store credit is available.`;
      hint.dataset.kind = 'error';
      input.focus();
      return;
    }
    delete hint.dataset.kind;
    if (state.key?.amount !== amount) state.key = { amount, key: newKey('credit') };
    const body: Record<string, unknown> = { idempotencyKey: state.key.key, memberId: state.memberId, amount };
    if (state.receipt) body.receiptCode = state.receipt;
    state.busy = true;
    render();
    try {
      const m = await api<Movement>('/api/store-credit/spend', { token: host.token(), body });
      state.key = null;
      state.paid.unshift(m);
      d.balance = m.balance;
      input.value = '';
      host.say(
        `Paid ${money(m.amount)} with store credit of ${m.companyName}: ${money(m.balance)} left.`,
        'ok',
      );
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'NETWORK')) state.key = null;
      failed(e);
      if (e instanceof ApiError && e.code === 'INSUFFICIENT_BALANCE') void load();
    } finally {
      state.busy = false;
      render();
    }
  }

  async function giveBack(m: Movement): Promise<void> {
    if (state.busy) return;
    state.busy = true;
    try {
      const r = await api<Movement>(`/api/store-credit/spends/${m.id}/refund`, {
        token: host.token(),
        body: { idempotencyKey: `refund-${m.id}` },
      });
      state.paid = state.paid.filter((x) => x !== m);
      if (state.data) state.data.balance = r.balance;
      host.say(`Gave back ${money(r.amount)} of store credit: ${money(r.balance)} available.`, 'ok');
    } catch (e) {
      failed(e);
    } finally {
      state.busy = false;
      render();
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void submit();
  });

  return {
    member(memberId) {
      if (memberId !== state.memberId) {
        state.paid = [];
        state.receipt = null;
        state.key = null;
        input.value = '';
      }
      state.memberId = memberId;
      void load();
    },
    receipt(code) {
      state.receipt = code;
      render();
    },
  };
}
