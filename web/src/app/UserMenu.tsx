import { Avatar, Button, Dropdown, App, type MenuProps } from 'antd';
import { LockOutlined, LogoutOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { signOut } from '../api/identity.ts';
import { roleOf } from '../features/auth/roles.ts';
import { useSignedInUser } from '../features/auth/signed-in-user.ts';

// A full page load after signing out drops every cached record of the previous user,
// which matters on the shared computers of a party office.
const leave = () => window.location.assign('/sign-in');

export function UserMenu() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSuccess: leave,
    onError: (error) => {
      // Already signed out on the server (expired session): the goal is reached.
      if (isApiError(error, 'unauthorized')) leave();
      else void message.error(t('shell.signOutFailed'));
    },
  });

  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div className="tx-user-card">
          <div className="tx-user-name">{me.displayName}</div>
          <div className="tx-muted">
            {me.username} · {t(`roles.${roleOf(me)}`)}
          </div>
        </div>
      ),
    },
    { type: 'divider' },
    {
      key: 'account',
      icon: <LockOutlined />,
      label: <span data-testid="user-menu-account">{t('account.menu')}</span>,
    },
    { key: 'settings', icon: <SettingOutlined />, label: t('nav.settings') },
    {
      key: 'sign-out',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="sign-out">{t('shell.signOut')}</span>,
    },
  ];

  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items,
        onClick: ({ key }) => {
          if (key === 'account') void navigate('/account');
          if (key === 'settings') void navigate('/settings');
          if (key === 'sign-out') signOutMutation.mutate();
        },
      }}
    >
      <Button
        type="text"
        className="tx-user-trigger"
        data-testid="user-menu"
        aria-label={t('shell.userMenu')}
        loading={signOutMutation.isPending}
      >
        <Avatar size="small" className="tx-avatar">
          {Array.from(me.displayName)[0] ?? '?'}
        </Avatar>
        <span className="tx-user-trigger-name">{me.displayName}</span>
      </Button>
    </Dropdown>
  );
}
