/**
 * Domain errors. Services and libraries throw these; the HTTP layer maps each
 * code to a status in exactly one place (apps/api/src/common/error.filter.ts).
 * Libraries never throw HTTP exceptions.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  INSUFFICIENT_BALANCE: 'INSUFFICIENT_BALANCE',
  CARD_INVALID: 'CARD_INVALID',
  CARD_REVOKED: 'CARD_REVOKED',
  CARD_FOREIGN_BUSINESS: 'CARD_FOREIGN_BUSINESS',
  HOLD_NOT_OPEN: 'HOLD_NOT_OPEN',
  REVERSAL_REFUSED: 'REVERSAL_REFUSED',
  /**
   * A generic refusal (a check constraint of the data); the counter's, the rebates', the
   * arithmetic's and the club's refusals each have their own code below (docs/API.md lists them).
   */
  UNPROCESSABLE: 'UNPROCESSABLE',
  /** The reward is not offered now (withdrawn, or its stamp card is no longer in the rules). */
  REWARD_NOT_AVAILABLE: 'REWARD_NOT_AVAILABLE',
  /** The reward cannot apply to this sale (e.g. a free item the sale does not contain). */
  REWARD_NOT_APPLICABLE: 'REWARD_NOT_APPLICABLE',
  /** A return of more of a line than was bought (and not returned yet). */
  RETURN_EXCEEDS_PURCHASE: 'RETURN_EXCEEDS_PURCHASE',
  /** Everything on the purchase has already been returned. */
  NOTHING_TO_RETURN: 'NOTHING_TO_RETURN',
  /** A reward limited to tiers or club members, redeemed by a member who holds neither (details: the reason). */
  REWARD_LOCKED: 'REWARD_LOCKED',
  /** A purchase above the business's hard amount limit (nothing is written). */
  AMOUNT_OVER_LIMIT: 'AMOUNT_OVER_LIMIT',
  /** A computed amount (points, money, volume) beyond the safe integer range (libs/rules arithmetic). */
  ARITHMETIC_OUT_OF_RANGE: 'ARITHMETIC_OUT_OF_RANGE',
  /** A rebate settlement run finds nothing due for the period now (another run may just have posted it). */
  NOTHING_TO_SETTLE: 'NOTHING_TO_SETTLE',
  /** A settlement run dated before the end of a period whose final settlement was already issued. */
  SETTLEMENT_BEFORE_PERIOD_END: 'SETTLEMENT_BEFORE_PERIOD_END',
  /** A return would take away more rebate volume than was bought (a negative period volume). */
  RETURN_EXCEEDS_VOLUME: 'RETURN_EXCEEDS_VOLUME',
  /** Store credit spent for a member who buys for no company (there is no store credit to pay with). */
  NOT_A_COMPANY_BUYER: 'NOT_A_COMPANY_BUYER',
  /**
   * The club's access kind (open, paid, invitation) does not allow this: joining or leaving a club
   * that is not open, an invitation to a club that is not invitation-only, a fee for a club that
   * is not paid, a club event of another access kind (libs/tiers).
   */
  CLUB_ACCESS_MISMATCH: 'CLUB_ACCESS_MISMATCH',
  /** A club invitation event that cannot apply: a code already used, or an answer to an unknown, expired or closed invitation. */
  CLUB_INVITATION_INVALID: 'CLUB_INVITATION_INVALID',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The database cannot be reached right now (outage, restart, fail-over): retry later, it is safe. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, details?: Record<string, unknown>) {
    super(ErrorCode.NOT_FOUND, `${what} not found`, details);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.CONFLICT, message, details);
  }
}
