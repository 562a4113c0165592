import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@regulars/core';
import { DATABASE_RETRY_AFTER_SECONDS, domainErrorFromDatabase } from '../database/pg-errors';

/** The one error body of every 4xx and 5xx. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  requestId: string;
}

/** The single place where domain error codes become HTTP statuses. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.MALFORMED_REQUEST:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.UNAUTHENTICATED:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.FORBIDDEN:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.CONFLICT:
    case ErrorCode.IDEMPOTENCY_CONFLICT:
    case ErrorCode.HOLD_NOT_OPEN:
      return HttpStatus.CONFLICT;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorCode.INSUFFICIENT_BALANCE:
    case ErrorCode.CARD_INVALID:
    case ErrorCode.CARD_REVOKED:
    case ErrorCode.CARD_FOREIGN_BUSINESS:
    case ErrorCode.REVERSAL_REFUSED:
    case ErrorCode.UNPROCESSABLE:
    case ErrorCode.REWARD_NOT_AVAILABLE:
    case ErrorCode.REWARD_NOT_APPLICABLE:
    case ErrorCode.RETURN_EXCEEDS_PURCHASE:
    case ErrorCode.NOTHING_TO_RETURN:
    case ErrorCode.REWARD_LOCKED:
    case ErrorCode.AMOUNT_OVER_LIMIT:
    case ErrorCode.ARITHMETIC_OUT_OF_RANGE:
    case ErrorCode.NOTHING_TO_SETTLE:
    case ErrorCode.SETTLEMENT_BEFORE_PERIOD_END:
    case ErrorCode.RETURN_EXCEEDS_VOLUME:
    case ErrorCode.NOT_A_COMPANY_BUYER:
    case ErrorCode.CLUB_ACCESS_MISMATCH:
    case ErrorCode.CLUB_INVITATION_INVALID:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.RATE_LIMITED:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.DATABASE_UNAVAILABLE:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.INTERNAL:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.MALFORMED_REQUEST;
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
    case 405:
      return ErrorCode.NOT_FOUND;
    case 409:
      return ErrorCode.CONFLICT;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 415:
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    default:
      return status >= 500 ? ErrorCode.INTERNAL : ErrorCode.UNPROCESSABLE;
  }
}

const SAFE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.UNAUTHENTICATED]: 'Authentication required',
  [ErrorCode.FORBIDDEN]: 'Not allowed',
  [ErrorCode.RATE_LIMITED]: 'Too many requests, try again later',
};

/** Turns anything thrown into { error: { code, message, details? }, requestId }; a 5xx never shows internals. */
export function toErrorResponse(
  exception: unknown,
  requestId: string,
  logger: Logger,
): { status: number; body: ErrorBody } {
  // Database errors nobody mapped closer to their cause: constraint violations, bad values, outages.
  const fromDatabase = exception instanceof DomainError ? undefined : domainErrorFromDatabase(exception);
  if (fromDatabase) {
    if (fromDatabase.code === ErrorCode.DATABASE_UNAVAILABLE)
      logger.warn({ err: exception, requestId }, 'database unavailable');
    exception = fromDatabase;
  }
  if (exception instanceof DomainError) {
    const body: ErrorBody = { error: { code: exception.code, message: exception.message }, requestId };
    if (exception.details) body.error.details = exception.details;
    return { status: statusOf(exception.code), body };
  }
  let status: number | undefined;
  let message: string | undefined;
  if (exception instanceof HttpException) {
    status = exception.getStatus();
    const res = exception.getResponse();
    message = typeof res === 'string' ? res : ((res as { message?: unknown }).message as string | undefined);
    if (Array.isArray(message)) message = message.join('; ');
  } else if (exception && typeof exception === 'object' && 'statusCode' in exception) {
    // Errors raised by Fastify itself before a handler runs (bad JSON, body too large, media type).
    const s = Number((exception as { statusCode: unknown }).statusCode);
    if (s >= 400 && s < 500) {
      status = s;
      message = (exception as { message?: string }).message;
    }
  }
  if (status !== undefined && status < 500) {
    const code = codeForStatus(status);
    return {
      status,
      body: { error: { code, message: SAFE_MESSAGES[code] ?? message ?? 'Bad request' }, requestId },
    };
  }
  logger.error({ err: exception, requestId }, 'unhandled error');
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: {
      error: { code: ErrorCode.INTERNAL, message: `Internal error (reference ${requestId})` },
      requestId,
    },
  };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { status, body } = toErrorResponse(exception, String(req.id), this.logger);
    if (status === 429) void reply.header('retry-after', '60');
    if (status === 503) void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
