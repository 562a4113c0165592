/**
 * /cashier: staff log in, scan a member card (or type the member number), see
 * the one-call summary, award a purchase with one tap, redeem a reward, process
 * a return. Every refusal is shown in words a cashier can act on.
 */
import { api, ApiError, describeError, newKey } from './api';
import { QrScanner } from './scanner';
import {
  benefitText,
  byId,
  costText,
  formatMoney,
  h,
  memberName,
  parseMoney,
  pointsView,
  show,
  stampCardView,
  tierName,
  type LoyaltySummary,
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
}
type MemberRef = { cardPayload: string } | { memberNumber: string };
interface Line {
  lineId: string;
  sku: string;
  category?: string;
  quantity: number;
  unitPrice: number;
}
interface QuickItem {
  sku: string;
  category?: string;
  unitPrice: number;
}
interface Earned {
  kind: string;
  amount: number;
  reason?: string;
  cardId?: string;
}
interface PurchaseAnswer {
  purchase: { id: string; transactionId: string; total: number };
  earned: Earned[];
  summary?: LoyaltySummary;
}
interface VisitPurchase {
  id: string;
  total: number;
  lines: Line[];
  returnKey: string | null;
  returned: boolean;
}

const SESSION_KEY = 'regulars.counter.session';
const QUICK_KEY = 'regulars.counter.quickItems';

const state = {
  session: null as Session | null,
  business: null as Business | null,
  catalogue: [] as RewardView[],
  ref: null as MemberRef | null,
  summary: null as LoyaltySummary | null,
  lines: [] as Line[],
  nextLine: 1,
  /** Reused while the sale is unchanged, so a retry after a network error never awards twice. */
  pendingTransaction: null as string | null,
  pendingRedemptions: new Map<string, string>(),
  visit: [] as VisitPurchase[],
  /** A refused card left in front of the camera is not looked up again (see lookUp). */
  refused: { payload: '', until: 0 },
  busy: false,
};

const currency = () => state.business?.currency ?? 'EUR';
const money = (minor: number) => formatMoney(minor, currency());

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
  if (kind === 'ok') messageTimer = window.setTimeout(() => show(box, false), 8000);
}
function clearMessage(): void {
  show(byId('message'), false);
}

function fail(e: unknown): void {
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
    logout();
  }
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
  const res = await api<{ accessToken: string; staff: Session['staff'] }>('/api/auth/staff/login', {
    body,
  });
  state.session = { token: res.accessToken, staff: res.staff };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(state.session));
  form.reset();
  clearMessage();
  await enterCounter();
}

async function enterCounter(): Promise<void> {
  const token = state.session?.token;
  try {
    state.business = await api<Business>('/api/business', { token });
  } catch (e) {
    fail(e);
    renderShell(); // the login form, so the page is never left empty
    return;
  }
  renderShell();
  void loadCatalogue();
  void scanner.start();
}

async function loadCatalogue(): Promise<void> {
  try {
    const r = await api<{ items: RewardView[] }>('/api/rewards', { token: state.session?.token });
    state.catalogue = r.items.filter((x) => x.active !== false);
    if (state.summary) renderRewards();
  } catch {
    state.catalogue = []; // the affordable list from the scan is enough
  }
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
    const summary = await api<LoyaltySummary>('/api/scan', { token: state.session?.token, body });
    if (seq !== lookUpSeq) return; // a newer look-up (typed number after a scan) wins
    state.ref = ref;
    state.summary = summary;
    state.visit = [];
    state.lines = [];
    state.pendingTransaction = null;
    state.pendingRedemptions.clear();
    stopCamera('Card read.');
    clearMessage();
    renderMember();
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
    fail(e);
  }
}

function resetMember(): void {
  state.ref = null;
  state.summary = null;
  state.lines = [];
  state.visit = [];
  state.pendingTransaction = null;
  state.pendingRedemptions.clear();
  state.refused = { payload: '', until: 0 };
  show(byId('member-panel'), false);
  document.body.classList.remove('has-member');
  byId<HTMLFormElement>('purchase-form').reset();
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
  renderRewards();
  renderCart();
  renderVisit();
}

function renderRewards(): void {
  const s = state.summary;
  const box = byId('rewards');
  if (!s) return;
  const available = s.rewardsAvailable ?? [];
  const availableIds = new Set(available.map((r) => r.id));
  const others = state.catalogue.filter((r) => !availableIds.has(r.id));
  const items: HTMLElement[] = available.map((r) => {
    const button = h('button', { type: 'button', class: 'primary', 'data-reward-id': r.id }, 'Redeem');
    button.addEventListener('click', () => void redeem(r, button));
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
  for (const r of others) {
    items.push(
      h(
        'div',
        { class: 'reward unavailable' },
        h('div', {}, h('strong', {}, r.name), h('small', {}, `needs ${costText(r.cost, s.stampCards)}`)),
      ),
    );
  }
  if (!items.length) items.push(h('p', { class: 'muted' }, 'No rewards available yet.'));
  box.replaceChildren(...items);
}

// ------------------------------------------------------------------ purchase

function loadQuickItems(): QuickItem[] {
  try {
    const raw = localStorage.getItem(QUICK_KEY);
    const items = raw ? (JSON.parse(raw) as QuickItem[]) : [];
    return Array.isArray(items) ? items.slice(0, 12) : [];
  } catch {
    return [];
  }
}

function rememberQuickItem(item: QuickItem): void {
  const items = loadQuickItems().filter(
    (q) => !(q.sku === item.sku && q.category === item.category && q.unitPrice === item.unitPrice),
  );
  items.unshift(item);
  localStorage.setItem(QUICK_KEY, JSON.stringify(items.slice(0, 12)));
}

function addLine(item: QuickItem, quantity = 1): void {
  const same = state.lines.find(
    (l) => l.sku === item.sku && l.category === item.category && l.unitPrice === item.unitPrice,
  );
  if (same) same.quantity += quantity;
  else
    state.lines.push({
      lineId: `L${state.nextLine++}`,
      sku: item.sku,
      category: item.category,
      quantity,
      unitPrice: item.unitPrice,
    });
  saleChanged();
}

function saleChanged(): void {
  state.pendingTransaction = null;
  renderCart();
}

const linesTotal = () => state.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);

function saleTotal(): number | null {
  if (state.lines.length) return linesTotal();
  const amount = byId<HTMLFormElement>('purchase-form').querySelector<HTMLInputElement>('[name=amount]')!;
  return parseMoney(amount.value, currency());
}

function renderCart(): void {
  const chips = byId('quick-items');
  chips.replaceChildren(
    ...loadQuickItems().map((q) => {
      const b = h(
        'button',
        { type: 'button', class: 'chip', 'data-sku': q.sku },
        `${q.sku} ${money(q.unitPrice)}`,
      );
      b.addEventListener('click', () => addLine(q));
      return b;
    }),
  );
  byId('lines').replaceChildren(
    ...state.lines.map((l) => {
      const minus = h('button', { type: 'button', class: 'qty', 'aria-label': `One less ${l.sku}` }, '−');
      const plus = h('button', { type: 'button', class: 'qty', 'aria-label': `One more ${l.sku}` }, '+');
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
        { class: 'line' },
        h('span', { class: 'line-name' }, l.sku, l.category ? h('small', {}, ` ${l.category}`) : null),
        h('span', { class: 'line-qty' }, minus, h('b', {}, l.quantity), plus),
        h('span', { class: 'line-total' }, money(l.quantity * l.unitPrice)),
      );
    }),
  );
  const amountLabel = byId('amount-label');
  const amount = amountLabel.querySelector('input')!;
  amount.readOnly = state.lines.length > 0;
  if (state.lines.length) amount.value = (linesTotal() / 10 ** digits()).toFixed(digits());
  const total = saleTotal();
  const award = byId<HTMLButtonElement>('award');
  award.disabled = state.busy || !state.ref || total === null || total <= 0;
  award.textContent = total !== null && total > 0 ? `Award purchase · ${money(total)}` : 'Award purchase';
}

function digits(): number {
  return Math.round(Math.log10(parseMoney('1', currency()) ?? 100));
}

function addLineFromEditor(): void {
  const form = byId<HTMLFormElement>('purchase-form');
  const get = (n: string) => form.querySelector<HTMLInputElement>(`[name=${n}]`)!;
  const sku = get('sku').value.trim();
  const category = get('category').value.trim() || undefined;
  const quantity = Number(get('quantity').value || '1');
  const unitPrice = parseMoney(get('unitPrice').value, currency());
  if (!sku || unitPrice === null || !Number.isInteger(quantity) || quantity < 1) {
    say('Give the item a name and a price (and a whole quantity).', 'error');
    return;
  }
  const item = { sku, category, unitPrice };
  rememberQuickItem(item);
  addLine(item, quantity);
  get('sku').value = '';
  get('category').value = '';
  get('quantity').value = '1';
  get('unitPrice').value = '';
  clearMessage();
}

function earnedText(earned: Earned[], summary: LoyaltySummary | undefined): string {
  if (!earned.length) return 'no points or stamps for this purchase';
  return earned
    .map((e) => {
      if (e.kind === 'points') return `${e.amount >= 0 ? '+' : ''}${e.amount} points`;
      const card = summary?.stampCards?.find((c) => c.cardId === e.cardId);
      const unit = Math.abs(e.amount) === 1 ? 'stamp' : 'stamps';
      return `${e.amount >= 0 ? '+' : ''}${e.amount} ${unit}${card ? ` (${card.name})` : ''}`;
    })
    .join(', ');
}

async function awardPurchase(): Promise<void> {
  const total = saleTotal();
  if (!state.ref || total === null || total <= 0 || state.busy) return;
  state.pendingTransaction ??= newKey('web');
  const lines = state.lines.map((l) => ({ ...l }));
  const body: Record<string, unknown> = { transactionId: state.pendingTransaction, member: state.ref, total };
  if (lines.length) body.lines = lines;
  setBusy(true);
  try {
    const r = await api<PurchaseAnswer>('/api/pos/purchases', { token: state.session?.token, body });
    state.pendingTransaction = null;
    if (r.summary) state.summary = { ...state.summary, ...r.summary };
    state.visit.unshift({
      id: r.purchase.id,
      total: r.purchase.total,
      lines,
      returnKey: null,
      returned: false,
    });
    state.lines = [];
    byId<HTMLFormElement>('purchase-form').querySelector<HTMLInputElement>('[name=amount]')!.value = '';
    renderMember();
    say(`Purchase ${money(r.purchase.total)} recorded: ${earnedText(r.earned ?? [], r.summary)}.`, 'ok');
  } catch (e) {
    fail(e);
  } finally {
    setBusy(false);
  }
}

function setBusy(b: boolean): void {
  state.busy = b;
  document.body.classList.toggle('busy', b);
  renderCart();
}

// ------------------------------------------------------------------ rewards

function discountText(discount: unknown): string {
  if (typeof discount === 'number') return `${money(discount)} off`;
  const d = (discount ?? {}) as { amount?: number; description?: string; kind?: string; sku?: string };
  if (typeof d.amount === 'number' && d.amount > 0) return `${money(d.amount)} off`;
  if (d.description) return `give: ${d.description}`;
  if (d.sku) return `give one ${d.sku}`;
  return 'apply the reward';
}

async function redeem(reward: RewardView, button: HTMLButtonElement): Promise<void> {
  if (!state.ref || state.busy) return;
  let key = state.pendingRedemptions.get(reward.id);
  if (!key) {
    key = newKey('web-redeem');
    state.pendingRedemptions.set(reward.id, key);
  }
  const body: Record<string, unknown> = { idempotencyKey: key, member: state.ref, rewardId: reward.id };
  const total = saleTotal();
  if (total !== null && total > 0) body.purchaseTotal = total;
  button.disabled = true;
  setBusy(true);
  try {
    const r = await api<{
      redemption: { id: string; rewardId: string; discount?: unknown };
      summary?: LoyaltySummary;
    }>('/api/pos/redemptions', { token: state.session?.token, body });
    state.pendingRedemptions.delete(reward.id);
    if (r.summary) state.summary = { ...state.summary, ...r.summary };
    renderMember();
    say(`Redeemed ${reward.name}: ${discountText(r.redemption.discount)}.`, 'ok');
  } catch (e) {
    // A definite refusal will not change on retry with the same key; start afresh next time.
    if (!(e instanceof ApiError && e.code === 'NETWORK')) state.pendingRedemptions.delete(reward.id);
    button.disabled = false;
    if (e instanceof ApiError && e.code === 'INSUFFICIENT_BALANCE') {
      // The balance changed since the scan (another till, the member's own redemption):
      // show the real one next to the refusal.
      await refreshSummary();
      const have = state.summary?.points?.available;
      const needs = costText(reward.cost, state.summary?.stampCards ?? []);
      say(
        `Not enough for ${reward.name}${needs ? `: it needs ${needs}` : ''}` +
          `${needs.endsWith('points') && have !== undefined ? `, the member has ${have}` : ''}. Nothing was redeemed.`,
        'error',
      );
    } else fail(e);
  } finally {
    setBusy(false);
  }
}

/** Asks for the member's summary again (after a refusal that means it is out of date). */
async function refreshSummary(): Promise<void> {
  const ref = state.ref;
  if (!ref) return;
  const body = 'cardPayload' in ref ? { payload: ref.cardPayload } : { memberNumber: ref.memberNumber };
  try {
    const summary = await api<LoyaltySummary>('/api/scan', { token: state.session?.token, body });
    if (state.ref !== ref) return;
    state.summary = summary;
    renderMember();
  } catch {
    // keep what is shown; the refusal message says what happened
  }
}

// ------------------------------------------------------------------ returns

function renderVisit(): void {
  const list = byId('visit-purchases');
  if (!state.visit.length) {
    list.replaceChildren(
      h('li', { class: 'muted' }, 'Purchases made during this visit can be returned here.'),
    );
    return;
  }
  list.replaceChildren(
    ...state.visit.map((p) => {
      const full = h(
        'button',
        { type: 'button', class: 'secondary', disabled: p.returned, 'data-purchase-id': p.id },
        p.returned ? 'Returned' : 'Return all',
      );
      full.addEventListener('click', () => void processReturn(p.id, undefined, p));
      const lineButtons = p.returned
        ? []
        : p.lines.map((l) => {
            const b = h('button', { type: 'button', class: 'chip' }, `Return 1 × ${l.sku}`);
            b.addEventListener(
              'click',
              () => void processReturn(p.id, [{ lineId: l.lineId, quantity: 1 }], p),
            );
            return b;
          });
      return h(
        'li',
        { class: 'visit-purchase' },
        h('span', {}, `${money(p.total)} `, h('small', { class: 'muted' }, p.id)),
        h('span', { class: 'chips' }, ...lineButtons, full),
      );
    }),
  );
}

async function processReturn(
  purchaseId: string,
  lines: { lineId: string; quantity: number }[] | undefined,
  visit?: VisitPurchase,
): Promise<void> {
  if (state.busy) return;
  const key = (visit && !lines && visit.returnKey) || newKey('web-return');
  if (visit && !lines) visit.returnKey = key;
  const body: Record<string, unknown> = { idempotencyKey: key, purchaseId };
  if (lines) body.lines = lines;
  setBusy(true);
  try {
    const r = await api<{ reversed: Earned[]; summary?: LoyaltySummary }>('/api/pos/returns', {
      token: state.session?.token,
      body,
    });
    if (visit && !lines) visit.returned = true;
    if (visit && lines) {
      for (const x of lines) {
        const l = visit.lines.find((y) => y.lineId === x.lineId);
        if (l) l.quantity -= x.quantity;
      }
      visit.lines = visit.lines.filter((l) => l.quantity > 0);
      if (!visit.lines.length) visit.returned = true;
    }
    if (r.summary) state.summary = { ...state.summary, ...r.summary };
    renderMember();
    const reversed = (r.reversed ?? []).map((e) => ({ ...e, amount: -Math.abs(e.amount) }));
    say(
      `Return processed: ${reversed.length ? earnedText(reversed, r.summary) : 'nothing to take back'}.`,
      'ok',
    );
  } catch (e) {
    if (visit && !lines && !(e instanceof ApiError && e.code === 'NETWORK')) visit.returnKey = null;
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
      say('A member number is digits only.', 'error');
      return;
    }
    state.ref = null;
    stopCamera();
    void lookUp({ memberNumber: n }).then(() => form.reset());
  });
  byId('next-customer').addEventListener('click', () => {
    resetMember();
    clearMessage();
    void loadCatalogue(); // rewards added meanwhile
    void scanner.start();
  });
  const form = byId<HTMLFormElement>('purchase-form');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void awardPurchase();
  });
  form.querySelector<HTMLInputElement>('[name=amount]')!.addEventListener('input', saleChanged);
  byId('add-line-button').addEventListener('click', addLineFromEditor);
  form.querySelector<HTMLInputElement>('[name=unitPrice]')!.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      addLineFromEditor();
    }
  });
  byId<HTMLFormElement>('return-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = ev.target as HTMLFormElement;
    const id = String(new FormData(f).get('purchaseId') ?? '').trim();
    void processReturn(id, undefined).then(() => f.reset());
  });
  const categories = byId('categories');
  const known = new Set(loadQuickItems().flatMap((q) => (q.category ? [q.category] : [])));
  categories.replaceChildren(...[...known].map((c) => h('option', { value: c })));
}

wire();
state.session = loadSession();
if (state.session) void enterCounter();
else renderShell();
