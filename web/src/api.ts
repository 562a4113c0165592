/** Talking to the Regulars API from the pages: one fetch wrapper, one error type, one message per refusal. */

export class ApiError extends Error {
  constructor(
    /** The API's error code (CARD_REVOKED, …), or NETWORK when the server could not be reached. */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly requestId?: string,
    /** The error body's details (fields of a VALIDATION_FAILED, limit of an AMOUNT_OVER_LIMIT, …). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown> | unknown[];

export interface ApiOptions {
  token?: string | null;
  body?: Body;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Abort after this many milliseconds (a till must not hang on a dead network). */
  timeoutMs?: number;
}

export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const res = await send(path, opts);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The raw response for binary bodies (the card QR image); errors are thrown like api(). */
export async function apiBlob(path: string, opts: ApiOptions = {}): Promise<Blob> {
  return (await send(path, opts)).blob();
}

async function send(path: string, opts: ApiOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 15000);
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: controller.signal,
      cache: 'no-store',
    });
  } catch {
    throw new ApiError('NETWORK', 0, 'The server cannot be reached.');
  } finally {
    clearTimeout(timer);
  }
  if (res.ok) return res;
  let code = `HTTP_${res.status}`;
  let message = res.statusText || 'Request failed';
  let requestId: string | undefined = res.headers.get('x-request-id') ?? undefined;
  let details: Record<string, unknown> | undefined;
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
      requestId?: string;
    };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
    if (body.error?.details) details = body.error.details;
    if (body.requestId) requestId = body.requestId;
  } catch {
    // not a JSON error body (a proxy's page, an HTML 502): keep the status
  }
  throw new ApiError(code, res.status, message, requestId, details);
}

/** What a person at the counter or on their phone should read for each refusal. */
export function describeError(e: unknown, context: 'counter' | 'member' = 'counter'): string {
  if (!(e instanceof ApiError)) return 'Something went wrong in this page. Reload and try again.';
  switch (e.code) {
    case 'NETWORK':
      return context === 'counter'
        ? 'No connection to the Regulars server. Check the network and tap again — a retry never awards twice.'
        : 'No connection. Check your network and try again.';
    case 'DATABASE_UNAVAILABLE':
      return context === 'counter'
        ? 'The Regulars server cannot reach its database right now. Tap again in a moment — a retry never awards twice.'
        : 'The service is briefly unavailable. Try again in a moment.';
    case 'CARD_REVOKED':
      return 'This card has been revoked (lost or replaced). Ask for the new card or enter the member number.';
    case 'CARD_FOREIGN_BUSINESS':
      return 'This card belongs to another business. It is not a member card of this shop.';
    case 'CARD_INVALID':
      return 'This QR code is not a valid member card (unreadable, damaged or tampered).';
    case 'INSUFFICIENT_BALANCE':
      return 'Not enough points or stamps for this. Nothing was redeemed.';
    case 'REVERSAL_REFUSED':
      return 'This return cannot be processed: the points it earned have already been spent.';
    case 'IDEMPOTENCY_CONFLICT':
      return 'This was already recorded with different details. Start a new sale.';
    case 'UNAUTHENTICATED':
      return context === 'counter'
        ? 'Your session has ended. Log in again.'
        : 'Email or password is wrong, or your session has ended.';
    case 'FORBIDDEN':
      return 'Your login is not allowed to do this.';
    case 'RATE_LIMITED':
      return 'Too many attempts. Wait a minute and try again.';
    case 'NOT_FOUND':
      if (/^Member/.test(e.message))
        return 'No member with this number in this shop. Check the number, or search by name, phone or email.';
      if (/^Purchase/.test(e.message)) return 'No purchase with this receipt code in this shop.';
      if (/^Business/.test(e.message)) return 'There is no shop with this name (slug).';
      return `${e.message}.`;
    case 'VALIDATION_FAILED':
      return fieldProblems(e) ?? e.message;
    case 'REWARD_NOT_AVAILABLE':
      return 'This reward is not offered any more. Choose another one.';
    case 'NOTHING_TO_RETURN':
      return 'Everything on this purchase has already been returned.';
    case 'REWARD_NOT_APPLICABLE':
    case 'RETURN_EXCEEDS_PURCHASE':
    case 'AMOUNT_OVER_LIMIT':
    case 'UNPROCESSABLE':
    case 'CONFLICT':
      return e.message;
    default:
      if (e.status === 404) return 'This function is not available on this server yet.';
      return e.status >= 500
        ? `The server had a problem (reference ${e.requestId ?? 'unknown'}). Try again.`
        : e.message;
  }
}

const FIELD_SENTENCES: Record<string, string> = {
  phone: 'Check the phone number: 6 to 15 digits, for example +49 151 2345678.',
  email: 'Check the email address, for example name@example.com.',
  password: 'The password needs at least 10 characters.',
  birthday: 'Give the birthday as a date, for example 1990-01-31.',
  firstName: 'Give a first name.',
  memberNumber: 'A member number is digits only.',
};

/** A VALIDATION_FAILED's fields as sentences ("Check the phone number…"), or null when it names none. */
function fieldProblems(e: ApiError): string | null {
  const fields = (e.details?.fields ?? []) as { field?: string; problems?: string[] }[];
  if (!Array.isArray(fields) || !fields.length) return null;
  const sentences = fields.map((f) => {
    const name = String(f.field ?? '');
    const leaf = name.split('.').pop() ?? name;
    if (/email or phone/.test((f.problems ?? []).join(' ')))
      return 'Give an email address or a phone number.';
    if (Object.hasOwn(FIELD_SENTENCES, leaf)) return FIELD_SENTENCES[leaf];
    return `Check ${leaf}: ${(f.problems ?? []).join(', ')}.`;
  });
  return [...new Set(sentences)].join(' ');
}

/** A random key for idempotent requests; works outside secure contexts too (no crypto.randomUUID). */
export function newKey(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
