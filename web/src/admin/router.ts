import { signal } from '@preact/signals';

/** Hash routes (#/members/…): one HTML page, no server routes per screen, links that survive a reload. */
export const route = signal(parse());

function parse(): string[] {
  const h = location.hash.replace(/^#\/?/, '');
  return h ? h.split('/').map(decodeURIComponent) : ['dashboard'];
}

window.addEventListener('hashchange', () => {
  route.value = parse();
});

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

export function go(...parts: string[]): void {
  location.hash = href(...parts);
}
