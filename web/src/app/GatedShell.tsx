import { Layout } from 'antd';
import { AccountPage } from '../features/account/AccountPage.tsx';
import { Brand } from './Brand.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { UserMenu } from './UserMenu.tsx';

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
          <AccountPage />
        </main>
      </Layout.Content>
    </Layout>
  );
}
