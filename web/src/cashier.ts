/**
 * /cashier: staff log in, scan a member card (or type the member number, or
 * search by name, phone or email, or enrol a new member), see the one-call
 * summary, sell items from the product list with one tap each, use a reward
 * with the sale, and return a recent purchase or one found by its receipt code.
 * Every refusal is shown in words a cashier can act on.
 */
import { api, ApiError, describeError, newKey } from './api';
import type { components } from './generated/api';
import { QrScanner } from './scanner';
import { mountStoreCredit, type StoreCreditPanel } from './store-credit';
import {
  benefitText,
  byId,
  costText,
  currencyDigits,
  formatDateTime,
  formatMoney,
  h,
  memberName,
  parseMoney,
  pointsView,
  postingText,
  show,
  stampCardView,
  tierName,
  type LoyaltySummary,
  type PostingLike,
  type RewardView,
} from './ui';

interface Session {
  token: string;
  staff: { id: string; name: string; email: string; role: string };
}
interface Business {
  name: string;
  slug: string;
  currency: string;
  purchaseLimits?: { confirmAbove: number; limit: number };
}
interface Product {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  price: number;
}
type MemberRef = { cardPayload: string } | { memberNumber: string };
interface Line {
  lineId: string;
  sku: string;
  category?: string;
  quantity: number;
  unitPrice: number;
}
type Schemas = components['schemas'];
/** POST /api/pos/purchases (generated client types). */
type PurchaseAnswer = Schemas['PurchaseAnswerView'];
/** GET /api/pos/purchases, /api/pos/receipts/:code. */
type ListedPurchase = Schemas['PurchaseListItemView'];
interface MemberHit {
  id: string;
  memberNumber: string;
  firstName: string;
  lastName: string | null;
  email: string | null;
  phone: string | null;
}

const SESSION_KEY = 'regulars.counter.session';

const state = {
  session: null as Session | null,
  business: null as Business | null,
  products: [] as Product[],
  catalogue: [] as RewardView[],
  ref: null as MemberRef | null,
  summary: null as LoyaltySummary | null,
  lines: [] as Line[],
  nextLine: 1,
  /** Rewards to redeem with the sale when it is awarded (applied to it by the server). */
  saleRewards: [] as RewardView[],
  /** Reused while the sale is unchanged, so a retry after a network error never awards twice. */
  pendingTransaction: null as string | null,
  /** The amount the cashier confirmed above the shop's "confirm above" amount. */
  confirmed: null as number | null,
  recent: [] as ListedPurchase[],
  receipt: null as ListedPurchase | null,
  /** Full-return keys per purchase, kept until the return succeeds (a retry never returns twice). */
  returnKeys: new Map<string, string>(),
  /** A refused card left in front of the camera is not looked up again (see lookUp). */
  refused: { payload: '', until: 0 },
  busy: false,
};

const currency = () => state.business?.currency ?? 'EUR';
const money = (minor: number) => formatMoney(minor, currency());
const token = () => state.session?.token;
const limits = () => state.business?.purchaseLimits ?? { confirmAbove: Infinity, limit: Infinity };

// ------------------------------------------------------------------ store credit (web/src/store-credit.ts)

let creditPanel: StoreCreditPanel | null = null;
function storeCredit(): StoreCreditPanel {
  creditPanel ??= mountStoreCredit(byId('store-credit'), { token, say, loggedOut: logout });
  return creditPanel;
}

// ------------------------------------------------------------------ messages

let messageTimer: number | null = null;
function say(text: string, kind: 'ok' | 'error' | 'info' = 'info'): void {
  const box = byId('message');
  box.textContent = text;
  box.className = `message ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.dataset.kind = kind;
  show(box, true);
  box.scrollIntoView({ block: 'nearest' });
  if (messageTimer !== null) window.clearTimeout(messageTimer);
  messageTimer = null;
  if (kind === 'ok') messageTimer = window.setTimeout(() => show(box, false), 12000);
}
function clearMessage(): void {
  show(byId('message'), false);
}

function fail(e: unknown): void {
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') logout();
  say(describeError(e, 'counter'), 'error');
}

// ------------------------------------------------------------------ session

function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function logout(): void {
  sessionStorage.removeItem(SESSION_KEY);
  state.session = null;
  state.business = null;
  stopCamera();
  resetMember();
  renderShell();
}

async function login(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const body: Record<string, string> = {
    email: String(data.get('email') ?? '').trim(),
    password: String(data.get('password') ?? ''),
  };
  const business = String(data.get('business') ?? '').trim();
  if (business) body.business = business;
  let res: { accessToken: string; staff: Session['staff'] };
  try {
    res = await api('/api/auth/staff/login', { body });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
      say('Email or password is wrong. Check both and try again.', 'error');
      return;
    }
    throw e;
  }
  state.session = { token: res.accessToken, staff: res.staff };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(state.session));
  form.reset();
  clearMessage();
  await enterCounter();
}

async function enterCounter(): Promise<void> {
  try {
    state.business = await api<Business>('/api/business', { token: token() });
  } catch (e) {
    fail(e);
    renderShell(); // the login form, so the page is never left empty
    return;
  }
  renderShell();
  void loadCatalogue();
  void loadProducts();
  void scanner.start();
}

async function loadCatalogue(): Promise<void> {
  try {
    const r = await api<{ items: RewardView[] }>('/api/rewards', { token: token() });
    state.catalogue = r.items.filter((x) => x.active !== false);
    if (state.summary) renderRewards();
  } catch {
    state.catalogue = []; // the affordable list from the scan is enough
  }
}

async function loadProducts(): Promise<void> {
  try {
    const r = await api<{ items: Product[] }>('/api/products?active=true', { token: token() });
    state.products = r.items;
  } catch {
    state.products = [];
  }
  renderCart();
}

function renderShell(): void {
  const inside = state.session !== null && state.business !== null;
  show(byId('login-view'), !inside);
  show(byId('counter-view'), inside);
  show(byId('logout'), inside);
  byId('who').textContent = inside ? `${state.business!.name} · ${state.session!.staff.name}` : '';
  if (!inside) byId<HTMLFormElement>('login-form').querySelector('input')?.focus();
}

// ------------------------------------------------------------------ scanning

const video = byId<HTMLVideoElement>('camera');
const scanner = new QrScanner(
  video,
  async (payload) => {
    if (state.ref) return;
    if (payload === state.refused.payload && Date.now() < state.refused.until) return;
    await lookUp({ cardPayload: payload });
  },
  (text, st) => cameraState(text, st),
);

function cameraState(text: string, st: 'idle' | 'running' | 'error' | 'off'): void {
  const status = byId('camera-status');
  status.textContent = text;
  status.dataset.state = st;
  byId('camera-box').dataset.state = st === 'running' || st === 'idle' ? 'on' : 'off';
  byId('camera-toggle').textContent = st === 'running' || st === 'idle' ? 'Stop camera' : 'Start camera';
}

function stopCamera(text = 'Camera off.'): void {
  scanner.stop();
  cameraState(text, 'off');
}

let lookUpSeq = 0;

async function lookUp(ref: MemberRef): Promise<void> {
  const body = 'cardPayload' in ref ? { payload: ref.cardPayload } : { memberNumber: ref.memberNumber };
  const seq = ++lookUpSeq;
  say('Looking up the member…');
  try {
    const summary = await api<LoyaltySummary>('/api/scan', { token: token(), body });
    if (seq !== lookUpSeq) return; // a newer look-up (typed number after a scan) wins
    state.ref = ref;
    state.summary = summary;
    state.lines = [];
    state.saleRewards = [];
    state.recent = [];
    state.receipt = null;
    state.pendingTransaction = null;
    state.confirmed = null;
    stopCamera('Card read.');
    clearMessage();
    byId('search-results').replaceChildren();
    renderMember();
    void loadRecent();
    // Ready to type the amount at a desk till; on a phone the keyboard would hide the summary.
    if (window.matchMedia('(min-width: 800px)').matches)
      byId<HTMLFormElement>('purchase-form').querySelector<HTMLInputElement>('[name=amount]')?.focus();
  } catch (e) {
    if (seq !== lookUpSeq) return;
    // The same refused card held in front of the camera is not sent again (its answer would not
    // change) until another code is read; after a network error it is retried in a few seconds.
    if ('cardPayload' in ref) {
      const retryable = e instanceof ApiError && (e.code === 'NETWORK' || e.status >= 500);
      state.refused = { payload: ref.cardPayload, until: retryable ? Date.now() + 3000 : Infinity };
    }
    if (e instanceof ApiError && e.code === 'NOT_FOUND' && 'memberNumber' in ref) {
      say(
        `No member with number ${ref.memberNumber} in this shop. Check the number, or search by name, phone or email.`,
        'error',
      );
      return;
    }
    fail(e);
  }
}

function resetMember(): void {
  state.ref = null;
  state.summary = null;
  state.lines = [];
  state.saleRewards = [];
  state.recent = [];
  state.receipt = null;
  state.pendingTransaction = null;
  state.confirmed = null;
  state.refused = { payload: '', until: 0 };
  show(byId('member-panel'), false);
  storeCredit().member(null);
  document.body.classList.remove('has-member');
  byId<HTMLFormElement>('purchase-form').reset();
  byId('receipt-result').replaceChildren();
}

// ------------------------------------------------------------------ find and enrol

async function search(q: string): Promise<void> {
  const list = byId('search-results');
  try {
    const r = await api<{ items: MemberHit[] }>(`/api/members?q=${encodeURIComponent(q)}&limit=10`, {
      token: token(),
    });
    if (!r.items.length) {
      list.replaceChildren(
        h('li', { class: 'muted' }, `No member found for “${q}”. Enrol them as a new member below.`),
      );
      return;
    }
    list.replaceChildren(
      ...r.items.map((m) => {
        const b = h(
          'button',
          { type: 'button', class: 'result', 'data-member-number': m.memberNumber },
          h('strong', {}, memberName(m)),
          h('small', {}, [`No. ${m.memberNumber}`, m.phone, m.email].filter(Boolean).join(' · ')),
        );
        b.addEventListener('click', () => {
          state.ref = null;
          stopCamera();
          void lookUp({ memberNumber: m.memberNumber });
        });
        return h('li', {}, b);
      }),
    );
  } catch (e) {
    fail(e);
  }
}

async function enrol(form: HTMLFormElement): Promise<void> {
  const data = new FormData(form);
  const text = (n: string) => String(data.get(n) ?? '').trim();
  const body: Record<string, unknown> = { firstName: text('firstName') };
  for (const n of ['lastName', 'email', 'phone']) if (text(n)) body[n] = text(n);
  body.marketingConsent = data.get('marketingConsent') === 'on';
  if (!body.email && !body.phone) {
    say('Give an email address or a phone number, so the member can be found again.', 'error');
    return;
  }
  try {
    const m = await api<MemberHit>('/api/members', { token: token(), body });
    form.reset();
    (byId('enrol') as HTMLDetailsElement).open = false;
    state.ref = null;
    stopCamera();
    await lookUp({ memberNumber: m.memberNumber });
    say(
      `${memberName(m)} is now a member: number ${m.memberNumber}. Their card is on their phone at /me, or they can give this number.`,
      'ok',
    );
  } catch (e) {
    fail(e);
  }
}

// ------------------------------------------------------------------ member summary

function renderMember(): void {
  const s = state.summary;
  if (!s) return;
  show(byId('member-panel'), true);
  document.body.classList.add('has-member');
  const m = s.member;
  byId('member-name').textContent = m ? memberName(m) : 'Member';
  byId('member-number').textContent = m?.memberNumber ?? '';
  const tier = tierName(s.tier);
  const tierEl = byId('member-tier');
  tierEl.textContent = tier ?? '';
  show(tierEl, tier !== null);
  byId('member-points').replaceChildren(pointsView(s.points));
  byId('member-stamps').replaceChildren(...(s.stampCards ?? []).map(stampCardView));
  storeCredit().member(m?.id ?? null);
  renderRewards();
  renderCart();
  renderPurchases();
}

function renderRewards(): void {
  const s = state.summary;
  const box = byId('rewards');
  if (!s) return;
  const available = s.rewardsAvailable ?? [];
  const availableIds = new Set(available.map((r) => r.id));
  const others = state.catalogue.filter((r) => !availableIds.has(r.id));
  const items: HTMLElement[] = available.map((r) => {
    const used = state.saleRewards.filter((x) => x.id === r.id).length;
    const left = (r.times ?? 1) - used;
    const button = h(
      'button',
      { type: 'button', class: 'primary', 'data-reward-id': r.id, disabled: left <= 0 },
      left <= 0 ? 'In this sale' : 'Use with this sale',
    );
    button.addEventListener('click', () => useReward(r));
    return h(
      'div',
      { class: 'reward available', 'data-testid': 'reward' },
      h(
        'div',
        {},
        h('strong', {}, r.name),
        h(
          'small',
          {},
          [benefitText(r.benefit, currency()), costText(r.cost, s.stampCards)].filter(Boolean).join(' · '),
        ),
      ),
      button,
    );
  });
  const available_points = s.points?.available ?? 0;
  const locked = new Map((s.rewardsLocked ?? []).map((r) => [r.id, r.reason]));
  for (const r of others) {
    const c = (r.cost ?? {}) as { kind?: string; points?: number };
    const reason = locked.get(r.id);
    const needs = reason
      ? `Locked: ${reason}`
      : c.kind === 'points' && typeof c.points === 'number' && c.points > available_points
        ? `${(c.points - available_points).toLocaleString()} more points needed (costs ${costText(r.cost)})`
        : `needs ${costText(r.cost, s.stampCards)}`;
    items.push(
      h('div', { class: 'reward unavailable' }, h('div', {}, h('strong', {}, r.name), h('small', {}, needs))),
    );
  }
  if (!items.length) items.push(h('p', { class: 'muted' }, 'No rewards available yet.'));
  box.replaceChildren(...items);
}

// ------------------------------------------------------------------ sale

const productBySku = (sku: string | null) => state.products.find((p) => p.sku === sku);
const itemName = (sku: string | null, category?: string | null) =>
  productBySku(sku)?.name ?? sku ?? category ?? 'Item';

function addProduct(p: Product, quantity = 1): void {
  const same = state.lines.find((l) => l.sku === p.sku && l.unitPrice === p.price);
  if (same) same.quantity += quantity;
  else
    state.lines.push({
      lineId: `L${state.nextLine++}`,
      sku: p.sku,
      ...(p.category ? { category: p.category } : {}),
      quantity,
      unitPrice: p.price,
    });
  saleChanged();
}

function useReward(r: RewardView): void {
  const b = (r.benefit ?? {}) as { kind?: string; sku?: string | null };
  // A free item needs its item in the sale: with an empty sale, add the reward's own item.
  if (b.kind === 'free_item' && !state.lines.length && b.sku) {
    const p = productBySku(b.sku);
    if (p) addProduct(p);
  }
  state.saleRewards.push(r);
  saleChanged();
  renderRewards();
  say(`${r.name} will be applied to this sale when you tap Award.`, 'info');
}

function saleChanged(): void {
  state.pendingTransaction = null;
  state.confirmed = null;
  show(byId('confirm-box'), false);
  renderCart();
}

const linesTotal = () => state.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
const amountInput = () =>
  byId<HTMLFormElement>('purchase-form').querySelector<HTMLInputElement>('[name=amount]')!;

function saleTotal(): number | null {
  if (state.lines.length) return linesTotal();
  return parseMoney(amountInput().value, currency());
}

/** Why the typed amount is not one, in a sentence; null when it is fine (or empty). */
function amountProblem(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (parseMoney(t, currency()) !== null) return null;
  const d = currencyDigits(currency());
  if (/[^\d.,\s]/.test(t))
    return `Type the amount in digits only, without a currency sign: for example ${(5).toFixed(d)}.`;
  if (/^\d+[.,]\d+$/.test(t.replace(/\s/g, '')))
    return d === 0
      ? 'This currency has no decimals: type a whole amount.'
      : `Use at most ${d} decimals: for example ${(12.35).toFixed(d)}.`;
  return `This is not an amount: type for example ${(12.35).toFixed(d)}.`;
}

function renderCart(): void {
  const items = byId('quick-items');
  if (state.products.length) {
    items.replaceChildren(
      ...state.products.map((p) => {
        const b = h(
          'button',
          { type: 'button', class: 'item', 'data-sku': p.sku },
          h('span', { class: 'item-name' }, p.name),
          h('span', { class: 'item-price' }, money(p.price)),
        );
        b.addEventListener('click', () => addProduct(p));
        return b;
      }),
    );
  } else {
    items.replaceChildren(
      h(
        'p',
        { class: 'muted small' },
        'No items in the product list yet (the owner adds them in the console). Type the amount instead.',
      ),
    );
  }
  byId('lines').replaceChildren(
    ...state.lines.map((l) => {
      const name = itemName(l.sku, l.category);
      const minus = h('button', { type: 'button', class: 'qty', 'aria-label': `One less ${name}` }, '−');
      const plus = h('button', { type: 'button', class: 'qty', 'aria-label': `One more ${name}` }, '+');
      minus.addEventListener('click', () => {
        l.quantity -= 1;
        if (l.quantity <= 0) state.lines = state.lines.filter((x) => x !== l);
        saleChanged();
      });
      plus.addEventListener('click', () => {
        l.quantity += 1;
        saleChanged();
      });
      return h(
        'li',
        { class: 'line', 'data-sku': l.sku },
        h('span', { class: 'line-name' }, name),
        h('span', { class: 'line-qty' }, minus, h('b', {}, l.quantity), plus),
        h('span', { class: 'line-total' }, money(l.quantity * l.unitPrice)),
      );
    }),
  );
  byId('sale-rewards').replaceChildren(
    ...state.saleRewards.map((r, i) => {
      const remove = h(
        'button',
        { type: 'button', class: 'secondary small-button', 'aria-label': `Do not use ${r.name}` },
        'Remove',
      );
      remove.addEventListener('click', () => {
        state.saleRewards.splice(i, 1);
        saleChanged();
        renderRewards();
      });
      return h(
        'li',
        { class: 'line reward-line' },
        h(
          'span',
          { class: 'line-name' },
          `Reward: ${r.name}`,
          h('small', {}, benefitText(r.benefit, currency())),
        ),
        remove,
      );
    }),
  );
  const amount = amountInput();
  amount.readOnly = state.lines.length > 0;
  if (state.lines.length)
    amount.value = (linesTotal() / 10 ** currencyDigits(currency())).toFixed(currencyDigits(currency()));
  byId('amount-label').firstChild!.textContent = state.lines.length
    ? 'Total of the items '
    : 'Amount (without items) ';
  const total = saleTotal();
  const problem = amountProblem(amount.value);
  const over = total !== null && total > limits().limit;
  const hint = byId('amount-hint');
  hint.textContent = problem
    ? problem
    : over
      ? `${money(total)} is above this shop's limit of ${money(limits().limit)} for one purchase.`
      : '';
  hint.dataset.kind = problem || over ? 'error' : '';
  const award = byId<HTMLButtonElement>('award');
  award.disabled = state.busy || !state.ref || total === null || total <= 0 || over;
  const rewards = state.saleRewards.length ? ` with ${state.saleRewards.map((r) => r.name).join(', ')}` : '';
  award.textContent = total !== null && total > 0 && !over ? `Award · ${money(total)}${rewards}` : 'Award';
}

function earnedText(earned: PostingLike[], sign: 1 | -1, summary?: LoyaltySummary | null): string[] {
  const cards = summary?.stampCards ?? state.summary?.stampCards ?? [];
  return earned.map((e) => postingText(e, sign, currency(), cards)).filter((x): x is string => x !== null);
}

/** The Award button: asks first above the shop's "confirm above" amount. */
function onAward(): void {
  const total = saleTotal();
  if (!state.ref || total === null || total <= 0 || state.busy) return;
  if (total > limits().confirmAbove && state.confirmed !== total) {
    byId('confirm-text').textContent =
      `${money(total)} is more than ${money(limits().confirmAbove)}. Is this amount right?`;
    byId('confirm-yes').textContent = `Yes, award ${money(total)}`;
    show(byId('confirm-box'), true);
    byId('confirm-yes').focus();
    return;
  }
  void awardPurchase(total);
}

async function awardPurchase(total: number): Promise<void> {
  if (!state.ref || state.busy) return;
  state.pendingTransaction ??= newKey('web');
  show(byId('confirm-box'), false);
  const lines = state.lines.map((l) => ({ ...l }));
  const rewards = [...state.saleRewards];
  const body: Record<string, unknown> = { transactionId: state.pendingTransaction, member: state.ref, total };
  if (lines.length) body.lines = lines;
  if (rewards.length) body.redeem = rewards.map((r) => ({ rewardId: r.id }));
  setBusy(true);
  try {
    const r = await api<PurchaseAnswer>('/api/pos/purchases', { token: token(), body });
    state.pendingTransaction = null;
    state.confirmed = null;
    if (r.summary) state.summary = { ...state.summary, ...r.summary };
    state.lines = [];
    state.saleRewards = [];
    amountInput().value = '';
    renderMember();
    void loadRecent();
    const p = r.purchase;
    const used = (r.redemptions ?? []).map((x) => `${x.rewardName} −${money(x.discount ?? 0)}`);
    const head = used.length
      ? `Purchase recorded: to pay ${money(p.total)} (sale ${money(p.saleAmount ?? p.total)}, ${used.join(', ')})`
      : `Purchase ${money(p.total)} recorded`;
    const got = earnedText(r.earned ?? [], 1, r.summary);
    const why = got.length ? got.join(', ') : (r.notes?.[0] ?? 'no points or stamps for this purchase');
    say(`${head}: ${why}. Receipt code ${p.receiptCode}.`, 'ok');
    storeCredit().receipt(p.receiptCode);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'INSUFFICIENT_BALANCE' && rewards.length) {
      state.pendingTransaction = null;
      await refreshSummary();
      const have = state.summary?.points?.available;
      const names = rewards.map((x) => x.name).join(', ');
      const needs = rewards.map((x) => costText(x.cost, state.summary?.stampCards ?? [])).join(' and ');
      state.saleRewards = [];
      renderCart();
      renderRewards();
      say(
        `Not enough for ${names}: it needs ${needs}${needs.endsWith('points') && have !== undefined ? `, the member has ${have}` : ''}. Nothing was recorded: award the sale without it, or take another reward.`,
        'error',
      );
    } else {
      if (!(e instanceof ApiError && e.code === 'NETWORK')) state.pendingTransaction = null;
      fail(e);
    }
  } finally {
    setBusy(false);
  }
}

function setBusy(b: boolean): void {
  state.busy = b;
  document.body.classList.toggle('busy', b);
  renderCart();
}

/** Asks for the member's summary again (after a refusal that means it is out of date). */
async function refreshSummary(): Promise<void> {
  const ref = state.ref;
  if (!ref) return;
  const body = 'cardPayload' in ref ? { payload: ref.cardPayload } : { memberNumber: ref.memberNumber };
  try {
    const summary = await api<LoyaltySummary>('/api/scan', { token: token(), body });
    if (state.ref !== ref) return;
    state.summary = summary;
    renderMember();
  } catch {
    // keep what is shown; the refusal message says what happened
  }
}

// ------------------------------------------------------------------ returns

async function loadRecent(): Promise<void> {
  const memberId = state.summary?.member?.id;
  if (!memberId) return;
  try {
    const r = await api<{ items: ListedPurchase[] }>(
      `/api/pos/purchases?memberId=${encodeURIComponent(memberId)}&limit=10`,
      { token: token() },
    );
    if (state.summary?.member?.id !== memberId) return;
    state.recent = r.items;
    renderPurchases();
  } catch {
    // the receipt code still works
  }
}

function purchaseView(p: ListedPurchase, showMember: boolean): HTMLElement {
  const buttons: HTMLElement[] = [];
  if (!p.fullyReturned) {
    for (const l of p.lines) {
      if (l.returnedQuantity >= l.quantity) continue;
      const name = itemName(l.sku, l.category);
      const b = h('button', { type: 'button', class: 'secondary' }, `Return 1 × ${name}`);
      b.addEventListener('click', () => void processReturn(p, [{ lineId: l.lineId, quantity: 1 }]));
      buttons.push(b);
    }
    const all = h('button', { type: 'button', class: 'secondary', 'data-purchase-id': p.id }, 'Return all');
    all.addEventListener('click', () => void processReturn(p, undefined));
    buttons.push(all);
  }
  const items = p.lines.length
    ? p.lines
        .map(
          (l) =>
            `${l.quantity} × ${itemName(l.sku, l.category)}${l.returnedQuantity ? ` (${l.returnedQuantity} returned)` : ''}`,
        )
        .join(', ')
    : 'amount only';
  const earned = earnedText(p.earned, 1);
  return h(
    'li',
    { class: 'purchase-item', 'data-receipt': p.receiptCode, 'data-purchase-id': p.id },
    h(
      'div',
      { class: 'purchase-head' },
      h('strong', {}, money(p.total)),
      h('span', {}, formatDateTime(p.occurredAt)),
      h('span', { class: 'receipt' }, `Receipt ${p.receiptCode}`),
    ),
    showMember ? h('p', { class: 'small' }, `${memberName(p.member)} · No. ${p.member.memberNumber}`) : null,
    h('p', { class: 'small muted' }, items),
    earned.length ? h('p', { class: 'small muted' }, `Earned: ${earned.join(', ')}`) : null,
    p.fullyReturned
      ? h('p', { class: 'returned small' }, 'Returned')
      : h('div', { class: 'return-buttons' }, ...buttons),
  );
}

function renderPurchases(): void {
  const list = byId('recent-purchases');
  list.replaceChildren(
    ...(state.recent.length
      ? state.recent.map((p) => purchaseView(p, false))
      : [h('li', { class: 'muted small' }, 'No purchases yet.')]),
  );
  byId('receipt-result').replaceChildren(...(state.receipt ? [purchaseView(state.receipt, true)] : []));
}

/** Looks a purchase up by its receipt code; `quiet`: a refresh after a return (keeps its message). */
async function findReceipt(code: string, quiet = false): Promise<void> {
  try {
    state.receipt = await api<ListedPurchase>(`/api/pos/receipts/${encodeURIComponent(code)}`, {
      token: token(),
    });
    renderPurchases();
    if (!quiet) clearMessage();
  } catch (e) {
    state.receipt = null;
    renderPurchases();
    if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
      say('A receipt code has 8 characters, digits 0-9 and letters A-F, as printed on the receipt.', 'error');
      return;
    }
    fail(e);
  }
}

async function processReturn(
  p: ListedPurchase,
  lines: { lineId: string; quantity: number }[] | undefined,
): Promise<void> {
  if (state.busy) return;
  let key = lines ? newKey('web-return') : state.returnKeys.get(p.id);
  if (!key) {
    key = newKey('web-return');
    state.returnKeys.set(p.id, key);
  }
  const body: Record<string, unknown> = { idempotencyKey: key, purchaseId: p.id };
  if (lines) body.lines = lines;
  setBusy(true);
  try {
    const r = await api<Schemas['ReturnAnswerView']>('/api/pos/returns', {
      token: token(),
      body,
    });
    state.returnKeys.delete(p.id);
    if (r.summary && state.summary?.member?.id === p.member.id)
      state.summary = { ...state.summary, ...r.summary };
    const back = earnedText(r.reversed ?? [], -1, r.summary);
    say(`Return processed: ${back.length ? back.join(', ') : 'nothing to take back'}.`, 'ok');
    if (state.receipt?.id === p.id) await findReceipt(p.receiptCode, true);
    renderMember();
    await loadRecent();
  } catch (e) {
    if (!lines && !(e instanceof ApiError && e.code === 'NETWORK')) state.returnKeys.delete(p.id);
    fail(e);
  } finally {
    setBusy(false);
  }
}

// ------------------------------------------------------------------ wiring

function wire(): void {
  byId<HTMLFormElement>('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    login(ev.target as HTMLFormElement).catch(fail);
  });
  byId('logout').addEventListener('click', logout);
  byId('camera-toggle').addEventListener('click', () => {
    if (scanner.running) stopCamera();
    else void scanner.start();
  });
  byId<HTMLFormElement>('manual-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const n = String(new FormData(form).get('memberNumber') ?? '').trim();
    if (!/^\d{1,18}$/.test(n)) {
      say('A member number is digits only. To find someone by name, phone or email, use Search.', 'error');
      return;
    }
    state.ref = null;
    stopCamera();
    void lookUp({ memberNumber: n }).then(() => form.reset());
  });
  byId<HTMLFormElement>('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = String(new FormData(ev.target as HTMLFormElement).get('q') ?? '').trim();
    if (q.length < 2) {
      say('Type at least 2 letters or digits of the name, phone or email.', 'error');
      return;
    }
    void search(q);
  });
  byId<HTMLFormElement>('enrol-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void enrol(ev.target as HTMLFormElement);
  });
  byId('next-customer').addEventListener('click', () => {
    resetMember();
    clearMessage();
    void loadCatalogue(); // rewards added meanwhile
    void loadProducts();
    void scanner.start();
  });
  const form = byId<HTMLFormElement>('purchase-form');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    onAward();
  });
  amountInput().addEventListener('input', saleChanged);
  byId('confirm-yes').addEventListener('click', () => {
    const total = saleTotal();
    if (total === null) return;
    state.confirmed = total;
    void awardPurchase(total);
  });
  byId('confirm-no').addEventListener('click', () => {
    show(byId('confirm-box'), false);
    state.confirmed = null;
    if (!state.lines.length) amountInput().focus();
  });
  byId<HTMLFormElement>('receipt-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = String(new FormData(ev.target as HTMLFormElement).get('code') ?? '').trim();
    if (code) void findReceipt(code);
  });
}

wire();
state.session = loadSession();
if (state.session) void enterCounter();
else renderShell();
