/** The member's login on their own phone: kept in localStorage so the card opens instantly next time. */
export interface MemberSession {
  token: string;
  business: string;
  /** Keeps the member signed in on their own device for months (/api/auth/member/refresh). */
  refreshToken?: string;
}

const KEY = 'regulars.member.session';
const LAST_BUSINESS = 'regulars.member.business';

export function loadMemberSession(): MemberSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    const s = raw ? (JSON.parse(raw) as MemberSession) : null;
    return s && typeof s.token === 'string' && typeof s.business === 'string' ? s : null;
  } catch {
    return null;
  }
}

export function saveMemberSession(s: MemberSession): void {
  localStorage.setItem(KEY, JSON.stringify(s));
  localStorage.setItem(LAST_BUSINESS, s.business);
}

export function clearMemberSession(): void {
  localStorage.removeItem(KEY);
}

export function lastBusiness(): string | null {
  return localStorage.getItem(LAST_BUSINESS);
}
