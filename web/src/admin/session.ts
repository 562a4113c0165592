import { signal } from '@preact/signals';

/** Who is signed in. Kept in sessionStorage under the counter's key, so /admin and /cashier share a login. */
export interface Session {
  token: string;
  staff: { id: string; name: string; email: string; role: string };
}

const KEY = 'regulars.counter.session';

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());
/** A sentence for the login screen (why the user was signed out). */
export const signedOutBecause = signal<string | null>(null);

export function signIn(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
  session.value = s;
  signedOutBecause.value = null;
}

export function signOut(reason: string | null = null): void {
  sessionStorage.removeItem(KEY);
  session.value = null;
  signedOutBecause.value = reason;
}

/** Owners and managers use the console; everyone else goes to the counter. */
export const isConsoleRole = (role: string | undefined) => role === 'owner' || role === 'manager';
