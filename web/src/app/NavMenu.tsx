import { Menu, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  CommentOutlined,
  FlagOutlined,
  ContainerOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SettingOutlined,
  SwapOutlined,
  TagsOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canSeeMembers } from '../features/auth/roles.ts';
import { useSignedInUser } from '../features/auth/signed-in-user.ts';
import { useArchiveOverview } from '../features/archive/use-archive.ts';

/** The module a path belongs to, so /orgs/123 still lights up 组织. */
function sectionOf(pathname: string): string {
  // Two-level sections are menu entries of their own.
  for (const section of [
    '/security/policy',
    '/security/permissions',
    '/security/labels',
    '/admin/accounts',
  ]) {
    if (pathname.startsWith(section)) return section;
  }
  const first = pathname.split('/')[1] ?? '';
  return first ? `/${first}` : '/';
}

export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // 党建档案: the 审计管理员, and officers whose post carries read_archive (the server says).
  const archive = useArchiveOverview(me.adminRole === 'audit' || me.memberId !== null);

  const items: MenuProps['items'] = [
    {
      key: '/',
      icon: <HomeOutlined />,
      label: <span data-testid="nav-home">{t('nav.home')}</span>,
    },
    {
      key: '/orgs',
      icon: <ApartmentOutlined />,
      label: <span data-testid="nav-orgs">{t('nav.orgs')}</span>,
    },
    // Every account with a member file talks; administrators without one have no spaces.
    ...(me.memberId
      ? [
          {
            key: '/exchange',
            icon: <CommentOutlined />,
            label: <span data-testid="nav-exchange">{t('exchange.nav')}</span>,
          },
        ]
      : []),
    // Search finds what members may open; administrators take part in neither.
    ...(me.memberId
      ? [
          {
            key: '/search',
            icon: <SearchOutlined />,
            label: <span data-testid="nav-search">{t('search.nav')}</span>,
          },
        ]
      : []),
    // 通知公告 reach members; the administrators (no party membership) receive none.
    ...(me.memberId
      ? [
          {
            key: '/notices',
            icon: <NotificationOutlined />,
            label: <span data-testid="nav-notices">{t('notices.nav')}</span>,
          },
        ]
      : []),
    // 民主评议: members take part; the administrators (no party membership) do not.
    ...(me.memberId
      ? [
          {
            key: '/evaluation',
            icon: <TrophyOutlined />,
            label: <span data-testid="nav-evaluation">{t('evaluation.nav')}</span>,
          },
        ]
      : []),
    // 谈心谈话 are held between party members.
    ...(me.memberId
      ? [
          {
            key: '/talks',
            icon: <UserSwitchOutlined />,
            label: <span data-testid="nav-talks">{t('talks.nav')}</span>,
          },
        ]
      : []),
    // 组织生活: members see their organisations' activities; officers plan them.
    ...(me.memberId
      ? [
          {
            key: '/activities',
            icon: <CalendarOutlined />,
            label: <span data-testid="nav-activities">{t('activities.nav')}</span>,
          },
        ]
      : []),
    // 组织生活会: party members and their officers; administrators have no party life.
    ...(me.memberId
      ? [
          {
            key: '/org-life',
            icon: <FlagOutlined />,
            label: <span data-testid="nav-orglife">{t('orglife.nav')}</span>,
          },
        ]
      : []),
    ...(canSeeMembers(me)
      ? [
          {
            key: '/members',
            icon: <TeamOutlined />,
            label: <span data-testid="nav-members">{t('nav.members')}</span>,
          },
          {
            key: '/transfers',
            icon: <SwapOutlined />,
            label: <span data-testid="nav-transfers">{t('transfers.nav')}</span>,
          },
        ]
      : []),
    ...(archive.data?.may.browse
      ? [
          {
            key: '/archive',
            icon: <ContainerOutlined />,
            label: <span data-testid="nav-archive">{t('archive.nav')}</span>,
          },
        ]
      : []),
    // 三员分立: the audit log is the 审计管理员's screen alone.
    ...(me.adminRole === 'audit'
      ? [
          {
            key: '/audit',
            icon: <AuditOutlined />,
            label: <span data-testid="nav-audit">{t('audit.title')}</span>,
          },
        ]
      : []),
    ...(me.adminRole === 'security'
      ? [
          {
            key: '/security/policy',
            icon: <SafetyCertificateOutlined />,
            label: <span data-testid="nav-security-policy">{t('securityPolicy.nav')}</span>,
          },
          {
            key: '/security/permissions',
            icon: <KeyOutlined />,
            label: <span data-testid="nav-permissions">{t('permissions.nav')}</span>,
          },
          {
            key: '/security/labels',
            icon: <TagsOutlined />,
            label: <span data-testid="nav-labels">{t('labels.nav')}</span>,
          },
        ]
      : []),
    ...(me.adminRole === 'system'
      ? [
          {
            key: '/admin/accounts',
            icon: <IdcardOutlined />,
            label: <span data-testid="nav-accounts">{t('accounts.nav')}</span>,
          },
        ]
      : []),
    {
      key: '/settings',
      icon: <SettingOutlined />,
      label: <span data-testid="nav-settings">{t('nav.settings')}</span>,
    },
  ];

  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[sectionOf(pathname)]}
      onClick={({ key }) => {
        void navigate(key);
        onNavigate?.();
      }}
    />
  );
}
