import { useState } from 'react';
import { App, Button, Empty, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity, LeaveRequest, LeaveStatus } from '@tongxin/contract';
import { decideLeave } from '../../api/activities.ts';
import { activityErrorMessage } from './activity-errors.ts';
import { formatStamp } from './activity-time.ts';
import { useActivityMutation } from './use-activities.ts';

const LEAVE_COLOR: Record<LeaveStatus, string> = {
  pending: 'orange',
  approved: 'green',
  refused: 'red',
};

export function LeaveTag({ status }: { status: LeaveStatus }) {
  const { t } = useTranslation();
  return <Tag color={LEAVE_COLOR[status]}>{t(`activities.leave.${status}`)}</Tag>;
}

interface Decision {
  request: LeaveRequest;
  approve: boolean;
}

/** 请假: the requests (an officer sees all and decides the pending ones; a member their own). */
export function LeavePanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const decide = useActivityMutation((d: Decision & { note: string }) =>
    decideLeave(activity.record.id, d.request.id, {
      approve: d.approve,
      ...(d.note ? { note: d.note } : {}),
    }),
  );
  const mayDecide = activity.may.manage && activity.record.status === 'published';

  return (
    <>
      <List
        dataSource={activity.leaveRequests}
        data-testid="leave-requests"
        locale={{ emptyText: <Empty description={t('activities.leave.none')} /> }}
        renderItem={(r) => (
          <List.Item
            key={r.id}
            data-testid="leave-request"
            actions={
              mayDecide && r.status === 'pending'
                ? [
                    <Button
                      key="approve"
                      size="small"
                      type="primary"
                      data-testid="leave-approve"
                      onClick={() => {
                        setNote('');
                        setDeciding({ request: r, approve: true });
                      }}
                    >
                      {t('activities.leave.approve')}
                    </Button>,
                    <Button
                      key="refuse"
                      size="small"
                      danger
                      data-testid="leave-refuse"
                      onClick={() => {
                        setNote('');
                        setDeciding({ request: r, approve: false });
                      }}
                    >
                      {t('activities.leave.refuse')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space size={6} wrap>
                  <span>{r.name}</span>
                  <LeaveTag status={r.status} />
                </Space>
              }
              description={
                <>
                  <div>{r.reason}</div>
                  <div className="tx-muted">{formatStamp(r.createdAt)}</div>
                  {r.decidedAt && (
                    <div className="tx-muted">
                      {t('activities.leave.decidedBy', {
                        name: r.decidedByName ?? '',
                        time: formatStamp(r.decidedAt),
                      })}
                      {r.decisionNote ? `：${r.decisionNote}` : ''}
                    </div>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={deciding !== null}
        title={
          deciding?.approve
            ? t('activities.leave.approveTitle', { name: deciding.request.name })
            : t('activities.leave.refuseTitle', { name: deciding?.request.name ?? '' })
        }
        okButtonProps={{ danger: deciding?.approve === false }}
        confirmLoading={decide.isPending}
        onCancel={() => setDeciding(null)}
        onOk={() =>
          deciding &&
          decide.mutate(
            { ...deciding, note: note.trim() },
            {
              onSuccess: () => {
                setDeciding(null);
                void message.success(t('activities.leave.decided'));
              },
              onError: (e) => void message.error(activityErrorMessage(t, e)),
            },
          )
        }
      >
        <Typography.Paragraph>{deciding?.request.reason}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={t('activities.leave.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </>
  );
}
