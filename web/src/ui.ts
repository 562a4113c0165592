/** Small DOM and formatting helpers shared by the pages (no framework: the pages must load fast on a till). */

export interface StampCard {
  cardId: string;
  name: string;
  size: number;
  progress: number;
  completedCards: number;
  rewardId?: string;
}

export interface RewardView {
  id: string;
  name: string;
  cost?: unknown;
  benefit?: unknown;
  times?: number;
  active?: boolean;
}

export interface Points {
  available: number;
  pending: number;
  held?: number;
  expiringSoon: { amount: number; expiresAt: string }[];
}

export interface LoyaltySummary {
  member?: {
    id: string;
    memberNumber: string;
    firstName: string;
    lastName: string | null;
  };
  card?: { id: string; status?: string };
  tier?: { name?: string } | string | null;
  points?: Points;
  stampCards?: StampCard[];
  rewardsAvailable?: RewardView[];
  /** Rewards limited to a tier or the club the member is not in, with the reason. */
  rewardsLocked?: { id: string; name: string; reason: string }[];
}

type Child = Node | string | number | null | undefined | false;

/** Creates an element: h('p', { class: 'x' }, 'text', child). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from the page`);
  return node as T;
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}

export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

export function formatMoney(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(minor / 10 ** digits);
  } catch {
    return (minor / 10 ** digits).toFixed(digits);
  }
}

/** "7", "7.5", "7,50" -> minor units; null when it is not an amount. */
export function parseMoney(text: string, currency: string): number | null {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d*)?$/.test(t)) return null;
  const digits = currencyDigits(currency);
  const [whole, frac = ''] = t.split('.');
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
}

export function formatPoints(n: number): string {
  return `${n.toLocaleString()} ${Math.abs(n) === 1 ? 'point' : 'points'}`;
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function memberName(m: { firstName: string; lastName: string | null }): string {
  return [m.firstName, m.lastName].filter(Boolean).join(' ');
}

export function tierName(tier: LoyaltySummary['tier']): string | null {
  if (!tier) return null;
  if (typeof tier === 'string') return tier;
  return tier.name ?? null;
}

function stampsList(size: number, filled: number, label: string): HTMLElement {
  const stamps = h('ol', { class: 'stamps', 'aria-label': label });
  for (let i = 0; i < size; i++) {
    const on = i < filled;
    stamps.append(
      h(
        'li',
        { class: on ? 'stamp filled' : 'stamp', 'data-filled': on ? 'true' : 'false', 'aria-hidden': 'true' },
        on ? '★' : '',
      ),
    );
  }
  return stamps;
}

/**
 * A stamp card drawn as stamps: each full card not yet redeemed drawn full (up
 * to 3, then "and N more"), then the open card with `progress` of `size` filled.
 */
export function stampCardView(card: StampCard): HTMLElement {
  const full: HTMLElement[] = [];
  const drawn = Math.min(card.completedCards, 3);
  for (let i = 0; i < drawn; i++) {
    full.push(
      h(
        'div',
        { class: 'stamp-card full', 'data-card-id': card.cardId, 'data-full': 'true' },
        h(
          'div',
          { class: 'stamp-card-head' },
          h('strong', {}, card.name),
          h('span', { class: 'stamp-count' }, 'Full: ready to redeem'),
        ),
        stampsList(card.size, card.size, `${card.name}: full card, ${card.size} of ${card.size} stamps`),
      ),
    );
  }
  if (card.completedCards > drawn)
    full.push(h('p', { class: 'stamp-complete' }, `and ${card.completedCards - drawn} more full cards`));
  const open = h(
    'div',
    { class: 'stamp-card', 'data-card-id': card.cardId, 'data-open': 'true' },
    h(
      'div',
      { class: 'stamp-card-head' },
      h('strong', {}, card.completedCards > 0 ? `${card.name}: next card` : card.name),
      h('span', { class: 'stamp-count' }, `${card.progress}/${card.size}`),
    ),
    stampsList(card.size, card.progress, `${card.progress} of ${card.size} stamps`),
  );
  return h('div', { class: 'stamp-card-group' }, ...full, open);
}

/** A posting of a purchase (sign 1) or of a return (sign -1), as shown to people. */
export interface PostingLike {
  kind: string;
  key?: string;
  amount: number;
  reason?: string;
  cardId?: string;
}

/**
 * One line per posting that says what it is for: "+3 points for €3.20 spent",
 * "+3 points (Double points Monday)", "+1 stamp on Coffee card (3/10)",
 * "−1 stamp on Coffee card". Nothing for a posting of 0.
 */
export function postingText(
  e: PostingLike,
  sign: 1 | -1,
  currency: string,
  cards: { cardId: string; name: string }[] = [],
): string | null {
  const n = Math.abs(e.amount);
  if (n === 0) return null;
  const head = `${sign > 0 ? '+' : '−'}${n.toLocaleString()}`;
  const reason = e.reason ?? '';
  if (e.kind === 'points') {
    const unit = n === 1 ? 'point' : 'points';
    const promo = e.key?.startsWith('points:promotion:');
    if (promo) return `${head} ${unit} (${reason.replace(/\s*[+-]\d+$/, '') || 'promotion'})`;
    const spent = /for (\d+(?:\.\d+)?) spent/.exec(reason);
    if (sign > 0 && spent) {
      const minor = Math.round(Number(spent[1]) * 10 ** currencyDigits(currency));
      return `${head} ${unit} for ${formatMoney(minor, currency)} spent`;
    }
    return `${head} ${unit}`;
  }
  const unit = n === 1 ? 'stamp' : 'stamps';
  const cardId = e.cardId ?? (e.key?.startsWith('stamps:') ? e.key.slice('stamps:'.length) : undefined);
  const name = cards.find((c) => c.cardId === cardId)?.name;
  const on = / on (.+?)(?: \(|:|$)/.exec(reason)?.[1] ?? name;
  const progress = sign > 0 ? /\((\d+\/\d+)\)$/.exec(reason)?.[1] : undefined;
  const complete = sign > 0 && /card complete|cards complete/.test(reason) ? ': card complete' : '';
  return `${head} ${unit}${on ? ` on ${on}` : ''}${complete}${progress ? ` (${progress})` : ''}`;
}

/** How far the member is from each points reward: "54 points to 5 € off"; null when it is affordable. */
export function pointsToGo(reward: RewardView, available: number): number | null {
  const c = (reward.cost ?? {}) as { kind?: string; points?: number };
  if (c.kind !== 'points' || typeof c.points !== 'number') return null;
  return c.points > available ? c.points - available : null;
}

/** "100 points" / "a full Coffee card" */
export function costText(cost: unknown, cards: StampCard[] = []): string {
  const c = (cost ?? {}) as { kind?: string; points?: number; cardId?: string; stampCardId?: string };
  if (typeof c.points === 'number') return formatPoints(c.points);
  const cardId = c.cardId ?? c.stampCardId;
  if (cardId) {
    const card = cards.find((s) => s.cardId === cardId);
    return `a full ${card?.name ?? cardId}`;
  }
  return '';
}

export function benefitText(benefit: unknown, currency: string): string {
  const b = (benefit ?? {}) as {
    kind?: string;
    description?: string;
    amount?: number;
    basisPoints?: number;
  };
  switch (b.kind) {
    case 'free_item':
      return b.description ? `Free: ${b.description}` : 'A free item';
    case 'amount_off':
      return typeof b.amount === 'number' ? `${formatMoney(b.amount, currency)} off` : 'Money off';
    case 'percent_off':
      return typeof b.basisPoints === 'number' ? `${b.basisPoints / 100}% off` : 'Percent off';
    case undefined:
    default:
      return b.description ?? '';
  }
}

/** The points block: available big, pending and soon-expiring below. */
export function pointsView(points: Points | undefined): HTMLElement {
  if (!points) return h('div', { class: 'points muted' }, 'Points are not available yet.');
  return h(
    'div',
    { class: 'points' },
    h(
      'div',
      { class: 'points-available' },
      h(
        'span',
        { class: 'points-number', 'data-testid': 'points-available' },
        points.available.toLocaleString(),
      ),
      h('span', { class: 'points-unit' }, Math.abs(points.available) === 1 ? 'point' : 'points'),
    ),
    points.pending > 0
      ? h(
          'p',
          { class: 'points-pending', 'data-testid': 'points-pending' },
          `+ ${formatPoints(points.pending)} pending`,
        )
      : null,
    ...points.expiringSoon.map((e) =>
      h(
        'p',
        { class: 'points-expiring', 'data-testid': 'points-expiring' },
        `${formatPoints(e.amount)} expire on ${formatDate(e.expiresAt)}`,
      ),
    ),
  );
}
