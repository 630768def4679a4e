import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PartyRole, Post } from '@tongxin/contract';
import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { memberHome } from '../members/service.ts';
import { postsWith } from '../permissions/service.ts';
import { organisations, orgPosts } from './schema.ts';

/**
 * Everything about a signed-in account's place in the party organisation, computed once per
 * request: the roles it holds, what it may see and what it may change.
 */
export interface PartyScope {
  /** Posts held now, then plain membership of the home branch (post null). */
  roles: PartyRole[];
  /**
   * Organisations it may see: its own branch and everything below, and for each post held
   * the organisation served and its whole subtree. Dissolved organisations below stay
   * visible, for their history. 'all' for the administrators.
   */
  visible: 'all' | ReadonlySet<string>;
  /**
   * Organisations strictly below one it leads: one where it holds a post carrying manage_orgs
   * in the permission matrix (by default secretary, deputy, organisation officer).
   */
  manages: 'all' | ReadonlySet<string>;
  /** The organisations it leads: it may create organisations directly under them. */
  leads: ReadonlySet<string>;
}

const NOBODY: PartyScope = { roles: [], visible: new Set(), manages: new Set(), leads: new Set() };

// Keyed by the request's principal object, which lives exactly as long as its request:
// a per-request cache without decorating the request from a module.
const cache = new WeakMap<Principal, Promise<PartyScope>>();

/** The caller's party roles and scope; several policy checks in one request cost one lookup. */
export function partyScopeOf(ctx: ServiceContext, principal: Principal): Promise<PartyScope> {
  const known = cache.get(principal);
  if (known) return known;
  const computed = computeScope(ctx, principal);
  cache.set(principal, computed);
  // A failed lookup is not remembered: the next check tries again.
  computed.catch(() => cache.delete(principal));
  return computed;
}

async function computeScope(ctx: ServiceContext, principal: Principal): Promise<PartyScope> {
  if (principal.adminRole) {
    // 三员分立: every administrator sees the structure; only the system administrator sets it up.
    const sets = principal.adminRole === 'system';
    return { roles: [], visible: 'all', manages: sets ? 'all' : new Set(), leads: new Set() };
  }
  if (!principal.memberId) return NOBODY;
  return scopeOfMember(ctx.database.db, principal.memberId, await postsWith(ctx, 'manage_orgs'));
}

/**
 * The scope of a member, for callers that have a member id rather than a request;
 * `managingPosts` are the posts that may change the structure below them.
 */
export async function scopeOfMember(
  db: Queryable,
  memberId: string,
  managingPosts: readonly Post[],
): Promise<PartyScope> {
  const home = await memberHome(db, memberId);
  const posts = await db
    .select({
      orgId: orgPosts.orgId,
      post: orgPosts.post,
      termStartedOn: orgPosts.termStartedOn,
      orgName: organisations.name,
      orgKind: organisations.kind,
    })
    .from(orgPosts)
    .innerJoin(organisations, eq(organisations.id, orgPosts.orgId))
    .where(
      and(
        eq(orgPosts.memberId, memberId),
        isNull(orgPosts.endedOn),
        isNull(organisations.dissolvedAt),
      ),
    )
    .orderBy(organisations.createdAt, orgPosts.createdAt);
  const roles: PartyRole[] = posts.map((p) => ({
    orgId: p.orgId,
    orgName: p.orgName,
    orgKind: p.orgKind,
    post: p.post,
    termStartedOn: p.termStartedOn,
  }));
  if (home) {
    const [branch] = await db
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(eq(organisations.id, home.branchId))
      .limit(1);
    if (branch) {
      roles.push({
        orgId: branch.id,
        orgName: branch.name,
        orgKind: branch.kind,
        post: null,
        termStartedOn: null,
      });
    }
  }
  const seeRoots = [...(home ? [home.branchId] : []), ...posts.map((p) => p.orgId)];
  const leads = posts.filter((p) => managingPosts.includes(p.post)).map((p) => p.orgId);
  const [visible, manages] = await Promise.all([
    descendants(db, seeRoots, true),
    descendants(db, leads, false),
  ]);
  return { roles, visible, manages, leads: new Set(leads) };
}

/**
 * The organisations below the given ones (and the given ones themselves when `inclusive`):
 * one recursive query, so a deep tree costs no more round trips than a flat one.
 */
async function descendants(
  db: Queryable,
  rootIds: readonly string[],
  inclusive: boolean,
): Promise<Set<string>> {
  if (rootIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string; depth: number }>(
    db,
    sql`
    with recursive tree(id, depth) as (
      select id, 0 from organisations where id in ${rootIds} and dissolved_at is null
      union
      select o.id, t.depth + 1 from organisations o join tree t on o.parent_id = t.id
    )
    select id, depth from tree`,
  );
  // An organisation both led and below another led one is managed through the upper one.
  const below = new Set(rows.filter((r) => r.depth > 0).map((r) => r.id));
  if (inclusive) return new Set(rows.map((r) => r.id));
  return below;
}

export const inScope = (set: 'all' | ReadonlySet<string>, orgId: string): boolean =>
  set === 'all' || set.has(orgId);
