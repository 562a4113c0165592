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

/** A stamp card drawn as stamps: `size` circles, `progress` of them filled. */
export function stampCardView(card: StampCard): HTMLElement {
  const stamps = h('ol', {
    class: 'stamps',
    'aria-label': `${card.progress} of ${card.size} stamps`,
  });
  for (let i = 0; i < card.size; i++) {
    const filled = i < card.progress;
    stamps.append(
      h(
        'li',
        { class: filled ? 'stamp filled' : 'stamp', 'data-filled': filled ? 'true' : 'false' },
        filled ? '★' : '',
      ),
    );
  }
  return h(
    'div',
    { class: 'stamp-card', 'data-card-id': card.cardId },
    h(
      'div',
      { class: 'stamp-card-head' },
      h('strong', {}, card.name),
      h('span', { class: 'stamp-count' }, `${card.progress}/${card.size}`),
    ),
    stamps,
    card.completedCards > 0
      ? h(
          'p',
          { class: 'stamp-complete' },
          `${card.completedCards} full card${card.completedCards === 1 ? '' : 's'} ready to redeem`,
        )
      : null,
  );
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
