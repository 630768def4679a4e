import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AdminRole } from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';
import { buildTwoBranches, type TwoBranches } from '../../test/org-fixture.ts';
import type { RegisteredRoute } from './access.ts';

/**
 * The all-routes test. It enumerates `app.routeTable()`, so a route added later is covered
 * without editing this file: it must declare a rule, refuse anonymous callers, refuse the
 * wrong administrators and ordinary members, and not hand branch B's records to a member of
 * branch A. Routes whose rule is `signedIn` but which act on particular records get explicit
 * cases in OBJECT_CASES below, with valid bodies, so the policy (not validation) is tested.
 */

const ADMIN_USERS: Record<AdminRole, string> = {
  system: 'sysadmin',
  security: 'secadmin',
  audit: 'auditor',
};
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const withParams = (url: string, id: string) => url.replace(/:[A-Za-z]+/g, id);
const label = (route: RegisteredRoute) => `${route.method} ${route.url}`;
const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

type Caller = AdminRole | 'memberA' | 'secretaryA';

interface ObjectCase {
  /** What is being guessed at, for the failure message. */
  what: string;
  as: Caller;
  method: 'GET' | 'POST' | 'PATCH';
  url: (f: TwoBranches) => string;
  body?: (f: TwoBranches) => object;
  status: number;
}

/**
 * Object-level checks: the caller is signed in and passes the route's rule, so only the
 * module's policy stands between them and the record. Out of sight answers 404 (as if it did
 * not exist); in sight but not theirs to change answers 403.
 */
const OBJECT_CASES: ObjectCase[] = [
  {
    what: 'branch B',
    as: 'memberA',
    method: 'GET',
    url: (f) => `/api/v1/orgs/${f.branchB}`,
    status: 404,
  },
  {
    what: "branch B's roster",
    as: 'memberA',
    method: 'GET',
    url: (f) => `/api/v1/orgs/${f.branchB}/members`,
    status: 404,
  },
  {
    what: "branch B's member",
    as: 'memberA',
    method: 'GET',
    url: (f) => `/api/v1/members/${f.members['member.b']}`,
    status: 404,
  },
  {
    what: "branch B's secretary, by a secretary of A",
    as: 'secretaryA',
    method: 'GET',
    url: (f) => `/api/v1/members/${f.members['secretary.b']}`,
    status: 404,
  },
  {
    what: 'the parent of branch A (a higher level)',
    as: 'secretaryA',
    method: 'GET',
    url: (f) => `/api/v1/orgs/${f.rootId}`,
    status: 404,
  },
  {
    what: 'renaming branch B',
    as: 'secretaryA',
    method: 'PATCH',
    url: (f) => `/api/v1/orgs/${f.branchB}`,
    body: () => ({ name: '越权改名' }),
    status: 404,
  },
  {
    what: 'renaming their own branch (their own level)',
    as: 'secretaryA',
    method: 'PATCH',
    url: (f) => `/api/v1/orgs/${f.branchA}`,
    body: () => ({ name: '自己改名' }),
    status: 403,
  },
  {
    what: 'renaming their group, as a plain member',
    as: 'memberA',
    method: 'PATCH',
    url: (f) => `/api/v1/orgs/${f.groupA}`,
    body: () => ({ name: '党员改名' }),
    status: 403,
  },
  {
    what: 'moving their group into branch B',
    as: 'secretaryA',
    method: 'POST',
    url: (f) => `/api/v1/orgs/${f.groupA}/move`,
    body: (f) => ({ parentId: f.branchB }),
    status: 404,
  },
  {
    what: 'dissolving branch B',
    as: 'memberA',
    method: 'POST',
    url: (f) => `/api/v1/orgs/${f.branchB}/dissolve`,
    body: () => ({ reason: '越权撤销' }),
    status: 404,
  },
  {
    what: 'appointing in branch B',
    as: 'secretaryA',
    method: 'POST',
    url: (f) => `/api/v1/orgs/${f.branchB}/posts`,
    body: (f) => ({
      memberId: f.members['member.b'],
      post: 'publicity_officer',
      termStartedOn: '2024-06-01',
    }),
    status: 404,
  },
  {
    what: 'creating under branch B',
    as: 'secretaryA',
    method: 'POST',
    url: () => '/api/v1/orgs',
    body: (f) => ({ parentId: f.branchB, kind: 'group', name: '越权小组' }),
    status: 404,
  },
  {
    what: 'renaming a branch, as the security administrator',
    as: 'security',
    method: 'PATCH',
    url: (f) => `/api/v1/orgs/${f.branchA}`,
    body: () => ({ name: '安全员改名' }),
    status: 403,
  },
  {
    what: 'dissolving a branch, as the audit administrator',
    as: 'audit',
    method: 'POST',
    url: (f) => `/api/v1/orgs/${f.branchB}/dissolve`,
    body: () => ({ reason: '审计员撤销' }),
    status: 403,
  },
  // Positive control: the same policy lets the right person through.
  {
    what: 'renaming their own group, as the branch secretary',
    as: 'secretaryA',
    method: 'PATCH',
    url: (f) => `/api/v1/orgs/${f.groupA}`,
    body: () => ({ name: '甲党支部第一党小组（新）' }),
    status: 200,
  },
];

describe.each(ENGINES)('access rules on %s', (engine) => {
  const h = useHarness(engine);
  const routes: RegisteredRoute[] = [];
  let fixture: TwoBranches;
  const cookies = {} as Record<Caller, string>;

  const call = (
    app: FastifyInstance,
    method: string,
    url: string,
    cookie?: string,
    body?: object,
  ) =>
    app.inject({
      method: method as 'POST',
      url,
      headers: cookie ? { cookie } : {},
      payload: hasBody(method) ? (body ?? {}) : undefined,
    });

  it('every registered route declares an access rule', async () => {
    const { app, ctx } = h();
    routes.push(...app.routeTable());
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((r) => !r.access);
    expect(missing).toEqual([]);

    await completeSetup(ctx);
    fixture = await buildTwoBranches(ctx);
    for (const role of Object.keys(ADMIN_USERS) as AdminRole[]) {
      cookies[role] = await signIn(app, ADMIN_USERS[role], ADMIN_PASSWORDS[role]);
    }
    cookies.memberA = await fixture.cookie(app, 'member.a');
    cookies.secretaryA = await fixture.cookie(app, 'secretary.a');
  });

  it('refuses anonymous callers on every protected route with 401', async () => {
    const { app } = h();
    const protectedRoutes = routes.filter((r) => r.access && r.access.kind !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(3);
    for (const route of protectedRoutes) {
      const res = await call(app, route.method, withParams(route.url, SAMPLE_ID));
      expect({ route: label(route), status: res.statusCode }).toEqual({
        route: label(route),
        status: 401,
      });
      if (route.method !== 'HEAD') expect(res.json().error.code).toBe('unauthorized');
    }
  });

  it('refuses every other role, and party members, on administrator routes with 403', async () => {
    const { app } = h();
    // Today organisation set-up is shared with party leaders (policy-checked, signed-in);
    // administrator-only routes (accounts, security policy, audit) land here as they are added.
    const adminRoutes = routes.filter((r) => r.access?.kind === 'admin');
    for (const route of adminRoutes) {
      const allowed = (route.access as { roles: readonly AdminRole[] }).roles;
      const refused: Caller[] = [
        ...(Object.keys(ADMIN_USERS) as AdminRole[]).filter((r) => !allowed.includes(r)),
        'memberA',
        'secretaryA',
      ];
      for (const caller of refused) {
        const res = await call(
          app,
          route.method,
          withParams(route.url, SAMPLE_ID),
          cookies[caller],
        );
        expect({ route: label(route), caller, status: res.statusCode }).toEqual({
          route: label(route),
          caller,
          status: 403,
        });
      }
    }
  });

  it("never reads branch B's records to a member of branch A, whatever id is guessed", async () => {
    const { app } = h();
    // Every signed-in read that takes ids, with every id of branch B in every slot.
    const reads = routes.filter(
      (r) => r.access?.kind === 'signed-in' && r.method === 'GET' && r.url.includes('/:'),
    );
    expect(reads.length).toBeGreaterThan(1);
    const guesses = [fixture.branchB, fixture.members['member.b'], fixture.members['secretary.b']];
    for (const route of reads) {
      for (const id of guesses) {
        const res = await call(app, route.method, withParams(route.url, id), cookies.memberA);
        expect({ route: label(route), id, denied: [403, 404].includes(res.statusCode) }).toEqual({
          route: label(route),
          id,
          denied: true,
        });
      }
    }
    // Writes that take ids must not succeed either, even with a body that fails validation.
    const writes = routes.filter(
      (r) => r.access?.kind === 'signed-in' && hasBody(r.method) && r.url.includes('/:'),
    );
    for (const route of writes) {
      const res = await call(
        app,
        route.method,
        withParams(route.url, fixture.branchB),
        cookies.memberA,
      );
      expect({ route: label(route), ok: res.statusCode < 300 }).toEqual({
        route: label(route),
        ok: false,
      });
    }
  });

  it.each(OBJECT_CASES)('object-level: $as on $what → $status', async (c) => {
    const { app } = h();
    const res = await call(app, c.method, c.url(fixture), cookies[c.as], c.body?.(fixture));
    expect({ status: res.statusCode, body: res.statusCode === c.status ? null : res.body }).toEqual(
      { status: c.status, body: null },
    );
  });
});
