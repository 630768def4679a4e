import { describe, expect, it } from 'vitest';
import type { Organisation } from '@tongxin/contract';
import { allowedParents, buildOrgTree, countByKind, flattenOrgTree } from './org-tree.ts';

const org = (id: string, parentId: string | null, kind: Organisation['kind'], name = id) => ({
  id,
  parentId,
  kind,
  name,
  termStartedOn: null,
  nextElectionOn: null,
  memberCount: 0,
});

describe('organisation tree', () => {
  it('nests by parentId and orders siblings by kind, then as the server sent them', () => {
    const tree = buildOrgTree([
      org('c', null, 'committee'),
      org('b1', 'c', 'branch', '第一党支部'),
      org('b2', 'c', 'branch', '第二党支部'),
      org('gb', 'c', 'general_branch'),
      org('g', 'b2', 'group'),
    ]);
    expect(flattenOrgTree(tree).map((n) => [n.org.id, n.depth])).toEqual([
      ['c', 0],
      ['gb', 1],
      ['b1', 1],
      ['b2', 1],
      ['g', 2],
    ]);
  });

  it('makes an organisation whose parent is not visible a root', () => {
    const tree = buildOrgTree([org('b', 'hidden', 'branch'), org('g', 'b', 'group')]);
    expect(tree.map((n) => n.org.id)).toEqual(['b']);
    expect(tree[0]?.children.map((n) => n.org.id)).toEqual(['g']);
  });

  it('counts organisations by kind', () => {
    const counts = countByKind([org('c', null, 'committee'), org('b', 'c', 'branch')]);
    expect(counts).toEqual({
      committee: 1,
      general_branch: 0,
      branch: 1,
      joint_branch: 0,
      group: 0,
    });
  });

  it('offers as new parents only kinds that may hold it, never itself or below, nor where it is', () => {
    const orgs = [
      org('c', null, 'committee'),
      org('gb', 'c', 'general_branch'),
      org('b1', 'gb', 'branch'),
      org('b2', 'c', 'branch'),
      org('j', 'c', 'joint_branch'),
      org('g', 'b1', 'group'),
    ];
    const ids = (list: { id: string }[]) => list.map((o) => o.id);
    expect(ids(allowedParents(orgs, orgs[5]!, () => true))).toEqual(['b2', 'j']);
    expect(ids(allowedParents(orgs, orgs[2]!, () => true))).toEqual(['c']);
    expect(ids(allowedParents(orgs, orgs[1]!, () => true))).toEqual([]);
    expect(ids(allowedParents(orgs, orgs[5]!, (id) => id !== 'j'))).toEqual(['b2']);
  });
});
