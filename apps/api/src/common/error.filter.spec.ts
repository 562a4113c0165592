import { HttpException, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@regulars/core';
import { statusOf, toErrorResponse } from './error.filter';

const logger = { error: jest.fn() } as unknown as Logger;

describe('error mapping', () => {
  it('maps every domain code to a status', () => {
    for (const code of Object.values(ErrorCode)) {
      const s = statusOf(code);
      expect(s).toBeGreaterThanOrEqual(400);
      expect(s).toBeLessThan(600);
    }
    expect(statusOf(ErrorCode.NOT_FOUND)).toBe(404);
    expect(statusOf(ErrorCode.INSUFFICIENT_BALANCE)).toBe(422);
    expect(statusOf(ErrorCode.IDEMPOTENCY_CONFLICT)).toBe(409);
  });

  it('gives domain errors their code, message and details', () => {
    const r = toErrorResponse(
      new DomainError(ErrorCode.CONFLICT, 'taken', { field: 'email' }),
      'req-1',
      logger,
    );
    expect(r).toEqual({
      status: 409,
      body: {
        error: { code: 'CONFLICT', message: 'taken', details: { field: 'email' } },
        requestId: 'req-1',
      },
    });
  });

  it('never shows internals of an unexpected error', () => {
    const r = toErrorResponse(
      new Error('relation "secret_table" does not exist at /src/x.ts:10'),
      'req-2',
      logger,
    );
    expect(r.status).toBe(500);
    expect(JSON.stringify(r.body)).not.toMatch(/secret_table|x\.ts/);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(r.body.requestId).toBe('req-2');
    expect(logger.error).toHaveBeenCalled();
  });

  it('keeps 4xx HttpExceptions as 4xx with a code', () => {
    expect(toErrorResponse(new HttpException('nope', 429), 'r', logger).body.error.code).toBe('RATE_LIMITED');
    expect(toErrorResponse(new HttpException('Cannot GET /x', 404), 'r', logger).body.error.code).toBe(
      'NOT_FOUND',
    );
  });
});
