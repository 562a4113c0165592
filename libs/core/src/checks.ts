/**
 * Building blocks of the pure config validators (reward rules, tier programs,
 * rebate agreements): every check records a problem with its path
 * (`stampCards[2].cardSize`) and returns undefined, so one pass reports every
 * problem at once. No I/O.
 */
export interface Issue {
  path: string;
  message: string;
}

export type Obj = Record<string, unknown>;

/** Where the problems of one validation pass are collected. */
export class Issues {
  readonly errors: Issue[] = [];
  err(path: string, message: string): undefined {
    this.errors.push({ path: path || '(root)', message });
    return undefined;
  }
}

/** `a.b`, `a[3]`: the path of a field or an array entry. */
export function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** An object with only the allowed keys (unknown keys are reported one by one). */
export function obj(c: Issues, v: unknown, path: string, allowed: readonly string[]): Obj | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return c.err(path, 'must be an object');
  for (const k of Object.keys(v)) if (!allowed.includes(k)) c.err(join(path, k), 'is not allowed');
  return v as Obj;
}

export function int(c: Issues, v: unknown, path: string, min: number, max: number): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v)) return c.err(path, 'must be an integer');
  if (v < min || v > max) return c.err(path, `must be between ${min} and ${max}`);
  return v;
}

/** A non-blank string of at most maxLen characters. */
export function str(c: Issues, v: unknown, path: string, maxLen: number): string | undefined {
  if (typeof v !== 'string') return c.err(path, 'must be a string');
  if (v.trim().length === 0) return c.err(path, 'must not be empty');
  if (v.length > maxLen) return c.err(path, `must be at most ${maxLen} characters`);
  return v;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** An identifier chosen by the business (a promotion, a tier, a bracket): letters, digits, _ . : - */
export function id(c: Issues, v: unknown, path: string, maxLen: number): string | undefined {
  const s = str(c, v, path, maxLen);
  if (s !== undefined && !ID_RE.test(s)) return c.err(path, 'may contain only letters, digits, _ . : -');
  return s;
}

export function bool(c: Issues, v: unknown, path: string): boolean | undefined {
  if (typeof v !== 'boolean') return c.err(path, 'must be a boolean');
  return v;
}

/** An array of min..max entries (the entries are checked by the caller). */
export function arr(c: Issues, v: unknown, path: string, max: number, min = 0): unknown[] | undefined {
  if (!Array.isArray(v)) return c.err(path, 'must be an array');
  if (v.length < min) return c.err(path, `must have at least ${min} ${min === 1 ? 'entry' : 'entries'}`);
  if (v.length > max) return c.err(path, `must have at most ${max} entries`);
  return v;
}

export function oneOf<T extends string>(
  c: Issues,
  v: unknown,
  path: string,
  values: readonly T[],
): T | undefined {
  if (typeof v !== 'string' || !values.includes(v as T)) {
    return c.err(path, `must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
  }
  return v as T;
}
