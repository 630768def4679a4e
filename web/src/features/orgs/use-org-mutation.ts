import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MY_ROLES_KEY } from '../auth/use-my-roles.ts';
import { ORGS_KEY } from './use-orgs.ts';

/** A change to the tree: afterwards the tree, every detail panel and the caller's roles reload. */
export function useOrgMutation<V, R>(
  mutationFn: (values: V) => Promise<R>,
  onDone: (r: R) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ORGS_KEY }),
        queryClient.invalidateQueries({ queryKey: MY_ROLES_KEY }),
      ]);
      onDone(result);
    },
  });
}
