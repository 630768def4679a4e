import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';
import { ME_KEY } from '../features/auth/use-me.ts';

// A refusal will not change on retry; only network trouble and server errors might.
const worthRetrying = (failures: number, error: unknown): boolean =>
  failures < 2 && (!isApiError(error) || error.status === 0 || error.status >= 500);

export function createQueryClient(): QueryClient {
  // An expired session shows up as 401 on whatever asked first; forgetting "me" sends the
  // auth guard to the sign-in page, which comes back here afterwards.
  const onError = (error: unknown): void => {
    if (isApiError(error, 'unauthorized')) client.setQueryData(ME_KEY, null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: worthRetrying, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return client;
}
