import { HttpException, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@regulars/core';
import { statusOf, toErrorResponse } from './error.filter';

const logger = { error: jest.fn(), warn: jest.fn() } as unknown as Logger;

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

describe('database errors', () => {
  const pgError = (code: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`pg ${code}`), { code, ...extra });
  // TypeORM wraps pg's error in QueryFailedError with driverError.
  const wrapped = (e: Error) => Object.assign(new Error('query failed'), { driverError: e });

  it.each([
    ['57P01 admin shutdown', pgError('57P01')],
    ['57P02 crash shutdown', pgError('57P02')],
    ['57P03 cannot connect now', pgError('57P03')],
    ['08006 connection failure', pgError('08006')],
    ['53300 too many connections', pgError('53300')],
    ['ECONNREFUSED', pgError('ECONNREFUSED')],
    ['Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    [
      'a client no longer queryable',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['wrapped by TypeORM', wrapped(pgError('57P01'))],
  ])('%s is 503 DATABASE_UNAVAILABLE, no internals', (_name, e) => {
    const r = toErrorResponse(e, 'req-db', logger);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(r.body.error.message).toMatch(/re-send/);
    expect(JSON.stringify(r.body)).not.toMatch(/pg |terminated|queryable/);
  });

  it.each([
    [
      '23503 to a missing location',
      wrapped(
        pgError('23503', {
          constraint: 'fk_purchases_location',
          detail: 'Key (business_id, location_id)=(…) is not present in table "locations".',
        }),
      ),
      404,
      'NOT_FOUND',
    ],
    [
      '23503 to an unknown reference',
      pgError('23503', { constraint: 'fk_x', detail: 'is not present' }),
      422,
      'UNPROCESSABLE',
    ],
    [
      '23503 still referenced',
      pgError('23503', { constraint: 'fk_x', detail: 'Key (id)=(1) is still referenced from table "y".' }),
      409,
      'CONFLICT',
    ],
    ['23505 unique', pgError('23505', { constraint: 'uq_x' }), 409, 'CONFLICT'],
    ['23514 check', pgError('23514', { constraint: 'chk_x' }), 422, 'UNPROCESSABLE'],
    ['23502 not null', pgError('23502'), 422, 'UNPROCESSABLE'],
    ['22P02 invalid text', pgError('22P02'), 400, 'VALIDATION_FAILED'],
    ['22021 bad character', pgError('22021'), 400, 'VALIDATION_FAILED'],
    ['22003 out of range', pgError('22003'), 400, 'VALIDATION_FAILED'],
    ['40P01 deadlock', pgError('40P01'), 409, 'CONFLICT'],
    ['54000 too large to index', pgError('54000'), 400, 'VALIDATION_FAILED'],
  ])('%s is never a 500', (_name, e, status, code) => {
    const r = toErrorResponse(e, 'req-c', logger);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
  });

  it('leaves other SQL errors a 500 without internals', () => {
    const r = toErrorResponse(pgError('42P01'), 'req-x', logger);
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('INTERNAL');
  });
});
