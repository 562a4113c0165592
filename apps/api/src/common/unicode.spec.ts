import { firstIllFormedString, isWellFormed } from './unicode';

describe('well-formed Unicode', () => {
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
    expect(firstIllFormedString({ a: 'ok', b: [1, { c: '😀' }] })).toBeUndefined();
    expect(firstIllFormedString({ a: 'ok', b: [1, { c: 'x\ud800' }] })).toBe('body.b[1].c');
    expect(firstIllFormedString({ ['k\udfff']: 1 })).toBe('body');
    expect(firstIllFormedString('\ud800', 'slug')).toBe('slug');
    expect(firstIllFormedString(null)).toBeUndefined();
  });

  it('walks a very deeply nested value without overflowing the stack', () => {
    let deep: unknown = '\ud800';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(firstIllFormedString(deep)).toMatch(/^body(\[0\])+$/);
  });
});
