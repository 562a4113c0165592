import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, ErrorCode } from '@regulars/core';
import { IS_PUBLIC, ROLES } from './decorators';
import { roleOf, type Principal, type Role } from './principal';

/**
 * The one global guard. Default deny: a route is open only with @Public();
 * every other route must name its roles with @Auth(...) and the caller must
 * hold one of them. Credentials: bearer JWT (staff, member) or a POS API key.
 */
@Injectable()
export class GlobalAuthGuard extends AuthGuard(['jwt', 'api-key']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    await super.canActivate(ctx);
    const principal = ctx.switchToHttp().getRequest<{ user: Principal }>().user;
    if (!roles || !roles.includes(roleOf(principal))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Not allowed');
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
    return user;
  }
}
