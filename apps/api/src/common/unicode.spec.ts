import { firstRefusedValue, isWellFormed, MAX_DEPTH, NOT_WELL_FORMED, TOO_DEEP } from './unicode';

describe('values no route accepts', () => {
  it('tells lone surrogates from pairs', () => {
    expect(isWellFormed('plain')).toBe(true);
    expect(isWellFormed('😀')).toBe(true);
    expect(isWellFormed('\ud83d\ude00x')).toBe(true);
    expect(isWellFormed('\ud800')).toBe(false);
    expect(isWellFormed('a\udc00')).toBe(false);
    expect(isWellFormed('\ude00\ud83d')).toBe(false);
    expect(isWellFormed('x\ud83d')).toBe(false);
  });

  it('names the first ill-formed string or key in a nested value', () => {
    expect(firstRefusedValue({ a: 'ok', b: [1, { c: '😀' }] })).toBeUndefined();
    expect(firstRefusedValue({ a: 'ok', b: [1, { c: 'x\ud800' }] })).toEqual({
      field: 'body.b[1].c',
      problem: NOT_WELL_FORMED,
    });
    expect(firstRefusedValue({ ['k\udfff']: 1 })).toEqual({ field: 'body', problem: NOT_WELL_FORMED });
    expect(firstRefusedValue('\ud800', 'slug')).toEqual({ field: 'slug', problem: NOT_WELL_FORMED });
    expect(firstRefusedValue(null)).toBeUndefined();
  });

  it('refuses nesting deeper than MAX_DEPTH, however deep, without overflowing the stack', () => {
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
    expect(firstRefusedValue(ok)).toBeUndefined();
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = i % 2 ? { a: deep } : [deep];
    expect(firstRefusedValue(deep)?.problem).toBe(TOO_DEEP);
  });
});
