import { useState } from 'react';
import { App, Button, Card, Empty, List, Space, Switch, Tabs, Typography } from 'antd';
import { NotificationOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notice } from '@tongxin/contract';
import { NoticeProgress, NoticeTags, noticeByline } from './NoticeMeta.tsx';
import { noticeErrorMessage } from './notice-errors.ts';
import { useNoticeAction, useNoticeList, useNoticeTargets } from './use-notices.ts';
import './notices.css';

type Box = 'inbox' | 'sent';
const PAGE = 20;

/** 通知公告: the notices received (unread first in the eye), and for officers those they manage. */
export function NoticesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const targets = useNoticeTargets();
  const mayCompose = (targets.data?.length ?? 0) > 0;
  const [box, setBox] = useState<Box>('inbox');

  return (
    <Card
      className="tx-notices"
      title={
        <Space>
          <NotificationOutlined />
          {t('notices.title')}
        </Space>
      }
      extra={
        mayCompose && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="notice-compose"
            onClick={() => void navigate('/notices/new')}
          >
            {t('notices.compose')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={box}
        onChange={(key) => setBox(key as Box)}
        items={[
          { key: 'inbox', label: t('notices.inbox'), children: <NoticeBox box="inbox" /> },
          ...(mayCompose
            ? [{ key: 'sent', label: t('notices.sent'), children: <NoticeBox box="sent" /> }]
            : []),
        ]}
      />
    </Card>
  );
}

function NoticeBox({ box }: { box: Box }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [page, setPage] = useState(1);
  const list = useNoticeList({
    box,
    ...(onlyUnread && box === 'inbox' ? { unread: true } : {}),
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });
  const action = useNoticeAction();

  const acknowledge = (notice: Notice) =>
    action.mutate(
      { kind: 'acknowledge', id: notice.id },
      {
        onSuccess: () => void message.success(t('notices.acknowledged')),
        onError: (e) => void message.error(noticeErrorMessage(t, e)),
      },
    );

  return (
    <>
      {box === 'inbox' && (
        <Space className="tx-notices-bar">
          <Switch
            size="small"
            checked={onlyUnread}
            onChange={(v) => {
              setOnlyUnread(v);
              setPage(1);
            }}
          />
          <span>{t('notices.onlyUnread')}</span>
          {(list.data?.unread ?? 0) > 0 && (
            <Typography.Text type="danger">
              {t('notices.unreadCount', { count: list.data?.unread ?? 0 })}
            </Typography.Text>
          )}
        </Space>
      )}
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('notices.empty')} /> }}
        pagination={
          (list.data?.total ?? 0) > PAGE
            ? {
                current: page,
                pageSize: PAGE,
                total: list.data?.total ?? 0,
                onChange: setPage,
                size: 'small',
              }
            : false
        }
        renderItem={(notice) => {
          const unread = notice.mine !== null && !notice.mine.readAt && !notice.withdrawnAt;
          const mayAck =
            notice.requiresAck && notice.mine && !notice.mine.acknowledgedAt && !notice.withdrawnAt;
          return (
            <List.Item
              key={notice.id}
              className={unread ? 'tx-notice-item tx-notice-unread' : 'tx-notice-item'}
              data-testid="notice-item"
              onClick={() => void navigate(`/notices/${notice.id}`)}
              actions={
                mayAck
                  ? [
                      <Button
                        key="ack"
                        size="small"
                        type="primary"
                        data-testid="notice-ack-inline"
                        loading={action.isPending}
                        onClick={(e) => {
                          e.stopPropagation();
                          acknowledge(notice);
                        }}
                      >
                        {t('notices.acknowledge')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <Typography.Text strong={unread}>{notice.title}</Typography.Text>
                    <NoticeTags notice={notice} />
                  </Space>
                }
                description={
                  <>
                    <div className="tx-muted">{noticeByline(t, notice)}</div>
                    {notice.counts && (
                      <NoticeProgress counts={notice.counts} requiresAck={notice.requiresAck} />
                    )}
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
    </>
  );
}
