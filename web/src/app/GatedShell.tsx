import { lazy, Suspense } from 'react';
import { Layout } from 'antd';
import { FullPageSpin } from './FullPageSpin.tsx';
import { Brand } from './Brand.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { UserMenu } from './UserMenu.tsx';

// Loaded like the routed screen, so both share one chunk.
const AccountPage = lazy(async () => ({
  default: (await import('../features/account/AccountPage.tsx')).AccountPage,
}));

/**
 * What an account that owes a password change or a second factor sees: the account page and
 * a way out, nothing that would ask the server for data it will refuse until the debt is paid.
 */
export function GatedShell() {
  return (
    <Layout className="tx-shell" data-testid="gated-shell">
      <Layout.Header className="tx-header">
        <Brand />
        <div className="tx-header-spacer" />
        <LanguageSwitch className="tx-header-button" />
        <UserMenu />
      </Layout.Header>
      <Layout.Content className="tx-content">
        <main className="tx-page">
          <Suspense fallback={<FullPageSpin />}>
            <AccountPage />
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}
