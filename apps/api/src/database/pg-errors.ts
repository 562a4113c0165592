import { DomainError, ErrorCode, NotFoundError } from '@regulars/core';

/** PostgreSQL error classification (SQLSTATE codes) for turning constraint failures into domain errors. */
export function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' ? code : undefined;
}

export function pgConstraint(e: unknown): string | undefined {
  const err = e as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const c = err?.driverError?.constraint ?? err?.constraint;
  return typeof c === 'string' ? c : undefined;
}

function pgDetail(e: unknown): string {
  const err = e as { detail?: unknown; driverError?: { detail?: unknown } };
  const d = err?.driverError?.detail ?? err?.detail;
  return typeof d === 'string' ? d : '';
}

function messageOf(e: unknown): string {
  const err = e as { message?: unknown; driverError?: { message?: unknown } };
  const m = err?.driverError?.message ?? err?.message;
  return typeof m === 'string' ? m : '';
}

export const isUniqueViolation = (e: unknown, constraint?: string): boolean =>
  pgCode(e) === '23505' && (constraint === undefined || pgConstraint(e) === constraint);

/** Socket-level failures of the driver (Node's errno codes). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What pg says when its connection is gone or cannot be had (these errors
 * carry no SQLSTATE): the server closed the socket, the client is unusable
 * after an earlier connection error, or no pool connection came in time.
 */
const DRIVER_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery)|terminating connection/i;

/**
 * True when the error means "the database cannot be reached right now" (an
 * outage, a restart, a fail-over, a terminated backend), as opposed to a bug
 * or a refused request: class 08 (connection exception), 57P01-57P03
 * (administrator/crash shutdown, cannot connect now), 53300 (too many
 * connections), socket errors and pg's own connection messages.
 */
export function isConnectionError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = pgCode(e);
  if (code) {
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    if (code === '53300') return true;
    if (SOCKET_CODES.has(code)) return true;
  }
  return DRIVER_MESSAGES.test(messageOf(e));
}

/** How long a client should wait before re-sending during a database outage (seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export const databaseUnavailable = () =>
  new DomainError(
    ErrorCode.DATABASE_UNAVAILABLE,
    'The database is unavailable; re-send the request shortly (writes are idempotent by their key)',
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );

/**
 * Foreign keys whose violation means "the request named something that does
 * not exist in this business": answered like any other missing reference (404).
 */
const MISSING_REFERENCE: Record<string, { what: string; field: string }> = {
  fk_purchases_location: { what: 'Location', field: 'locationId' },
  fk_staff_location: { what: 'Location', field: 'locationId' },
  fk_purchases_member: { what: 'Member', field: 'memberId' },
  fk_redemptions_member: { what: 'Member', field: 'memberId' },
  fk_cards_member: { what: 'Member', field: 'memberId' },
  fk_redemptions_reward: { what: 'Reward', field: 'rewardId' },
  fk_redemptions_purchase: { what: 'Purchase', field: 'purchaseId' },
  fk_returns_purchase: { what: 'Purchase', field: 'purchaseId' },
  fk_lines_purchase: { what: 'Purchase', field: 'purchaseId' },
};

/**
 * The one mapping of database errors to the error vocabulary. Services map the
 * violations they expect with a sharper message (a taken email, a taken slug);
 * whatever reaches the exception filter unmapped passes through here, so a
 * constraint violation or bad value never surfaces as 500 INTERNAL:
 *
 * - connection lost or refused, server shutting down, too many connections:
 *   DATABASE_UNAVAILABLE (503, Retry-After);
 * - 23503 foreign key: a reference to something that does not exist is
 *   NOT_FOUND (like a foreign id in a path); a row still referenced is CONFLICT;
 * - 23505 unique: CONFLICT;
 * - 23514 check, 23502 not null, 23P01 exclusion: UNPROCESSABLE;
 * - class 22 (invalid text representation, out of range, too long, bad
 *   characters such as NUL): VALIDATION_FAILED;
 * - 40001 serialization failure, 40P01 deadlock, 55P03 lock not available:
 *   CONFLICT (re-sending is safe);
 * - 54000 program limit exceeded (a value too large to index): VALIDATION_FAILED.
 *
 * Returns undefined for anything else (a bug: 500 with a reference only).
 */
export function domainErrorFromDatabase(e: unknown): DomainError | undefined {
  if (isConnectionError(e)) return databaseUnavailable();
  const code = pgCode(e);
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  const constraint = pgConstraint(e);
  const details: Record<string, unknown> = constraint ? { constraint } : {};
  switch (code) {
    case '23503': {
      if (/still referenced/i.test(pgDetail(e)))
        return new DomainError(ErrorCode.CONFLICT, 'Other records still refer to this one', details);
      const ref = constraint ? MISSING_REFERENCE[constraint] : undefined;
      if (ref) return new NotFoundError(ref.what, { field: ref.field });
      return new DomainError(
        ErrorCode.UNPROCESSABLE,
        'The request refers to something that does not exist',
        details,
      );
    }
    case '23505':
      return new DomainError(ErrorCode.CONFLICT, 'That already exists', details);
    case '23514':
    case '23502':
    case '23P01':
      return new DomainError(ErrorCode.UNPROCESSABLE, 'The request breaks a rule of the data', details);
    case '40001':
    case '40P01':
    case '55P03':
      return new DomainError(
        ErrorCode.CONFLICT,
        'A concurrent change got in the way; re-send the request',
        details,
      );
    case '54000':
      return new DomainError(ErrorCode.VALIDATION_FAILED, 'A value is too large', {
        fields: [{ field: 'body', problems: ['a value is too large'] }],
      });
  }
  if (code.startsWith('22'))
    return new DomainError(ErrorCode.VALIDATION_FAILED, 'A value is not acceptable', {
      fields: [{ field: 'body', problems: ['a value is malformed or out of range'] }],
    });
  return undefined;
}
