/**
 * /join/<slug>: public sign-up. The server sends a one-time code to the email
 * given; the code signs the member in and they land on /me with their card.
 */
import { api, describeError } from './api';
import { saveMemberSession } from './member-session';
import { signInCodeError, verifySignInCode } from './sign-in-code';
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

/** The email the code was sent to (the code signs in the member with that email). */
let sentTo = '';

byId<HTMLFormElement>('join-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const d = new FormData(form);
  const text = (k: string) => String(d.get(k) ?? '').trim();
  const body: Record<string, unknown> = {
    firstName: text('firstName'),
    email: text('email'),
    marketingConsent: d.get('marketingConsent') === 'on',
  };
  const password = String(d.get('password') ?? '');
  if (password) body.password = password;
  for (const k of ['lastName', 'phone', 'birthday']) if (text(k)) body[k] = text(k);
  const button = form.querySelector('button')!;
  button.disabled = true;
  say('Sending your sign-in code…', 'info');
  // The answer is the same whether or not this email is a member already: either way a code is
  // sent to it, and the code opens the card.
  api<{ message: string }>(`/api/join/${encodeURIComponent(slug)}`, { body })
    .then((r) => {
      sentTo = text('email');
      show(form, false);
      byId('code-sent-to').textContent = `${r.message} (${sentTo})`;
      show(byId('code-form'), true);
      show(byId('message'), false);
      byId<HTMLInputElement>('code-form').querySelector('input')!.focus();
    })
    .catch((e: unknown) => {
      button.disabled = false;
      say(describeError(e, 'member'), 'error');
    });
});

byId<HTMLFormElement>('code-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const code = String(new FormData(form).get('code') ?? '').trim();
  const button = form.querySelector('button')!;
  button.disabled = true;
  verifySignInCode(slug, sentTo, code)
    .then((r) => {
      saveMemberSession({ token: r.accessToken, business: slug });
      location.assign('/me?welcome=1');
    })
    .catch((e: unknown) => {
      button.disabled = false;
      say(signInCodeError(e, 'join again for a new one'), 'error');
    });
});

void init();
