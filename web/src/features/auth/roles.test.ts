import { describe, expect, it } from 'vitest';
import type { Me, MyRoles, PartyRole } from '@tongxin/contract';
import { canCreateUnder, canManageOrgs, displayedRoles } from './roles.ts';

const me = (adminRole: Me['adminRole']): Me => ({
  id: 'u',
  username: 'u',
  displayName: 'U',
  adminRole,
  memberId: adminRole ? null : 'm',
  locale: 'zh-CN',
  mustChangePassword: false,
  phone: null,
  totpEnabled: false,
  gate: null,
});
const roles = (partial: Partial<MyRoles>): MyRoles => ({
  roles: [],
  manages: [],
  leads: [],
  managesAll: false,
  ...partial,
});
const role = (orgId: string, post: PartyRole['post']): PartyRole => ({
  orgId,
  orgName: orgId,
  orgKind: 'branch',
  post,
  termStartedOn: null,
});

describe('party roles in the web app', () => {
  it('lets the system administrator and leaders manage, not plain members', () => {
    expect(canManageOrgs(me('system'))).toBe(true);
    expect(canManageOrgs(me('security'), roles({}))).toBe(false);
    expect(canManageOrgs(me(null), roles({}))).toBe(false);
    expect(canManageOrgs(me(null), roles({ leads: ['b'] }))).toBe(true);
  });

  it('allows creating under led and managed organisations only', () => {
    const secretary = roles({ leads: ['b'], manages: ['g'] });
    expect(canCreateUnder(secretary, 'b')).toBe(true);
    expect(canCreateUnder(secretary, 'g')).toBe(true);
    expect(canCreateUnder(secretary, 'other')).toBe(false);
    expect(canCreateUnder(roles({ managesAll: true }), 'other')).toBe(true);
    expect(canCreateUnder(undefined, 'b')).toBe(false);
  });

  it('shows posts, and membership only where no post is held', () => {
    const shown = displayedRoles([
      role('b', 'secretary'),
      role('root', 'secretary'),
      role('b', null),
    ]);
    expect(shown.map((r) => [r.orgId, r.post])).toEqual([
      ['b', 'secretary'],
      ['root', 'secretary'],
    ]);
    expect(displayedRoles([role('b', null)])).toHaveLength(1);
  });
});
