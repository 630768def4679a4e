import { useState } from 'react';
import { App, Button, Empty, List, Space, Spin, Switch, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@tongxin/contract';
import { errorMessage } from '../../i18n/error-message.ts';
import { useMarkNotificationsRead, useNotificationList } from './use-notifications.ts';

const KIND_COLOURS: Record<Notification['kind'], string> = {
  mention: 'blue',
  reply: 'cyan',
  notice: 'red',
  notice_reminder: 'orange',
  talk: 'purple',
};

export const formatTime = (iso: string): string =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

/** The list behind the bell: opening an item marks it read and follows its link. */
export function NotificationList({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const list = useNotificationList(onlyUnread, true);
  const mark = useMarkNotificationsRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const open = (n: Notification) => {
    if (!n.readAt) mark.mutate({ ids: [n.id] });
    onNavigate();
    void navigate(n.link);
  };

  return (
    <div className="tx-notifications" data-testid="notification-list">
      <Space className="tx-notifications-bar" wrap>
        <Space size={4}>
          <Switch size="small" checked={onlyUnread} onChange={setOnlyUnread} />
          <span>{t('notifications.onlyUnread')}</span>
        </Space>
        <Button
          size="small"
          data-testid="notifications-mark-all"
          loading={mark.isPending}
          onClick={() =>
            mark.mutate(
              { all: true },
              {
                onSuccess: () => void message.success(t('notifications.markedAllRead')),
                onError: (e) => void message.error(errorMessage(t, e)),
              },
            )
          }
        >
          {t('notifications.markAllRead')}
        </Button>
      </Space>
      {list.isPending ? (
        <Spin className="tx-notifications-spin" />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <List
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              className={n.readAt ? 'tx-notification' : 'tx-notification tx-notification-unread'}
              data-testid="notification-item"
              onClick={() => open(n)}
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <Tag color={KIND_COLOURS[n.kind]}>{t(`notifications.kinds.${n.kind}`)}</Tag>
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
                      {n.excerpt}
                    </Typography.Paragraph>
                    <span className="tx-muted">
                      {[n.actorName, formatTime(n.createdAt)].filter(Boolean).join(' · ')}
                    </span>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {list.hasNextPage && (
        <Button
          block
          type="link"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('notifications.loadMore')}
        </Button>
      )}
    </div>
  );
}
