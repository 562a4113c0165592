/**
 * /me: the member's card (a large black-on-white QR that scans from a phone
 * screen), points (available, pending, expiring soon), stamp cards drawn as
 * stamps, how far each reward is, one history line per purchase with its
 * reasons, and the email-offers setting. An installable web app: the service
 * worker keeps the page, and the last card and balance seen online are kept in
 * localStorage, so the card shows without a network.
 */
import { api, apiBlob, ApiError, describeError, type ApiOptions } from './api';
import type { components } from './generated/api';
import { clearMemberSession, lastBusiness, loadMemberSession, saveMemberSession } from './member-session';
import { requestSignInCode, signInCodeError, verifySignInCode } from './sign-in-code';
import {
  benefitText,
  byId,
  costText,
  formatDate,
  formatDateTime,
  formatMoney,
  h,
  memberName,
  pointsView,
  postingText,
  show,
  stampCardView,
  tierName,
  type LoyaltySummary,
} from './ui';

type Schemas = components['schemas'];
/** GET /api/me/history items (generated client types). */
type HistoryItem = Schemas['HistoryItemView'];
interface Me {
  id?: string;
  firstName: string;
  lastName: string | null;
  memberNumber: string;
  birthday?: string | null;
  marketingConsent?: boolean;
  marketingConsentAt?: string | null;
}
type RewardProgress = Schemas['RewardProgressView'];
/** GET /api/me/loyalty. */
type Loyalty = Schemas['MemberLoyaltyView'];

/** What the member saw last time online: shown at once, and when offline. */
interface LastKnown {
  business: string;
  savedAt: string;
  me: Me;
  businessName: string | null;
  currency: string;
  loyalty: Loyalty | null;
  qrSvg: string | null;
}

const LAST_KNOWN = 'regulars.member.lastKnown';

let session = loadMemberSession();
let currency = 'EUR';
let qrUrl: string | null = null;
let historyCursor: string | null = null;
/** The member opened older history pages: the periodic refresh leaves the list alone. */
let historyExpanded = false;
let last: LastKnown | null = null;

function say(text: string, kind: 'ok' | 'error' | 'info'): void {
  const box = byId('message');
  box.textContent = text;
  box.className = `message ${kind}`;
  box.dataset.kind = kind;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  show(box, true);
  box.scrollIntoView({ block: 'nearest' });
}

function offline(on: boolean): void {
  const box = byId('offline');
  if (on && last) {
    box.textContent = `You are offline. Your card works at the counter; points and stamps as of ${formatDateTime(last.savedAt)}.`;
  }
  show(box, on && last !== null);
}

function fail(e: unknown): void {
  if (e instanceof ApiError && e.code === 'NETWORK' && last) {
    offline(true);
    return;
  }
  if (e instanceof ApiError && e.code === 'UNAUTHENTICATED' && session) {
    logout();
    say('Your session has ended. Log in again.', 'error');
    return;
  }
  say(describeError(e, 'member'), 'error');
}

let refreshing: Promise<boolean> | null = null;

/** Trades the device's refresh token for a new access token (once at a time); false when signed out. */
function refreshSession(): Promise<boolean> {
  const current = session;
  if (!current?.refreshToken) return Promise.resolve(false);
  refreshing ??= api<{ accessToken: string; refreshToken: string }>('/api/auth/member/refresh', {
    body: { refreshToken: current.refreshToken },
  })
    .then((r) => {
      session = { ...current, token: r.accessToken, refreshToken: r.refreshToken };
      saveMemberSession(session);
      return true;
    })
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.code === 'NETWORK') throw e;
      return false;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** An API call as the member: an ended access token is renewed with the device's refresh token. */
async function memberCall<T>(call: (token: string) => Promise<T>): Promise<T> {
  if (!session) throw new ApiError('UNAUTHENTICATED', 401, 'Signed out');
  try {
    return await call(session.token);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'UNAUTHENTICATED') || !(await refreshSession())) throw e;
    return call(session.token);
  }
}

const memberApi = <T>(path: string, opts: ApiOptions = {}) =>
  memberCall((token) => api<T>(path, { ...opts, token }));

function readLastKnown(): LastKnown | null {
  try {
    const raw = localStorage.getItem(LAST_KNOWN);
    const l = raw ? (JSON.parse(raw) as LastKnown) : null;
    return l && session && l.business === session.business ? l : null;
  } catch {
    return null;
  }
}

function saveLastKnown(patch: Partial<LastKnown>): void {
  if (!session) return;
  const base: LastKnown = last ?? {
    business: session.business,
    savedAt: new Date().toISOString(),
    me: { firstName: '', lastName: null, memberNumber: '' },
    businessName: null,
    currency,
    loyalty: null,
    qrSvg: null,
  };
  last = { ...base, ...patch, business: session.business, savedAt: new Date().toISOString() };
  try {
    localStorage.setItem(LAST_KNOWN, JSON.stringify(last));
  } catch {
    // storage full or disabled: the page still works online
  }
}

function logout(): void {
  const refreshToken = session?.refreshToken;
  // Signs this device out on the server too (best effort: offline, the token simply stays unused).
  if (refreshToken) void api('/api/auth/member/logout', { body: { refreshToken } }).catch(() => undefined);
  clearMemberSession();
  localStorage.removeItem(LAST_KNOWN);
  session = null;
  last = null;
  if (qrUrl) URL.revokeObjectURL(qrUrl);
  qrUrl = null;
  offline(false);
  render();
}

function render(): void {
  show(byId('login-view'), !session);
  show(byId('me-view'), !!session);
  show(byId('logout'), !!session);
  if (!session) {
    showCodeForm(false);
    const form = byId<HTMLFormElement>('login-form');
    const biz = form.querySelector<HTMLInputElement>('[name=business]')!;
    biz.value = new URLSearchParams(location.search).get('business') ?? lastBusiness() ?? biz.value;
    form.querySelector<HTMLInputElement>(biz.value ? '[name=email]' : '[name=business]')!.focus();
  }
}

// ------------------------------------------------------------------ showing

function showMe(me: Me): void {
  byId('me-name').textContent = memberName(me);
  byId('me-number').textContent = me.memberNumber;
  showProfile(me);
  const box =
    byId<HTMLInputElement>('consent-form').querySelector<HTMLInputElement>('[name=marketingConsent]')!;
  box.checked = !!me.marketingConsent;
  byId('consent-status').textContent = me.marketingConsentAt
    ? `${me.marketingConsent ? 'On' : 'Off'} since ${formatDateTime(me.marketingConsentAt)}. You can change this any time.`
    : 'Off. You can change this any time.';
}

/** The profile form: names always editable; the birthday only until it is recorded (it earns bonuses). */
function showProfile(me: Me): void {
  const form = byId<HTMLFormElement>('profile-form');
  const field = (n: string) => form.querySelector<HTMLInputElement>(`[name=${n}]`)!;
  field('firstName').value = me.firstName;
  field('lastName').value = me.lastName ?? '';
  const birthday = field('birthday');
  birthday.value = me.birthday ?? '';
  birthday.disabled = !!me.birthday;
  const hint = byId('birthday-hint');
  hint.dataset.kind = '';
  hint.textContent = me.birthday
    ? 'Recorded. To correct it, ask at the counter.'
    : 'Optional. Once saved, only the shop can change it.';
}

function showQr(svg: string): void {
  if (qrUrl) URL.revokeObjectURL(qrUrl);
  qrUrl = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  byId<HTMLImageElement>('qr').src = qrUrl;
}

function rewardLine(r: RewardProgress, cards: LoyaltySummary['stampCards']): HTMLElement {
  const what = benefitText(r.benefit, currency);
  let status: string;
  let pct = 100;
  if (r.locked) status = `Locked: ${r.locked}`;
  else if (r.available) status = 'You can have it now: show your card at the counter.';
  else if (r.pointsToGo !== null) {
    const cost = (r.cost as { points?: number }).points ?? r.pointsToGo;
    pct = Math.round((100 * (cost - r.pointsToGo)) / Math.max(1, cost));
    status = `${r.pointsToGo.toLocaleString()} ${r.pointsToGo === 1 ? 'point' : 'points'} to ${r.name}`;
  } else if (r.stampsToGo !== null) {
    const card = (cards ?? []).find((c) => c.cardId === (r.cost as { cardId?: string }).cardId);
    pct = card ? Math.round((100 * card.progress) / card.size) : 0;
    status = `${r.stampsToGo} ${r.stampsToGo === 1 ? 'stamp' : 'stamps'} to ${r.name}`;
  } else status = `Needs ${costText(r.cost, cards ?? [])}`;
  return h(
    'li',
    {
      class: `reward ${r.locked ? 'locked' : r.available ? 'available' : 'progress'}`,
      'data-reward-id': r.id,
    },
    h('strong', {}, r.name),
    h('small', {}, [what, costText(r.cost, cards ?? [])].filter(Boolean).join(' · ')),
    h('span', { class: 'reward-status', 'data-testid': 'reward-progress' }, status),
    r.available || r.locked
      ? null
      : h(
          'span',
          {
            class: 'bar',
            role: 'progressbar',
            'aria-valuemin': '0',
            'aria-valuemax': '100',
            'aria-valuenow': String(pct),
            'aria-label': status,
          },
          h('span', { class: 'bar-fill', style: `width:${pct}%` }),
        ),
  );
}

function showLoyalty(summary: Loyalty): void {
  const tier = tierName(summary.tier);
  byId('me-points').replaceChildren(
    ...(tier ? [h('p', { class: 'tier' }, tier)] : []),
    pointsView(summary.points),
  );
  const cards = summary.stampCards ?? [];
  show(byId('me-stamps-section'), cards.length > 0);
  byId('me-stamps').replaceChildren(...cards.map(stampCardView));
  const progress = summary.rewards;
  const items = progress
    ? [...progress].sort((a, b) => Number(b.available) - Number(a.available)).map((r) => rewardLine(r, cards))
    : (summary.rewardsAvailable ?? []).map((r) =>
        rewardLine({ ...r, available: true, pointsToGo: null, stampsToGo: null, locked: null }, cards),
      );
  byId('me-rewards').replaceChildren(
    ...(items.length ? items : [h('li', { class: 'muted' }, 'No rewards yet.')]),
  );
}

// ------------------------------------------------------------------ loading

async function loadAll(): Promise<void> {
  if (!session) return;
  last = readLastKnown();
  if (last) {
    currency = last.currency;
    if (last.businessName) byId('who').textContent = last.businessName;
    showMe(last.me);
    if (last.qrSvg) showQr(last.qrSvg);
    if (last.loyalty) showLoyalty(last.loyalty);
    const history = byId('me-history');
    if (!history.children.length)
      history.replaceChildren(h('li', { class: 'muted' }, 'Your history shows when you are online.'));
  }
  const [me] = await Promise.all([
    memberApi<Me>('/api/me'),
    loadQr(),
    api<{ name: string; currency: string }>(`/api/join/${encodeURIComponent(session.business)}`)
      .then((b) => {
        currency = b.currency;
        byId('who').textContent = b.name;
        saveLastKnown({ businessName: b.name, currency: b.currency });
      })
      .catch(() => undefined),
  ]);
  offline(false);
  showMe(me);
  saveLastKnown({ me });
  if (session && !session.refreshToken) {
    // Signed in by the join page on the member's own phone: keep it signed in here too.
    const kept = await memberApi<{ refreshToken: string }>('/api/me/sessions', {
      body: { device: navigator.userAgent.slice(0, 120) },
    }).catch(() => null);
    if (kept && session) {
      session = { ...session, refreshToken: kept.refreshToken };
      saveMemberSession(session);
    }
  }
  await Promise.all([loadLoyalty(), loadHistory(true), loadDevices(), loadClub()]);
}

// ------------------------------------------------------------------ club

interface ClubMembership {
  status: string;
  active: boolean;
  since: string | null;
  lastDay: string | null;
  consent: { wording: string; at: string } | null;
  openInvitation: { code: string; expiresAt: string } | null;
}
interface MyClub {
  club: {
    name: string;
    access: 'open' | 'paid' | 'invitation';
    fee: number | null;
    termMonths: number | null;
    currency: string;
    consentWording: string | null;
    benefits: { multiplierBp: number; reachBonusPoints: number; birthdayBonusPoints: number };
  } | null;
  membership: ClubMembership | null;
}

/** An invitation code from the link (/me?club-invite=CODE), kept until it is answered. */
let inviteFromLink: string | null = new URLSearchParams(location.search).get('club-invite');

function clubPerks(c: NonNullable<MyClub['club']>): string {
  const b = c.benefits;
  const perks = [
    b.multiplierBp > 10000 ? `${Math.round((b.multiplierBp - 10000) / 100)} % more points` : '',
    b.reachBonusPoints > 0 ? `${b.reachBonusPoints} points when you join` : '',
    b.birthdayBonusPoints > 0 ? `${b.birthdayBonusPoints} points on your birthday` : '',
  ].filter(Boolean);
  return perks.length ? `Members get ${perks.join(', ')}.` : '';
}

function showClub(r: MyClub): void {
  const section = byId('club-section');
  const form = byId<HTMLFormElement>('club-code-form');
  if (!r.club || !r.membership) return show(section, false);
  show(section, true);
  byId('club-title').textContent = r.club.name;
  const c = r.club;
  const m = r.membership;
  const parts: HTMLElement[] = [];
  const perks = clubPerks(c);
  if (m.active) {
    parts.push(h('p', { class: 'tier', 'data-testid': 'club-status' }, `You are a member of ${c.name}.`));
    if (m.lastDay)
      parts.push(
        h('p', {}, `Paid until ${formatDate(`${m.lastDay}T12:00:00Z`)}. Renew at the counter to keep it.`),
      );
  } else {
    const lapsed = m.status === 'lapsed' ? 'Your membership has run out. ' : '';
    parts.push(h('p', { 'data-testid': 'club-status' }, `${lapsed}${perks}`));
  }
  if (m.active && perks) parts.push(h('p', { class: 'muted small' }, perks));
  if (c.access === 'open' && !m.active && c.consentWording) {
    const box = h('input', { type: 'checkbox', name: 'clubConsent', id: 'club-consent' });
    const join = h('button', { type: 'button', class: 'primary big' }, `Join ${c.name}`);
    join.addEventListener('click', () => {
      if (!(box as HTMLInputElement).checked) return say('Tick the box to agree first.', 'error');
      void memberApi<ClubMembership>('/api/me/club/join', {
        body: { consentWording: c.consentWording },
      })
        .then(() => {
          say(`Welcome to ${c.name}!`, 'ok');
          return Promise.all([loadClub(), loadLoyalty(), loadHistory(true)]);
        })
        .catch(fail);
    });
    parts.push(h('label', { class: 'check', for: 'club-consent' }, box, ` ${c.consentWording}`), join);
  }
  if (c.access === 'open' && m.active) {
    const leave = h('button', { type: 'button', class: 'secondary' }, `Leave ${c.name}`);
    leave.addEventListener('click', () => {
      void memberApi('/api/me/club/leave', { method: 'POST' })
        .then(() => {
          say(`You left ${c.name}.`, 'ok');
          return loadClub();
        })
        .catch(fail);
    });
    parts.push(leave);
  }
  if (c.access === 'paid' && !m.active && c.fee !== null)
    parts.push(
      h(
        'p',
        {},
        `Membership: ${formatMoney(c.fee, c.currency)} for ${c.termMonths} months, paid at the counter.`,
      ),
    );
  if (c.access === 'invitation' && !m.active) {
    if (m.openInvitation)
      parts.push(
        h(
          'p',
          {},
          `You are invited! The invitation is valid until ${formatDateTime(m.openInvitation.expiresAt)}.`,
        ),
      );
    else if (!inviteFromLink) parts.push(h('p', { class: 'muted small' }, 'Members join by invitation.'));
  }
  byId('me-club').replaceChildren(...parts);
  const askCode = c.access === 'invitation' && !m.active && (!!m.openInvitation || !!inviteFromLink);
  show(form, askCode);
  const input = form.querySelector<HTMLInputElement>('[name=code]')!;
  if (askCode && !input.value) input.value = inviteFromLink ?? m.openInvitation?.code ?? '';
}

async function loadClub(): Promise<void> {
  if (!session) return;
  try {
    showClub(await memberApi<MyClub>('/api/me/club'));
  } catch {
    // offline or no club: the section stays as it was
  }
}

byId<HTMLFormElement>('club-code-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const answer = ((ev as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? 'accept';
  const code = String(new FormData(form).get('code') ?? '')
    .trim()
    .toUpperCase();
  if (!code) return say('Enter the invitation code.', 'error');
  void memberApi<ClubMembership>(`/api/me/club/invitations/${answer === 'refuse' ? 'refuse' : 'accept'}`, {
    body: { code },
  })
    .then(() => {
      say(answer === 'refuse' ? 'Invitation declined.' : 'Welcome to the club!', 'ok');
      form.reset();
      if (inviteFromLink) {
        inviteFromLink = null;
        history.replaceState(null, '', location.pathname);
      }
      return Promise.all([loadClub(), loadLoyalty(), loadHistory(true)]);
    })
    .catch(fail);
});

async function loadQr(): Promise<void> {
  const svg = await memberCall(async (token) => (await apiBlob('/api/me/card.svg', { token })).text());
  showQr(svg);
  saveLastKnown({ qrSvg: svg });
}

async function loadLoyalty(): Promise<void> {
  if (!session) return;
  let summary: Loyalty;
  try {
    summary = await memberApi<Loyalty>('/api/me/loyalty');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      byId('me-points').replaceChildren(h('p', { class: 'muted' }, 'Points are not available yet.'));
      return;
    }
    throw e;
  }
  showLoyalty(summary);
  saveLastKnown({ loyalty: summary });
}

const GROUP_TITLE: [RegExp, string][] = [
  [/^purchase:/, 'Purchase'],
  [/^return:/, 'Return'],
  [/^redemption:/, 'Reward redeemed'],
];
const KIND_TEXT: Record<string, string> = {
  earn: 'Earned',
  spend: 'Reward redeemed',
  reverse: 'Returned',
  expire: 'Expired',
  adjust: 'Adjusted by the shop',
};

/** One line of a group: "+12 points for €12.80 spent", "+3 points (Double points Monday)", "−10 stamps on Coffee card". */
function itemText(it: HistoryItem): string {
  const kind = it.unit === 'points' ? 'points' : 'stamps';
  const reason = it.reason ?? '';
  const promo = kind === 'points' && it.amount > 0 && /\s\+\d+$/.test(reason) && !/ spent$/.test(reason);
  const text = postingText(
    {
      kind,
      key: promo ? 'points:promotion:' : it.unit === 'points' ? 'points:base' : `stamps:${it.unit.slice(7)}`,
      amount: it.amount,
      reason,
    },
    it.amount > 0 ? 1 : -1,
    currency,
  );
  const tail =
    it.amount < 0 && reason && !/^Return:/.test(reason) ? ` (${reason.replace(/^Redeemed: /, 'for ')})` : '';
  return `${text ?? ''}${tail}${it.bucket === 'pending' ? ' · pending' : ''}`;
}

/** History items grouped: one line per purchase (or return, or redemption) with its reasons. */
function groupHistory(items: HistoryItem[]): HTMLElement[] {
  const groups: { key: string; items: HistoryItem[] }[] = [];
  for (const it of items) {
    const key = it.reference ? `${it.reference}|${it.kind}` : `${it.at}|${it.kind}|${groups.length}`;
    const prev = groups[groups.length - 1];
    if (prev && prev.key === key) prev.items.push(it);
    else groups.push({ key, items: [it] });
  }
  return groups.map((g) => {
    const first = g.items[0];
    const title =
      GROUP_TITLE.find(([re]) => re.test(first.reference ?? ''))?.[1] ?? KIND_TEXT[first.kind] ?? first.kind;
    const plus = g.items.every((i) => i.amount > 0);
    return h(
      'li',
      { class: `history-item ${plus ? 'plus' : 'minus'}`, 'data-testid': 'history-line' },
      h(
        'div',
        {},
        h('strong', {}, title),
        h('small', { class: 'muted' }, formatDateTime(first.at)),
        // Newest first in the statement: the reasons read in the order they were given.
        h('span', { class: 'history-reasons' }, [...g.items].reverse().map(itemText).join(', ')),
      ),
    );
  });
}

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
    page = await memberApi('/api/me/history' + q);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      list.replaceChildren(h('li', { class: 'muted' }, 'History is not available yet.'));
      return;
    }
    throw e;
  }
  const rows = groupHistory(page.items);
  if (first)
    list.replaceChildren(...(rows.length ? rows : [h('li', { class: 'muted' }, 'No activity yet.')]));
  else list.append(...rows);
  historyCursor = page.nextCursor;
  show(byId('history-more'), !!historyCursor);
}

interface Device {
  id: string;
  device: string | null;
  lastUsedAt: string;
}

/** The member's devices kept signed in, each with "Sign out" (this phone: Log out at the top). */
async function loadDevices(): Promise<void> {
  if (!session) return;
  const list = byId('devices');
  let r: { items: Device[] };
  try {
    r = await memberApi<{ items: Device[] }>('/api/me/sessions');
  } catch {
    return; // offline: the list waits for the next visit
  }
  const here = session?.refreshToken?.split('.')[1];
  list.replaceChildren(
    ...(r.items.length
      ? r.items.map((d) => {
          const name = d.id === here ? 'This phone' : (d.device ?? 'Another device');
          const label = h(
            'div',
            {},
            h('strong', {}, name),
            h('small', {}, `Last used ${formatDateTime(d.lastUsedAt)}`),
          );
          if (d.id === here) return h('li', { class: 'reward device', 'data-device-id': d.id }, label);
          const out = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
          out.addEventListener('click', () => {
            void memberApi(`/api/me/sessions/${encodeURIComponent(d.id)}`, { method: 'DELETE' })
              .then(() => {
                say(`${name} is signed out.`, 'ok');
                return loadDevices();
              })
              .catch(fail);
          });
          return h('li', { class: 'reward device', 'data-device-id': d.id }, label, out);
        })
      : [h('li', { class: 'muted' }, 'Only this visit: log in with "Keep me signed in" to stay signed in.')]),
  );
}

async function setConsent(on: boolean): Promise<void> {
  if (!session) return;
  try {
    const me = await memberApi<Me>('/api/me', { method: 'PATCH', body: { marketingConsent: on } });
    showMe(me);
    saveLastKnown({ me });
    say(on ? 'Saved: you will get offers by email.' : 'Saved: no offers by email.', 'ok');
  } catch (e) {
    byId<HTMLFormElement>('consent-form').querySelector<HTMLInputElement>(
      '[name=marketingConsent]',
    )!.checked = !on;
    fail(e);
  }
}

// ------------------------------------------------------------------ wiring

/** Signed in (by password or by code): keeps this device signed in for months when asked, then shows the card. */
async function signedIn(accessToken: string, business: string, remember: boolean): Promise<void> {
  session = { token: accessToken, business };
  if (remember) {
    // Signed in on this device for months, until the member logs out here or signs it out.
    const kept = await api<{ refreshToken: string }>('/api/me/sessions', {
      token: accessToken,
      body: { device: navigator.userAgent.slice(0, 120) },
    }).catch(() => null);
    if (kept) session.refreshToken = kept.refreshToken;
  }
  saveMemberSession(session);
  byId<HTMLFormElement>('login-form').reset();
  byId<HTMLFormElement>('code-form').reset();
  show(byId('message'), false);
  render();
  await loadAll();
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
    .then((r) => signedIn(r.accessToken, business, d.get('remember') === 'on'))
    .catch(fail)
    .finally(() => {
      button.disabled = false;
    });
});

/** Where the sign-in code was sent: the code signs in the member with that shop and email. */
let codeFor: { business: string; email: string; remember: boolean } | null = null;

function codeError(text: string): void {
  const hint = byId('code-error');
  hint.textContent = text;
  hint.dataset.kind = text ? 'error' : '';
  byId<HTMLFormElement>('code-form')
    .querySelector<HTMLInputElement>('[name=code]')!
    .setAttribute('aria-invalid', text ? 'true' : 'false');
}

function showCodeForm(on: boolean): void {
  show(byId('login-form'), !on);
  show(byId('code-form'), on);
  codeError('');
}

async function sendCode(): Promise<void> {
  if (!codeFor) return;
  await requestSignInCode(codeFor.business, codeFor.email);
  byId('code-sent-to').textContent =
    `If ${codeFor.email} is a member's email at this shop, a 6-digit code is on its way to it. It works for 15 minutes.`;
  showCodeForm(true);
  show(byId('message'), false);
  byId<HTMLFormElement>('code-form').querySelector<HTMLInputElement>('[name=code]')!.focus();
}

byId('code-request').addEventListener('click', () => {
  const form = byId<HTMLFormElement>('login-form');
  const business = form.querySelector<HTMLInputElement>('[name=business]')!;
  const email = form.querySelector<HTMLInputElement>('[name=email]')!;
  // Only the shop and the email are needed for a code (not the password).
  if (!business.reportValidity() || !email.reportValidity()) return;
  codeFor = {
    business: business.value.trim(),
    email: email.value.trim(),
    remember: form.querySelector<HTMLInputElement>('[name=remember]')!.checked,
  };
  const button = byId<HTMLButtonElement>('code-request');
  button.disabled = true;
  sendCode()
    .catch(fail)
    .finally(() => {
      button.disabled = false;
    });
});
byId('code-again').addEventListener('click', () => {
  const button = byId<HTMLButtonElement>('code-again');
  button.disabled = true;
  sendCode()
    .catch((e: unknown) => codeError(signInCodeError(e, 'ask for a new code')))
    .finally(() => {
      button.disabled = false;
    });
});
byId('code-back').addEventListener('click', () => {
  showCodeForm(false);
  byId<HTMLFormElement>('login-form').querySelector<HTMLInputElement>('[name=password]')!.focus();
});
byId<HTMLFormElement>('code-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const code = String(new FormData(form).get('code') ?? '').trim();
  if (!codeFor) return;
  const { business, email, remember } = codeFor;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  codeError('');
  verifySignInCode(business, email, code)
    .then((r) => signedIn(r.accessToken, business, remember))
    .catch((e: unknown) => {
      if (session) fail(e);
      else codeError(signInCodeError(e, 'tap "Send a new code"'));
    })
    .finally(() => {
      button.disabled = false;
    });
});
byId<HTMLFormElement>('profile-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const d = new FormData(form);
  const text = (k: string) => String(d.get(k) ?? '').trim();
  const body: Record<string, string> = { firstName: text('firstName') };
  if (text('lastName')) body.lastName = text('lastName');
  // A disabled field (a recorded birthday) is not in the form data.
  if (text('birthday')) body.birthday = text('birthday');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  memberApi<Me>('/api/me', { method: 'PATCH', body })
    .then((me) => {
      showMe(me);
      saveLastKnown({ me });
      say('Saved: your details.', 'ok');
    })
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        const hint = byId('birthday-hint');
        hint.textContent = 'Your birthday is already recorded. To correct it, ask at the counter.';
        hint.dataset.kind = 'error';
      } else fail(e);
    })
    .finally(() => {
      button.disabled = false;
    });
});
byId('logout').addEventListener('click', logout);
byId('history-more').addEventListener('click', () => {
  historyExpanded = true;
  void loadHistory(false).catch(fail);
});
byId<HTMLFormElement>('consent-form').addEventListener('change', (ev) => {
  const box = ev.target as HTMLInputElement;
  if (box.name === 'marketingConsent') void setConsent(box.checked);
});
byId<HTMLFormElement>('consent-form').addEventListener('submit', (ev) => ev.preventDefault());
// Back from the counter, or standing at it with the card open: show what was just earned.
const refresh = () => {
  if (document.visibilityState !== 'visible' || !session) return;
  // The history is reloaded too unless the member is reading older pages of it.
  void Promise.all([loadLoyalty(), historyExpanded ? null : loadHistory(true)])
    .then(() => offline(false))
    .catch(fail);
};
document.addEventListener('visibilitychange', refresh);
window.addEventListener('online', refresh);
window.addEventListener('offline', () => offline(true));
window.setInterval(refresh, 30_000);

// The installable web app: the service worker keeps the page for offline use.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/me-sw.js', { scope: '/me' }).catch(() => {
    // not a secure context (plain http on a LAN): the page works, just not offline
  });
}

render();
if (new URLSearchParams(location.search).get('welcome')) say('Welcome! This is your member card.', 'ok');
if (session) void loadAll().catch(fail);
