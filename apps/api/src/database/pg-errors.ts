/** PostgreSQL error classification (SQLSTATE codes) for turning constraint failures into domain errors. */
export function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' ? code : undefined;
}

export function pgConstraint(e: unknown): string | undefined {
  const err = e as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const c = err?.driverError?.constraint ?? err?.constraint;
  return typeof c === 'string' ? c : undefined;
}

export const isUniqueViolation = (e: unknown, constraint?: string): boolean =>
  pgCode(e) === '23505' && (constraint === undefined || pgConstraint(e) === constraint);
