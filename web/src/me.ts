/**
 * /me: the member's card (a large black-on-white QR that scans from a phone
 * screen), points (available, pending, expiring soon), stamp cards drawn as
 * stamps, rewards available now and the history with reasons.
 */
import { api, apiBlob, ApiError, describeError } from './api';
import { clearMemberSession, lastBusiness, loadMemberSession, saveMemberSession } from './member-session';
import {
  benefitText,
  byId,
  costText,
  formatDateTime,
  h,
  memberName,
  pointsView,
  show,
  stampCardView,
  tierName,
  type LoyaltySummary,
} from './ui';

interface HistoryItem {
  at: string;
  kind: string;
  amount: number;
  unit: string;
  reason: string | null;
  reference?: string | null;
  bucket?: string;
}

let session = loadMemberSession();
let currency = 'EUR';
let qrUrl: string | null = null;
let historyCursor: string | null = null;
let summary: LoyaltySummary | null = null;
/** The member opened older history pages: the periodic refresh leaves the list alone. */
let historyExpanded = false;

function say(text: string, kind: 'ok' | 'error' | 'info'): void {
  const box = byId('message');
  box.textContent = text;
  box.className = `message ${kind}`;
  box.dataset.kind = kind;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  show(box, true);
  box.scrollIntoView({ block: 'nearest' });
}

function fail(e: unknown): void {
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED' && session) {
    logout();
    say('Your session has ended. Log in again.', 'error');
    return;
  }
  say(describeError(e, 'member'), 'error');
}

function logout(): void {
  clearMemberSession();
  session = null;
  if (qrUrl) URL.revokeObjectURL(qrUrl);
  qrUrl = null;
  render();
}

function render(): void {
  show(byId('login-view'), !session);
  show(byId('me-view'), !!session);
  show(byId('logout'), !!session);
  if (!session) {
    const form = byId<HTMLFormElement>('login-form');
    const biz = form.querySelector<HTMLInputElement>('[name=business]')!;
    biz.value = new URLSearchParams(location.search).get('business') ?? lastBusiness() ?? biz.value;
    form.querySelector<HTMLInputElement>(biz.value ? '[name=email]' : '[name=business]')!.focus();
  }
}

async function loadAll(): Promise<void> {
  if (!session) return;
  const token = session.token;
  const [me] = await Promise.all([
    api<{ firstName: string; lastName: string | null; memberNumber: string }>('/api/me', { token }),
    loadQr(token),
    api<{ name: string; currency: string }>(`/api/join/${encodeURIComponent(session.business)}`)
      .then((b) => {
        currency = b.currency;
        byId('who').textContent = b.name;
      })
      .catch(() => undefined),
  ]);
  byId('me-name').textContent = memberName(me);
  byId('me-number').textContent = me.memberNumber;
  await Promise.all([loadLoyalty(), loadHistory(true)]);
}

async function loadQr(token: string): Promise<void> {
  const blob = await apiBlob('/api/me/card.svg', { token });
  if (qrUrl) URL.revokeObjectURL(qrUrl);
  qrUrl = URL.createObjectURL(blob);
  byId<HTMLImageElement>('qr').src = qrUrl;
}

async function loadLoyalty(): Promise<void> {
  if (!session) return;
  try {
    summary = await api<LoyaltySummary>('/api/me/loyalty', { token: session.token });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      byId('me-points').replaceChildren(h('p', { class: 'muted' }, 'Points are not available yet.'));
      return;
    }
    throw e;
  }
  const tier = tierName(summary.tier);
  byId('me-points').replaceChildren(
    ...(tier ? [h('p', { class: 'tier' }, tier)] : []),
    pointsView(summary.points),
  );
  const cards = summary.stampCards ?? [];
  show(byId('me-stamps-section'), cards.length > 0);
  byId('me-stamps').replaceChildren(...cards.map(stampCardView));
  const rewards = summary.rewardsAvailable ?? [];
  byId('me-rewards').replaceChildren(
    ...(rewards.length
      ? rewards.map((r) =>
          h(
            'li',
            { class: 'reward available' },
            h('strong', {}, r.name),
            h(
              'small',
              {},
              [benefitText(r.benefit, currency), costText(r.cost, cards)].filter(Boolean).join(' · '),
            ),
          ),
        )
      : [h('li', { class: 'muted' }, 'Nothing yet — keep collecting.')]),
  );
}

function unitText(unit: string, amount: number): string {
  if (unit === 'points') return Math.abs(amount) === 1 ? 'point' : 'points';
  if (unit.startsWith('stamps')) {
    return Math.abs(amount) === 1 ? 'stamp' : 'stamps';
  }
  return unit;
}

const KIND_TEXT: Record<string, string> = {
  earn: 'Earned',
  spend: 'Redeemed',
  reverse: 'Returned',
  expire: 'Expired',
  adjust: 'Adjusted',
};

async function loadHistory(first: boolean): Promise<void> {
  if (!session) return;
  const list = byId('me-history');
  if (first) {
    historyCursor = null;
    historyExpanded = false;
  }
  let page: { items: HistoryItem[]; nextCursor: string | null };
  try {
    const q = historyCursor ? `?cursor=${encodeURIComponent(historyCursor)}` : '';
    page = await api('/api/me/history' + q, { token: session.token });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      list.replaceChildren(h('li', { class: 'muted' }, 'History is not available yet.'));
      return;
    }
    throw e;
  }
  const rows = page.items.map((it) =>
    h(
      'li',
      { class: `history-item ${it.amount < 0 ? 'minus' : 'plus'}` },
      h(
        'div',
        {},
        h('strong', {}, it.reason || KIND_TEXT[it.kind] || it.kind),
        h(
          'small',
          { class: 'muted' },
          `${formatDateTime(it.at)}${it.bucket === 'pending' ? ' · pending' : ''}`,
        ),
      ),
      h(
        'span',
        { class: 'history-amount' },
        `${it.amount > 0 ? '+' : ''}${it.amount.toLocaleString()} ${unitText(it.unit, it.amount)}`,
      ),
    ),
  );
  if (first)
    list.replaceChildren(...(rows.length ? rows : [h('li', { class: 'muted' }, 'No activity yet.')]));
  else list.append(...rows);
  historyCursor = page.nextCursor;
  show(byId('history-more'), !!historyCursor);
}

byId<HTMLFormElement>('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const d = new FormData(form);
  const business = String(d.get('business') ?? '').trim();
  const button = form.querySelector('button')!;
  button.disabled = true;
  api<{ accessToken: string }>('/api/auth/member/login', {
    body: { business, email: String(d.get('email') ?? '').trim(), password: String(d.get('password') ?? '') },
  })
    .then(async (r) => {
      session = { token: r.accessToken, business };
      saveMemberSession(session);
      form.reset();
      show(byId('message'), false);
      render();
      await loadAll();
    })
    .catch(fail)
    .finally(() => {
      button.disabled = false;
    });
});
byId('logout').addEventListener('click', logout);
byId('history-more').addEventListener('click', () => {
  historyExpanded = true;
  void loadHistory(false).catch(fail);
});
// Back from the counter, or standing at it with the card open: show what was just earned.
const refresh = () => {
  if (document.visibilityState !== 'visible' || !session) return;
  // The history is reloaded too unless the member is reading older pages of it.
  void Promise.all([loadLoyalty(), historyExpanded ? null : loadHistory(true)]).catch(fail);
};
document.addEventListener('visibilitychange', refresh);
window.setInterval(refresh, 30_000);

render();
if (new URLSearchParams(location.search).get('welcome')) say('Welcome! This is your member card.', 'ok');
if (session) void loadAll().catch(fail);
