import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Organisation } from '@tongxin/contract';
import { useSignedInUser } from '../features/auth/signed-in-user.ts';
import { buildOrgTree, flattenOrgTree, type OrgNode } from '../features/orgs/org-tree.ts';
import { useOrgsQuery } from '../features/orgs/use-orgs.ts';

interface CurrentOrg {
  /** Visible organisations in tree order. */
  ordered: OrgNode[];
  orgs: Organisation[];
  loading: boolean;
  current: Organisation | null;
  choose: (id: string) => void;
}

const CurrentOrgContext = createContext<CurrentOrg | null>(null);

function readChoice(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function saveChoice(key: string, id: string): void {
  try {
    localStorage.setItem(key, id);
  } catch {
    // Without storage the choice lasts until the page is reloaded.
  }
}

/** The organisation the header switcher points at; per account, so a shared PC keeps them apart. */
export function CurrentOrgProvider({ children }: { children: ReactNode }) {
  const me = useSignedInUser();
  const storageKey = `tongxin.currentOrg.${me.id}`;
  const query = useOrgsQuery();
  const [chosen, setChosen] = useState<string | null>(() => readChoice(storageKey));

  const choose = useCallback(
    (id: string) => {
      setChosen(id);
      saveChoice(storageKey, id);
    },
    [storageKey],
  );

  const value = useMemo<CurrentOrg>(() => {
    const orgs = query.data ?? [];
    const ordered = flattenOrgTree(buildOrgTree(orgs));
    // A remembered organisation may have become invisible; fall back to the top of the tree.
    const current = orgs.find((o) => o.id === chosen) ?? ordered[0]?.org ?? null;
    return { ordered, orgs, loading: query.isPending, current, choose };
  }, [query.data, query.isPending, chosen, choose]);

  return <CurrentOrgContext value={value}>{children}</CurrentOrgContext>;
}

export function useCurrentOrg(): CurrentOrg {
  const value = useContext(CurrentOrgContext);
  if (!value) throw new Error('useCurrentOrg is only available inside the app shell');
  return value;
}
