import type { OrgKind, Post, TalkPairKind } from '@tongxin/contract';
import type { Principal } from '../../platform/http/access.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { memberHome } from '../members/service.ts';
import { listOrgs, postsHeldBy } from '../orgs/service.ts';
import { postsWith } from '../permissions/service.ts';

/**
 * Who may do what with 谈心谈话.
 *
 * - Scheduling: a member talks with members of their own branch; a committee member (a branch
 *   committee post, not a group leader) of any organisation may also talk with members of the
 *   organisations below it. The talk counts toward the lower party's branch.
 * - Reading a talk (topic and record): its two parties, and the holders of oversee_talks in an
 *   organisation strictly ABOVE the talk's branch. An officer of the branch itself who is not a
 *   party may not read it (talks are private within the branch); neither may anyone sideways,
 *   nor the administrators. An existing talk the caller may not read answers 403.
 * - The coverage matrix (counts, never contents): the committee of the branch and the
 *   committee members of the organisations above it.
 */

/** Posts of the branch committee (支部委员会); a 党小组 leader is not on it. */
export const isCommitteePost = (post: Post): boolean => post !== 'group_leader';

export const BRANCH_KINDS: readonly OrgKind[] = ['branch', 'joint_branch'];

interface TreeNode {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  name: string;
}

/** The live organisation tree with small helpers; loaded once per request. */
export class OrgTree {
  private readonly byId: Map<string, TreeNode>;
  private readonly children = new Map<string, string[]>();

  constructor(nodes: readonly TreeNode[]) {
    this.byId = new Map(nodes.map((n) => [n.id, n]));
    for (const n of nodes) {
      if (!n.parentId) continue;
      const list = this.children.get(n.parentId) ?? [];
      list.push(n.id);
      this.children.set(n.parentId, list);
    }
  }

  static async load(ctx: ServiceContext): Promise<OrgTree> {
    const all = await listOrgs(ctx, 'all');
    return new OrgTree(
      all.map((o) => ({ id: o.id, parentId: o.parentId, kind: o.kind, name: o.name })),
    );
  }

  name(id: string): string {
    return this.byId.get(id)?.name ?? '';
  }

  kind(id: string): OrgKind | undefined {
    return this.byId.get(id)?.kind;
  }

  /** Strict ancestors, nearest first. */
  ancestors(id: string): string[] {
    const out: string[] = [];
    for (let n = this.byId.get(id); n?.parentId; n = this.byId.get(n.parentId)) {
      out.push(n.parentId);
    }
    return out;
  }

  /** The organisation and everything below it. */
  subtree(id: string): string[] {
    const out: string[] = [];
    const stack = [id];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (!this.byId.has(next)) continue;
      out.push(next);
      stack.push(...(this.children.get(next) ?? []));
    }
    return out;
  }

  /** True when `orgId` is `above` or somewhere below it. */
  within(orgId: string, above: string): boolean {
    return orgId === above || this.ancestors(orgId).includes(above);
  }
}

/** Current posts per member, read once per request. */
export class PostBook {
  private readonly cache = new Map<string, Promise<{ orgId: string; post: Post }[]>>();

  constructor(private readonly db: Queryable) {}

  of(memberId: string): Promise<{ orgId: string; post: Post }[]> {
    let found = this.cache.get(memberId);
    if (!found) {
      found = postsHeldBy(this.db, memberId);
      this.cache.set(memberId, found);
    }
    return found;
  }

  /** Organisations where the member sits on the committee. */
  async committeeOrgs(memberId: string): Promise<string[]> {
    return (await this.of(memberId)).filter((p) => isCommitteePost(p.post)).map((p) => p.orgId);
  }

  /** On the committee of the branch itself (the coverage matrix's notion of committee). */
  async onBranchCommittee(memberId: string, branchId: string): Promise<boolean> {
    return (await this.committeeOrgs(memberId)).includes(branchId);
  }

  /**
   * Counts as committee in a talk of this branch (for the pair kind): on the branch committee,
   * or an officer of a higher organisation talking down to a branch they are not a member of.
   * A member of the branch who serves only above it talks there as a member, as the coverage
   * matrix counts them.
   */
  async committeeFor(tree: OrgTree, memberId: string, branchId: string): Promise<boolean> {
    const orgs = await this.committeeOrgs(memberId);
    if (orgs.includes(branchId)) return true;
    const home = await memberHome(this.db, memberId);
    return home?.branchId !== branchId && orgs.some((o) => tree.within(branchId, o));
  }
}

/**
 * The branch a talk between two members belongs to, or null when they may not talk in the
 * system: the same branch, or one party on the committee of an organisation above (or equal
 * to) the other's branch, in which case the other's branch.
 */
export async function talkBranchOf(
  db: Queryable,
  tree: OrgTree,
  book: PostBook,
  a: string,
  b: string,
): Promise<string | null> {
  const [homeA, homeB] = await Promise.all([memberHome(db, a), memberHome(db, b)]);
  if (!homeA || !homeB) return null;
  if (homeA.branchId === homeB.branchId) return homeA.branchId;
  if ((await book.committeeOrgs(a)).some((o) => tree.within(homeB.branchId, o))) {
    return homeB.branchId;
  }
  if ((await book.committeeOrgs(b)).some((o) => tree.within(homeA.branchId, o))) {
    return homeA.branchId;
  }
  return null;
}

export async function pairKindOf(
  tree: OrgTree,
  book: PostBook,
  branchId: string,
  a: string,
  b: string,
): Promise<TalkPairKind> {
  const [ca, cb] = await Promise.all([
    book.committeeFor(tree, a, branchId),
    book.committeeFor(tree, b, branchId),
  ]);
  if (ca && cb) return 'committee_committee';
  if (ca || cb) return 'committee_member';
  return 'member_member';
}

export interface TalkRights {
  accountId: string;
  /** The caller's member record; administrators and accounts without one have none. */
  memberId: string | null;
  /** Branches whose talks the caller may read as an overseer (strictly below their posts). */
  oversee: ReadonlySet<string>;
  /** Branches whose coverage matrix the caller may see. */
  coverage: ReadonlySet<string>;
}

export async function talkRights(
  ctx: ServiceContext,
  principal: Principal,
  tree: OrgTree,
  book: PostBook,
): Promise<TalkRights> {
  const memberId = principal.adminRole ? null : principal.memberId;
  const oversee = new Set<string>();
  const coverage = new Set<string>();
  if (memberId) {
    const carriers = await postsWith(ctx, 'oversee_talks');
    for (const p of await book.of(memberId)) {
      const below = tree.subtree(p.orgId).filter((o) => {
        const kind = tree.kind(o);
        return kind !== undefined && BRANCH_KINDS.includes(kind);
      });
      if (carriers.includes(p.post)) {
        for (const o of below) if (o !== p.orgId) oversee.add(o);
      }
      if (isCommitteePost(p.post)) for (const o of below) coverage.add(o);
    }
  }
  return { accountId: principal.userId, memberId, oversee, coverage };
}

export const isParty = (
  rights: TalkRights,
  talk: { initiatorMemberId: string; otherMemberId: string },
): boolean =>
  rights.memberId !== null &&
  (talk.initiatorMemberId === rights.memberId || talk.otherMemberId === rights.memberId);

export const canRead = (
  rights: TalkRights,
  talk: { initiatorMemberId: string; otherMemberId: string; branchId: string },
): boolean => isParty(rights, talk) || rights.oversee.has(talk.branchId);
