import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'regulars:public';
export const ROLES = 'regulars:roles';

/** An open route: no credentials needed. Everything else is denied by default. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Staff, all staff roles. */
export const STAFF: Role[] = ['owner', 'manager', 'cashier'];
/** Staff at the counter and POS integrations (API keys). */
export const COUNTER: Role[] = ['owner', 'manager', 'cashier', 'pos'];
export const MANAGERS: Role[] = ['owner', 'manager'];

/**
 * Requires an authenticated principal with one of the roles, and documents the
 * security in OpenAPI (bearer JWT, plus the X-API-Key scheme where POS keys are allowed).
 */
export function Auth(...roles: Role[]) {
  const decorators = [
    SetMetadata(ROLES, roles),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing or invalid credentials' }),
    ApiForbiddenResponse({ description: `Requires role: ${roles.join(', ')}` }),
  ];
  if (roles.includes('pos')) decorators.push(ApiSecurity('api-key'));
  return applyDecorators(...decorators);
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ user: Principal }>().user;
});
