/**
 * The console's API client: openapi-fetch over the types generated from the app's
 * OpenAPI document (web/src/generated/api.ts, `npm run api:client`). Paths, bodies and
 * answers are checked by the compiler; every refusal becomes an ApiError with the
 * API's code, as on the counter page.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../generated/api';
import { ApiError } from '../api';
import { session, signOut } from './session';

export type Schemas = components['schemas'];

/** ApiError with the error body's details (the fields of a validation failure). */
export class ConsoleApiError extends ApiError {
  constructor(
    code: string,
    status: number,
    message: string,
    requestId: string | undefined,
    readonly details: { fields?: { field: string; problems: string[] }[] } | undefined,
  ) {
    super(code, status, message, requestId);
  }
}

export const client = createClient<paths>({ baseUrl: '' });

client.use({
  onRequest({ request }) {
    const token = session.value?.token;
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    request.headers.set('accept', 'application/json');
    return request;
  },
});

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call: its data, or an ApiError (a 401 also ends the session). */
export async function call<T>(request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch {
    throw new ApiError('NETWORK', 0, 'The server cannot be reached.');
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  const body = (error ?? {}) as {
    error?: { code?: string; message?: string; details?: ConsoleApiError['details'] };
    requestId?: string;
  };
  const e = new ConsoleApiError(
    body.error?.code ?? `HTTP_${response.status}`,
    response.status,
    body.error?.message ?? (response.statusText || 'Request failed'),
    body.requestId ?? response.headers.get('x-request-id') ?? undefined,
    body.error?.details,
  );
  if (response.status === 401 && session.value) signOut('Your session has ended. Log in again.');
  throw e;
}

/** The validation problems of a 400, by field: shown next to the field they concern. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ConsoleApiError) || e.code !== 'VALIDATION_FAILED') return {};
  const out: Record<string, string> = {};
  for (const f of e.details?.fields ?? []) out[f.field] = f.problems.join('; ');
  return out;
}

/** A random key for idempotent writes (the adjustment form keeps one per attempt). */
export function newKey(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
