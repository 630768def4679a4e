import { useQuery } from '@tanstack/react-query';
import type { Me } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { getMe } from '../../api/identity.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in account, or null when nobody is signed in (401 is an answer, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await getMe();
  } catch (error) {
    if (isApiError(error, 'unauthorized')) return null;
    throw error;
  }
}

export const useMeQuery = () => useQuery({ queryKey: ME_KEY, queryFn: fetchMe });
