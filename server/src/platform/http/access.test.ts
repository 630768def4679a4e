import { describe, expect, it } from 'vitest';
import type { AdminRole } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';

import type { RegisteredRoute } from './access.ts';

const ADMIN_USERS: Record<AdminRole, string> = {
  system: 'sysadmin',
  security: 'secadmin',
  audit: 'auditor',
};
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, SAMPLE_ID);

describe.each(ENGINES)('access rules on %s', (engine) => {
  const h = useHarness(engine);
  const routes: RegisteredRoute[] = [];

  it('every registered route declares an access rule', async () => {
    const { app } = h();
    routes.push(...app.routeTable());
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((r) => !r.access);
    expect(missing).toEqual([]);
  });

  it('refuses anonymous callers on every protected route with 401', async () => {
    const { app } = h();
    const protectedRoutes = routes.filter((r) => r.access && r.access.kind !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(3);
    for (const route of protectedRoutes) {
      const res = await app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        payload: route.method === 'GET' || route.method === 'HEAD' ? undefined : {},
      });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
      if (route.method !== 'HEAD') expect(res.json().error.code).toBe('unauthorized');
    }
  });

  it('refuses every other role on administrator routes with 403', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const cookies = Object.fromEntries(
      await Promise.all(
        (Object.keys(ADMIN_USERS) as AdminRole[]).map(async (role) => [
          role,
          await signIn(app, ADMIN_USERS[role], ADMIN_PASSWORDS[role]),
        ]),
      ),
    ) as Record<AdminRole, string>;
    const adminRoutes = routes.filter((r) => r.access?.kind === 'admin');
    expect(adminRoutes.length).toBeGreaterThan(0);
    for (const route of adminRoutes) {
      const allowed = (route.access as { roles: readonly AdminRole[] }).roles;
      for (const role of (Object.keys(ADMIN_USERS) as AdminRole[]).filter(
        (r) => !allowed.includes(r),
      )) {
        const res = await app.inject({
          method: route.method as 'POST',
          url: concrete(route.url),
          headers: { cookie: cookies[role] },
          payload: route.method === 'GET' ? undefined : {},
        });
        expect({ route: `${route.method} ${route.url}`, role, status: res.statusCode }).toEqual({
          route: `${route.method} ${route.url}`,
          role,
          status: 403,
        });
      }
    }
  });
});
