import { createContext, useContext } from 'react';
import type { Me } from '@tongxin/contract';

export const SignedInUserContext = createContext<Me | null>(null);

/** The account behind the auth guard; only screens inside the guard may ask. */
export function useSignedInUser(): Me {
  const me = useContext(SignedInUserContext);
  if (!me) throw new Error('useSignedInUser is only available behind the auth guard');
  return me;
}
