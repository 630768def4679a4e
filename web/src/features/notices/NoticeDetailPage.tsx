import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Result, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { NoticeTags, formatTime, noticeByline } from './NoticeMeta.tsx';
import { NoticeTrackingPanel } from './NoticeTrackingPanel.tsx';
import { noticeErrorMessage } from './notice-errors.ts';
import { useNotice, useNoticeAction } from './use-notices.ts';
import './notices.css';

/** One notice: opening it marks it read; acknowledge if asked; trackers see the receipts. */
export function NoticeDetailPage() {
  const { noticeId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const notice = useNotice(noticeId);
  // Marking read on opening is its own mutation, so it never holds up the buttons.
  const { mutate: markRead } = useNoticeAction();
  const action = useNoticeAction();
  const { mutate } = action;
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');

  const unread = notice.data?.mine && !notice.data.mine.readAt;
  useEffect(() => {
    if (unread) markRead({ kind: 'read', id: noticeId });
  }, [unread, noticeId, markRead]);

  if (notice.isPending) return <Spin />;
  if (notice.isError || !notice.data) {
    return (
      <Result
        status={isApiError(notice.error, 'not_found') ? '404' : 'error'}
        title={noticeErrorMessage(t, notice.error)}
        extra={<Button onClick={() => void navigate('/notices')}>{t('notices.back')}</Button>}
      />
    );
  }
  const n = notice.data;
  const mayAck = n.requiresAck && n.mine && !n.mine.acknowledgedAt && !n.withdrawnAt;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => void navigate('/notices')}
        style={{ paddingInline: 0 }}
      >
        {t('notices.back')}
      </Button>
      <Card data-testid="notice-detail">
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="notice-title">
          {n.title}
        </Typography.Title>
        <Space direction="vertical" size={4} style={{ marginBottom: 12 }}>
          <span className="tx-muted">{noticeByline(t, n)}</span>
          <NoticeTags notice={n} />
        </Space>
        {n.withdrawnAt && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('notices.withdrawnBy', {
              name: n.withdrawnByName ?? '',
              time: formatTime(n.withdrawnAt),
              reason: n.withdrawReason ?? '',
            })}
          />
        )}
        {n.bodyHtml ? (
          // Rendered and sanitised on the server (platform/markdown): safe to insert as is.
          <div
            className="tx-notice-body"
            data-testid="notice-body"
            dangerouslySetInnerHTML={{ __html: n.bodyHtml }}
          />
        ) : (
          <Typography.Text type="secondary">{t('notices.withdrawnBody')}</Typography.Text>
        )}
        <div className="tx-notice-actions">
          {mayAck && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              data-testid="notice-acknowledge"
              loading={action.isPending}
              onClick={() =>
                mutate(
                  { kind: 'acknowledge', id: n.id },
                  {
                    onSuccess: () => void message.success(t('notices.acknowledged')),
                    onError: (e) => void message.error(noticeErrorMessage(t, e)),
                  },
                )
              }
            >
              {t('notices.acknowledge')}
            </Button>
          )}
          {n.mine?.acknowledgedAt && (
            <Typography.Text type="success" data-testid="notice-acknowledged">
              {t('notices.acknowledgedAt', { time: formatTime(n.mine.acknowledgedAt) })}
            </Typography.Text>
          )}
          {n.may.withdraw && (
            <Button danger data-testid="notice-withdraw" onClick={() => setWithdrawing(true)}>
              {t('notices.withdraw')}
            </Button>
          )}
        </div>
      </Card>
      {n.may.track && <NoticeTrackingPanel notice={n} />}
      <Modal
        open={withdrawing}
        title={t('notices.withdrawTitle')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        confirmLoading={action.isPending}
        onCancel={() => setWithdrawing(false)}
        onOk={() =>
          mutate(
            { kind: 'withdraw', id: n.id, reason: reason.trim() },
            {
              onSuccess: () => {
                setWithdrawing(false);
                void message.success(t('notices.withdrawDone'));
              },
              onError: (e) => void message.error(noticeErrorMessage(t, e)),
            },
          )
        }
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('notices.withdrawReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}
