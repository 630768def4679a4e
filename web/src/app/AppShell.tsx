import { useState } from 'react';
import { Outlet } from 'react-router';
import { Alert, Button, Drawer, Layout } from 'antd';
import { MenuOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../features/auth/signed-in-user.ts';
import { ExchangeLive } from '../features/exchange/ExchangeLive.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { HeaderSearch } from '../features/search/HeaderSearch.tsx';
import { Brand } from './Brand.tsx';
import { ContentWatermark } from './ContentWatermark.tsx';
import { CurrentOrgProvider } from './current-org.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NavMenu } from './NavMenu.tsx';
import { OrgSwitcher } from './OrgSwitcher.tsx';
import { RealtimeIndicator, RealtimeProvider } from './realtime.tsx';
import { UserMenu } from './UserMenu.tsx';
import { useIsMobile } from './use-is-mobile.ts';
import './shell.css';

export function AppShell() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const isMobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <RealtimeProvider accountId={me.gate ? null : me.id}>
      <CurrentOrgProvider>
        {/* Exchange events update caches app-wide (unread badges, open streams). */}
        {!me.gate && <ExchangeLive />}
        <Layout className="tx-shell" data-testid="app-shell">
          <Layout.Header className="tx-header">
            {isMobile && (
              <Button
                type="text"
                className="tx-header-button"
                icon={<MenuOutlined />}
                aria-label={t('nav.openMenu')}
                data-testid="nav-open"
                onClick={() => setDrawerOpen(true)}
              />
            )}
            <Brand />
            <OrgSwitcher className="tx-org-switcher" />
            <div className="tx-header-spacer" />
            {me.memberId && !me.gate && <HeaderSearch compact={isMobile} />}
            <RealtimeIndicator />
            <LanguageSwitch compact={isMobile} className="tx-header-button" />
            <NotificationBell />
            <UserMenu />
          </Layout.Header>
          <Layout hasSider={!isMobile}>
            {!isMobile && (
              <Layout.Sider
                className="tx-sider"
                theme="light"
                width={200}
                breakpoint="lg"
                collapsible
                collapsed={collapsed}
                onCollapse={setCollapsed}
              >
                <NavMenu />
              </Layout.Sider>
            )}
            <Layout.Content className="tx-content">
              <ContentWatermark lines={[me.displayName, me.username]}>
                <main className="tx-page">
                  {me.mustChangePassword && (
                    <Alert
                      className="tx-page-alert"
                      type="warning"
                      showIcon
                      title={t('shell.mustChangePassword')}
                    />
                  )}
                  <Outlet />
                </main>
              </ContentWatermark>
            </Layout.Content>
          </Layout>
          {isMobile && (
            <Drawer
              placement="left"
              size={240}
              open={drawerOpen}
              onClose={() => setDrawerOpen(false)}
              title={<Brand inverted={false} />}
              styles={{ body: { padding: 0 } }}
            >
              <NavMenu onNavigate={() => setDrawerOpen(false)} />
            </Drawer>
          )}
        </Layout>
      </CurrentOrgProvider>
    </RealtimeProvider>
  );
}
