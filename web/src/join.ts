/** /join/<slug>: public sign-up; on success the member lands on /me with their card. */
import { api, describeError } from './api';
import { saveMemberSession } from './member-session';
import { byId, show } from './ui';

const slug = decodeURIComponent(location.pathname.replace(/^\/join\//, '').replace(/\/$/, ''));

function say(text: string, kind: 'error' | 'info'): void {
  const box = byId('message');
  box.textContent = text;
  box.className = `message ${kind}`;
  box.dataset.kind = kind;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  show(box, true);
  box.scrollIntoView({ block: 'nearest' });
}

async function init(): Promise<void> {
  byId<HTMLAnchorElement>('login-link').href = `/me?business=${encodeURIComponent(slug)}`;
  try {
    const b = await api<{ name: string; slug: string }>(`/api/join/${encodeURIComponent(slug)}`);
    byId('business-name').textContent = b.name;
    document.title = `Join ${b.name} · Regulars`;
    show(byId('join-form'), true);
  } catch (e) {
    if (e instanceof Error && 'status' in e && (e as { status: number }).status === 404) {
      show(byId('not-found'), true);
    } else say(describeError(e, 'member'), 'error');
  }
}

byId<HTMLFormElement>('join-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const d = new FormData(form);
  const text = (k: string) => String(d.get(k) ?? '').trim();
  const body: Record<string, unknown> = {
    firstName: text('firstName'),
    email: text('email'),
    password: String(d.get('password') ?? ''),
    marketingConsent: d.get('marketingConsent') === 'on',
  };
  for (const k of ['lastName', 'phone', 'birthday']) if (text(k)) body[k] = text(k);
  const button = form.querySelector('button')!;
  button.disabled = true;
  say('Creating your card…', 'info');
  api<{ accessToken: string }>(`/api/join/${encodeURIComponent(slug)}`, { body })
    .then((r) => {
      saveMemberSession({ token: r.accessToken, business: slug });
      location.assign('/me?welcome=1');
    })
    .catch((e: unknown) => {
      button.disabled = false;
      say(describeError(e, 'member'), 'error');
    });
});

void init();
