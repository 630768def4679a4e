import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AccountGate, AdminRole } from '@tongxin/contract';
import { AppError, forbidden, unauthorized } from './errors.ts';

const GATE_MESSAGES: Record<AccountGate, string> = {
  password_change_required: 'Change the one-time password before doing anything else',
  password_expired: 'The password has expired; change it before doing anything else',
  totp_required: 'Set up the authenticator app before doing anything else',
};

/**
 * Who may call a route. Every route declares one: registration fails without it, and
 * the all-routes test enumerates them. Object-level checks live in each module's policy.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'signed-in'; whileGated?: true }
  | { kind: 'admin'; roles: readonly AdminRole[] };

export const access = {
  public: { kind: 'public' } as AccessRule,
  signedIn: { kind: 'signed-in' } as AccessRule,
  /**
   * Signed in, even while the account owes a password change or a second factor: only the
   * routes needed to pay that debt (me, sign-out, change password, enrol) use it.
   */
  signedInWhileGated: { kind: 'signed-in', whileGated: true } as AccessRule,
  admin: (...roles: AdminRole[]): AccessRule => ({ kind: 'admin', roles }),
};

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  adminRole: AdminRole | null;
  memberId: string | null;
  sessionId: string;
  /** What the account must do first; while set, only whileGated routes answer. */
  gate: AccountGate | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route registered, with its access rule: what the all-routes test checks. */
    routeTable(): readonly RegisteredRoute[];
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

/** Routes added by plugins we do not write (static files, API reference) are public by nature. */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs', '/assets', '/*'];

export function accessRuleOf(route: Pick<RouteOptions, 'url' | 'config'>): AccessRule | undefined {
  return (route.config as { access?: AccessRule } | undefined)?.access;
}

export function enforceDeclaredAccess(app: FastifyInstance): void {
  const table: RegisteredRoute[] = [];
  app.decorate('routeTable', () => table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const record = () => {
      for (const method of methods)
        table.push({ method, url: route.url, access: accessRuleOf(route) });
    };
    if (accessRuleOf(route)) return record();
    if (PLUGIN_PUBLIC_PREFIXES.some((p) => route.url === p || route.url.startsWith(`${p}/`))) {
      route.config = { ...(route.config as object), access: access.public };
      return record();
    }
    throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
  });
}

export function checkAccess(request: FastifyRequest): void {
  const rule = request.routeOptions.config.access;
  // A request that matched no route has no rule: the 404 handler answers it.
  if (!rule || rule.kind === 'public') return;
  const principal = request.principal;
  if (!principal) throw unauthorized();
  if (principal.gate && !(rule.kind === 'signed-in' && rule.whileGated)) {
    throw new AppError(403, principal.gate, GATE_MESSAGES[principal.gate], {
      gate: principal.gate,
    });
  }
  if (
    rule.kind === 'admin' &&
    (!principal.adminRole || !rule.roles.includes(principal.adminRole))
  ) {
    throw forbidden('This action belongs to another administrator role');
  }
}
