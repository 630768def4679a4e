import { App, Button, Card, List, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endOtherSessions, endSession, listSessions } from '../../api/account.ts';
import { errorMessage } from '../../i18n/error-message.ts';

const SESSIONS_KEY = ['sessions'] as const;

export function SessionsCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: listSessions });
  const refresh = () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
  const fail = (error: unknown) => void message.error(errorMessage(t, error));
  const endOne = useMutation({ mutationFn: endSession, onSuccess: refresh, onError: fail });
  const endOthers = useMutation({
    mutationFn: endOtherSessions,
    onSuccess: async ({ ended }) => {
      void message.success(t('account.endedOthers', { count: ended }));
      await refresh();
    },
    onError: fail,
  });
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const others = (sessions.data ?? []).filter((s) => !s.current).length;

  return (
    <Card
      title={t('account.sessionsTitle')}
      data-testid="account-sessions-card"
      extra={
        <Button
          danger
          disabled={others === 0}
          loading={endOthers.isPending}
          onClick={() => endOthers.mutate()}
          data-testid="sessions-end-others"
        >
          {t('account.endOthers')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('account.sessionsHint')}</Typography.Paragraph>
      {sessions.isError && (
        <Typography.Text type="danger">{errorMessage(t, sessions.error)}</Typography.Text>
      )}
      <List
        loading={sessions.isPending}
        dataSource={sessions.data ?? []}
        rowKey="id"
        renderItem={(s) => (
          <List.Item
            data-testid="session-item"
            actions={
              s.current
                ? [
                    <Tag key="current" color="green">
                      {t('account.sessionCurrent')}
                    </Tag>,
                  ]
                : [
                    <Button
                      key="end"
                      size="small"
                      onClick={() => endOne.mutate(s.id)}
                      data-testid="session-end"
                    >
                      {t('account.endSession')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={s.userAgent ?? '—'}
              description={
                <>
                  {t('account.sessionIp')}: {s.sourceIp ?? '—'} · {t('account.sessionCreated')}:{' '}
                  {when(s.createdAt)} · {t('account.sessionLastSeen')}: {when(s.lastSeenAt)}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
