import { createBrowserRouter } from 'react-router';
import { AppShell } from './AppShell.tsx';
import { FullPageSpin } from './FullPageSpin.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireAuth } from './RequireAuth.tsx';
import { RouteErrorPage } from './RouteErrorPage.tsx';

// Screens load on first visit: the setup form is used once in a system's life, and a member
// on a phone should not download the administrators' screens to read the home page.
export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      {
        path: '/setup',
        lazy: async () => ({
          Component: (await import('../features/setup/SetupPage.tsx')).SetupPage,
        }),
      },
      {
        path: '/sign-in',
        lazy: async () => ({
          Component: (await import('../features/auth/SignInPage.tsx')).SignInPage,
        }),
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('../features/home/HomePage.tsx')).HomePage,
            }),
          },
          {
            path: 'orgs/:orgId?',
            lazy: async () => ({
              Component: (await import('../features/orgs/OrgsPage.tsx')).OrgsPage,
            }),
          },
          {
            // Spaces, then a space's topics, then a topic's messages: on a phone each level is a
            // view of its own, so the URL carries the whole path and Back goes up one level.
            path: 'exchange/:spaceId?/:topicId?',
            lazy: async () => ({
              Component: (await import('../features/exchange/ExchangePage.tsx')).ExchangePage,
            }),
          },
          {
            path: 'search',
            lazy: async () => ({
              Component: (await import('../features/search/SearchPage.tsx')).SearchPage,
            }),
          },
          {
            path: 'members',
            lazy: async () => ({
              Component: (await import('../features/members/MembersPage.tsx')).MembersPage,
            }),
          },
          {
            path: 'audit',
            lazy: async () => ({
              Component: (await import('../features/audit/AuditPage.tsx')).AuditPage,
            }),
          },
          {
            path: 'transfers',
            lazy: async () => ({
              Component: (await import('../features/transfers/TransfersPage.tsx')).TransfersPage,
            }),
          },
          {
            path: 'notices',
            lazy: async () => ({
              Component: (await import('../features/notices/NoticesPage.tsx')).NoticesPage,
            }),
          },
          {
            path: 'notices/new',
            lazy: async () => ({
              Component: (await import('../features/notices/NoticeComposerPage.tsx'))
                .NoticeComposerPage,
            }),
          },
          {
            path: 'archive',
            lazy: async () => ({
              Component: (await import('../features/archive/ArchivePage.tsx')).ArchivePage,
            }),
          },
          {
            path: 'notices/:noticeId',
            lazy: async () => ({
              Component: (await import('../features/notices/NoticeDetailPage.tsx'))
                .NoticeDetailPage,
            }),
          },
          {
            path: 'evaluation',
            lazy: async () => ({
              Component: (await import('../features/evaluation/EvaluationsPage.tsx'))
                .EvaluationsPage,
            }),
          },
          {
            path: 'evaluation/:roundId',
            lazy: async () => ({
              Component: (await import('../features/evaluation/EvaluationRoundPage.tsx'))
                .EvaluationRoundPage,
            }),
          },
          {
            path: 'talks',
            lazy: async () => ({
              Component: (await import('../features/talks/TalksPage.tsx')).TalksPage,
            }),
          },
          {
            path: 'talks/new',
            lazy: async () => ({
              Component: (await import('../features/talks/TalkSchedulePage.tsx')).TalkSchedulePage,
            }),
          },
          {
            path: 'talks/coverage',
            lazy: async () => ({
              Component: (await import('../features/talks/TalkCoveragePage.tsx')).TalkCoveragePage,
            }),
          },
          {
            path: 'talks/:talkId',
            lazy: async () => ({
              Component: (await import('../features/talks/TalkDetailPage.tsx')).TalkDetailPage,
            }),
          },
          {
            path: 'activities',
            lazy: async () => ({
              Component: (await import('../features/activities/ActivitiesPage.tsx')).ActivitiesPage,
            }),
          },
          {
            path: 'activities/new',
            lazy: async () => ({
              Component: (await import('../features/activities/ActivityFormPage.tsx'))
                .ActivityFormPage,
            }),
          },
          {
            path: 'activities/:activityId',
            lazy: async () => ({
              Component: (await import('../features/activities/ActivityDetailPage.tsx'))
                .ActivityDetailPage,
            }),
          },
          {
            path: 'activities/:activityId/edit',
            lazy: async () => ({
              Component: (await import('../features/activities/ActivityFormPage.tsx'))
                .ActivityFormPage,
            }),
          },
          {
            // The page a member's phone opens from the sign-in QR code.
            path: 'activities/:activityId/sign-in',
            lazy: async () => ({
              Component: (await import('../features/activities/SignInPage.tsx')).SignInPage,
            }),
          },
          {
            path: 'org-life',
            lazy: async () => ({
              Component: (await import('../features/orglife/OrgLifePage.tsx')).OrgLifePage,
            }),
          },
          {
            path: 'org-life/:meetingId',
            lazy: async () => ({
              Component: (await import('../features/orglife/OrgLifeDetailPage.tsx'))
                .OrgLifeDetailPage,
            }),
          },
          {
            path: 'account',
            lazy: async () => ({
              Component: (await import('../features/account/AccountPage.tsx')).AccountPage,
            }),
          },
          {
            path: 'security/policy',
            lazy: async () => ({
              Component: (await import('../features/security/SecurityPolicyPage.tsx'))
                .SecurityPolicyPage,
            }),
          },
          {
            path: 'security/permissions',
            lazy: async () => ({
              Component: (await import('../features/security/PermissionsPage.tsx')).PermissionsPage,
            }),
          },
          {
            path: 'security/labels',
            lazy: async () => ({
              Component: (await import('../features/security/LabelsPage.tsx')).LabelsPage,
            }),
          },
          {
            path: 'admin/accounts',
            lazy: async () => ({
              Component: (await import('../features/accounts/AccountsPage.tsx')).AccountsPage,
            }),
          },
          {
            path: 'settings',
            lazy: async () => ({
              Component: (await import('../features/settings/SettingsPage.tsx')).SettingsPage,
            }),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
