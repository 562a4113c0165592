/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/**
 * The path of the first string (value or object key) in a parsed request part
 * that is not well-formed Unicode, or undefined when every string is. JSON
 * lets a client send "\ud800"; PostgreSQL cannot store it (UTF-8 has no
 * encoding for it), so it must be refused at the boundary, not half-way
 * through a write. Walks iteratively: a deeply nested body cannot overflow the
 * stack.
 */
export function firstIllFormedString(value: unknown, root = 'body'): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isWellFormed(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (!isWellFormed(k)) return path;
        stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return undefined;
}
