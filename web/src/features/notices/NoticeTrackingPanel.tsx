import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tabs, Tooltip, type TableColumnsType } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Notice, NoticeReceipt } from '@tongxin/contract';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { NoticeProgress, formatTime } from './NoticeMeta.tsx';
import { noticeErrorMessage } from './notice-errors.ts';
import { useNoticeAction, useNoticeTracking } from './use-notices.ts';

type Filter = 'unread' | 'read' | 'notAcked' | 'acked';

const matches: Record<Filter, (r: NoticeReceipt) => boolean> = {
  unread: (r) => !r.readAt,
  read: (r) => !!r.readAt,
  notAcked: (r) => !r.acknowledgedAt,
  acked: (r) => !!r.acknowledgedAt,
};

/** 阅读情况: who has and has not read or acknowledged, and 一键提醒 for the rest. */
export function NoticeTrackingPanel({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const tracking = useNoticeTracking(notice.id, true);
  const action = useNoticeAction();
  const [filter, setFilter] = useState<Filter>('unread');
  const data = tracking.data;
  const receipts = data?.receipts ?? [];
  const pending = receipts.filter(
    (r) => !r.readAt || (notice.requiresAck && !r.acknowledgedAt),
  ).length;
  const waitUntil =
    data?.nextRemindAt && new Date(data.nextRemindAt).getTime() > tracking.dataUpdatedAt
      ? data.nextRemindAt
      : null;

  const filters: Filter[] = notice.requiresAck
    ? ['unread', 'read', 'notAcked', 'acked']
    : ['unread', 'read'];
  const stamp = (iso: string | null) => (iso ? formatTime(iso) : '—');
  const columns: TableColumnsType<NoticeReceipt> = [
    { title: t('notices.name'), dataIndex: 'name', key: 'name' },
    { title: t('notices.branch'), dataIndex: 'branchName', key: 'branch', responsive: ['md'] },
    { title: t('notices.readTime'), key: 'read', render: (_, r) => stamp(r.readAt) },
    ...(notice.requiresAck
      ? [
          {
            title: t('notices.ackTime'),
            key: 'ack',
            render: (_: unknown, r: NoticeReceipt) => stamp(r.acknowledgedAt),
          },
        ]
      : []),
    {
      title: t('notices.remindedTime'),
      key: 'reminded',
      responsive: ['lg'],
      render: (_, r) => stamp(r.remindedAt),
    },
  ];

  const remind = () =>
    action.mutate(
      { kind: 'remind', id: notice.id },
      {
        onSuccess: (count) => void message.success(t('notices.reminded', { count: count ?? 0 })),
        onError: (e) => void message.error(noticeErrorMessage(t, e)),
      },
    );

  return (
    <Card
      title={t('notices.tracking')}
      size="small"
      loading={tracking.isPending}
      data-testid="notice-tracking"
      extra={
        !notice.withdrawnAt && (
          <Tooltip
            title={
              waitUntil
                ? t('notices.nextRemindAt', { time: formatTime(waitUntil) })
                : t('notices.remindHint', { count: pending })
            }
          >
            <Button
              type="primary"
              icon={<BellOutlined />}
              size={isMobile ? 'small' : 'middle'}
              disabled={pending === 0}
              loading={action.isPending}
              data-testid="notice-remind"
              onClick={remind}
            >
              {t('notices.remind')}
            </Button>
          </Tooltip>
        )
      }
    >
      {data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <NoticeProgress counts={data.counts} requiresAck={notice.requiresAck} />
          {pending === 0 && <Alert type="success" showIcon title={t('notices.nobodyToRemind')} />}
          <Tabs
            size="small"
            activeKey={filter}
            onChange={(k) => setFilter(k as Filter)}
            items={filters.map((f) => ({
              key: f,
              label: (
                <span data-testid={`notice-tab-${f}`}>
                  {t(`notices.trackingTabs.${f}`)} {receipts.filter(matches[f]).length}
                </span>
              ),
            }))}
          />
          <Table
            size="small"
            rowKey="memberId"
            columns={columns}
            dataSource={receipts.filter(matches[filter])}
            pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
            data-testid="notice-receipts"
          />
        </Space>
      )}
    </Card>
  );
}
