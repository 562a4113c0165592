/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** No request of the API nests deeper than this (a purchase: body > lines > line > field). */
export const MAX_DEPTH = 32;

export const NOT_WELL_FORMED = 'must be well-formed Unicode (no lone surrogates)';
export const TOO_DEEP = `must not nest deeper than ${MAX_DEPTH} levels`;

/**
 * The first thing in a parsed request part (body, query, path value) that no
 * route accepts, with its path: a string or object key that is not
 * well-formed Unicode (JSON lets a client send "\ud800"; PostgreSQL cannot
 * store it, UTF-8 has no encoding for it), or nesting deeper than MAX_DEPTH
 * (the validator and transformer recurse: a deep value would overflow their
 * stack). Walks iteratively, so the check itself cannot overflow.
 */
export function firstRefusedValue(
  value: unknown,
  root = 'body',
): { field: string; problem: string } | undefined {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isWellFormed(v)) return { field: path, problem: NOT_WELL_FORMED };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return { field: path, problem: TOO_DEEP };
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`, depth + 1]);
      } else {
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
          if (!isWellFormed(k)) return { field: path, problem: NOT_WELL_FORMED };
          stack.push([child, `${path}.${k}`, depth + 1]);
        }
      }
    }
  }
  return undefined;
}
