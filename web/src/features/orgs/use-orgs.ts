import { useQuery } from '@tanstack/react-query';
import { getOrg, listOrgs } from '../../api/orgs.ts';

export const ORGS_KEY = ['orgs'] as const;

export const useOrgsQuery = () =>
  useQuery({ queryKey: ORGS_KEY, queryFn: async () => (await listOrgs()).items });

export const useOrgDetailQuery = (id: string | undefined) =>
  useQuery({
    queryKey: ['orgs', 'detail', id],
    queryFn: () => getOrg(id ?? ''),
    enabled: id !== undefined,
  });
