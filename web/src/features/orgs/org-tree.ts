import { CHILD_KINDS, ORG_KINDS, type OrgKind, type Organisation } from '@tongxin/contract';

export interface OrgNode {
  org: Organisation;
  depth: number;
  children: OrgNode[];
}

// Kinds first (党总支 before 党支部 before 党小组), then the server's order, which is the order
// they were set up in: 第一党支部 before 第二党支部, where a pinyin sort would put 二 (èr)
// before 一 (yī).
const bySiblingOrder = (a: Organisation, b: Organisation): number =>
  ORG_KINDS.indexOf(a.kind) - ORG_KINDS.indexOf(b.kind);

/**
 * The server sends a flat list of what the user may see. An organisation whose parent is not
 * in it is a root here: a branch secretary's tree starts at their own branch.
 */
export function buildOrgTree(orgs: readonly Organisation[]): OrgNode[] {
  const ids = new Set(orgs.map((o) => o.id));
  const childrenOf = new Map<string | null, Organisation[]>();
  for (const org of orgs) {
    const parent = org.parentId !== null && ids.has(org.parentId) ? org.parentId : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(org);
    childrenOf.set(parent, siblings);
  }
  const grow = (parent: string | null, depth: number, seen: Set<string>): OrgNode[] =>
    (childrenOf.get(parent) ?? [])
      .filter((org) => !seen.has(org.id))
      .sort(bySiblingOrder)
      .map((org) => {
        seen.add(org.id);
        return { org, depth, children: grow(org.id, depth + 1, seen) };
      });
  return grow(null, 0, new Set());
}

/** Depth-first order, as the tree shows it, for flat pickers. */
export function flattenOrgTree(nodes: readonly OrgNode[]): OrgNode[] {
  return nodes.flatMap((node) => [node, ...flattenOrgTree(node.children)]);
}

export function countByKind(orgs: readonly Organisation[]): Record<OrgKind, number> {
  const counts = Object.fromEntries(ORG_KINDS.map((kind) => [kind, 0])) as Record<OrgKind, number>;
  for (const org of orgs) counts[org.kind] += 1;
  return counts;
}

/**
 * Where an organisation may move, as the server will allow it: a kind that may hold it
 * (a 党小组 only under a branch), not itself or anything below it, not where it already is,
 * and only where the caller may place organisations.
 */
export function allowedParents(
  orgs: readonly Organisation[],
  org: Organisation,
  mayPlaceUnder: (orgId: string) => boolean,
): Organisation[] {
  const below = new Set([org.id]);
  // The list is flat and unordered: repeat until no new descendant turns up.
  for (let grew = true; grew;) {
    grew = false;
    for (const o of orgs) {
      if (o.parentId !== null && below.has(o.parentId) && !below.has(o.id)) {
        below.add(o.id);
        grew = true;
      }
    }
  }
  return flattenOrgTree(buildOrgTree(orgs))
    .map((node) => node.org)
    .filter(
      (p) =>
        !below.has(p.id) &&
        p.id !== org.parentId &&
        CHILD_KINDS[p.kind].includes(org.kind) &&
        mayPlaceUnder(p.id),
    );
}
