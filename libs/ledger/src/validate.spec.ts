import { DomainError } from '@regulars/core';
import {
  canonicalJson,
  checkAccount,
  checkAmount,
  checkBusinessId,
  checkId,
  checkKey,
  checkPolicy,
  checkUnit,
  requestHash,
  toSafeNumber,
} from './validate';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'OTHER';
  }
  return undefined;
};

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
  it('writes dates as ISO strings', () => {
    expect(canonicalJson({ t: new Date('2026-01-01T00:00:00Z') })).toBe('{"t":"2026-01-01T00:00:00.000Z"}');
  });
});

describe('requestHash', () => {
  it('is the same for the same request whatever the key order', () => {
    expect(requestHash('earn', { amount: 5, account: { unit: 'points', ownerId: 'm' } })).toBe(
      requestHash('earn', { account: { ownerId: 'm', unit: 'points' }, amount: 5 }),
    );
  });
  it('differs when the operation, an amount or the metadata differ', () => {
    const base = requestHash('earn', { amount: 5, metadata: { a: 1 } });
    expect(requestHash('spend', { amount: 5, metadata: { a: 1 } })).not.toBe(base);
    expect(requestHash('earn', { amount: 6, metadata: { a: 1 } })).not.toBe(base);
    expect(requestHash('earn', { amount: 5, metadata: { a: 2 } })).not.toBe(base);
  });
});

describe('input checks', () => {
  it('accepts the documented units and rejects others', () => {
    for (const u of ['points', 'stamps:card-1', 'rebate:EUR', 'stamps:0b1d.x_y'])
      expect(code(() => checkUnit(u))).toBeUndefined();
    for (const u of ['', 'Points', 'points:', 'a b', 'rebate:EUR:x', ':x'])
      expect(code(() => checkUnit(u))).toBe('VALIDATION_FAILED');
  });
  it('accepts only positive safe integer amounts', () => {
    expect(code(() => checkAmount(1))).toBeUndefined();
    expect(code(() => checkAmount(Number.MAX_SAFE_INTEGER))).toBeUndefined();
    for (const a of [0, -1, 1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '5', 5n]) {
      expect(code(() => checkAmount(a))).toBe('VALIDATION_FAILED');
    }
  });
  it('requires a uuid business, a key, a holder account, a decimal id and a known policy', () => {
    expect(code(() => checkBusinessId('not-a-uuid'))).toBe('VALIDATION_FAILED');
    expect(code(() => checkBusinessId('0b9f3c1e-1d2a-4c3b-9e8f-7a6b5c4d3e2f'))).toBeUndefined();
    expect(code(() => checkKey(''))).toBe('VALIDATION_FAILED');
    expect(code(() => checkKey('x'.repeat(201)))).toBe('VALIDATION_FAILED');
    expect(code(() => checkAccount({ unit: 'points', ownerType: 'system', ownerId: 'issued' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      code(() => checkAccount({ unit: 'points', ownerType: 'system', ownerId: 'issued' }, true)),
    ).toBeUndefined();
    expect(code(() => checkAccount({ unit: 'points', ownerType: 'member', ownerId: '' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(code(() => checkId('12', 'id'))).toBeUndefined();
    expect(code(() => checkId('012', 'id'))).toBe('VALIDATION_FAILED');
    expect(code(() => checkId('1; drop', 'id'))).toBe('VALIDATION_FAILED');
    expect(code(() => checkPolicy('clamp'))).toBeUndefined();
    expect(code(() => checkPolicy('forgive'))).toBe('VALIDATION_FAILED');
  });
  it('converts database bigints only when they are safe integers', () => {
    expect(toSafeNumber('9007199254740991', 'x')).toBe(9007199254740991);
    expect(code(() => toSafeNumber('9007199254740993', 'x'))).toBe('INTERNAL');
  });
});
