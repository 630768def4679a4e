import { App } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MY_ROLES_KEY } from '../auth/use-my-roles.ts';
import { ORGS_KEY } from './use-orgs.ts';

/**
 * A change to the tree: afterwards the tree, every detail panel and the caller's roles reload,
 * the user is told what happened (`done` returns the sentence) and the dialog closes.
 */
export function useOrgMutation<V, R>(
  mutationFn: (values: V) => Promise<R>,
  done: (result: R) => string,
  onDone: () => void,
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn,
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ORGS_KEY }),
        queryClient.invalidateQueries({ queryKey: MY_ROLES_KEY }),
      ]);
      void message.success(done(result));
      onDone();
    },
  });
}
