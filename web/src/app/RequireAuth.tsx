import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyLocale } from '../i18n/index.ts';
import { errorMessage } from '../i18n/error-message.ts';
import { SignedInUserContext } from '../features/auth/signed-in-user.ts';
import { useMeQuery } from '../features/auth/use-me.ts';
import { FullPageSpin } from './FullPageSpin.tsx';
import { GatedShell } from './GatedShell.tsx';

const ACCOUNT_PATH = '/account';

/** Lets signed-in users through; everyone else goes to sign-in and comes back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMeQuery();
  const accountLocale = me.data?.locale;

  useEffect(() => {
    // The account's language follows the user from device to device.
    if (accountLocale) void applyLocale(accountLocale);
  }, [accountLocale]);

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title={errorMessage(t, me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (me.data === null) {
    const next = location.pathname + location.search;
    const target = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  // An account that owes a password change or a second factor can do nothing else first;
  // the server refuses the rest anyway, this just takes the user where the fix is.
  if (me.data.gate) {
    if (location.pathname !== ACCOUNT_PATH) return <Navigate to={ACCOUNT_PATH} replace />;
    return (
      <SignedInUserContext value={me.data}>
        <GatedShell />
      </SignedInUserContext>
    );
  }
  return <SignedInUserContext value={me.data}>{children}</SignedInUserContext>;
}
