import { useQuery } from '@tanstack/react-query';
import { getMyRoles } from '../../api/orgs.ts';

export const MY_ROLES_KEY = ['me', 'roles'] as const;

/** The signed-in account's party roles; refetched with the tree after structure changes. */
export const useMyRolesQuery = () => useQuery({ queryKey: MY_ROLES_KEY, queryFn: getMyRoles });
