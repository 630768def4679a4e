import { useState } from 'react';
import { App, Button, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  MARKED_ATTENDANCE,
  type Activity,
  type AttendanceInput,
  type Attendee,
  type MarkedAttendance,
} from '@tongxin/contract';
import { amendActivity, markAttendance } from '../../api/activities.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { AttendanceTag } from './ActivityMeta.tsx';
import { activityErrorMessage } from './activity-errors.ts';
import { formatStamp } from './activity-time.ts';
import { useActivityMutation } from './use-activities.ts';

type Entries = AttendanceInput['entries'];

/**
 * 签到表: every expected attendee with their attendance. Officers mark it here (before
 * finalising directly, afterwards as an amendment with a reason).
 */
export function AttendancePanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = useIsMobile();
  const { record, may } = activity;
  const finalised = record.status === 'finalised';
  const editable = record.status === 'published' ? may.manage : finalised && may.amend;
  const [amending, setAmending] = useState<Entries | null>(null);
  const [reason, setReason] = useState('');
  // Absence and leave carry their reason onto the record (会议记录: 缺席及原因).
  const [noting, setNoting] = useState<{ memberId: string; status: MarkedAttendance } | null>(null);
  const [note, setNote] = useState('');
  const mark = useActivityMutation((entries: Entries) => markAttendance(record.id, { entries }));
  const amend = useActivityMutation((args: { entries: Entries; reason: string }) =>
    amendActivity(record.id, { reason: args.reason, attendance: { entries: args.entries } }),
  );
  const done = {
    onSuccess: () => void message.success(t('activities.attendanceSaved')),
    onError: (e: unknown) => void message.error(activityErrorMessage(t, e)),
  };
  const change = (entries: Entries) => {
    if (finalised) {
      setReason('');
      setAmending(entries);
    } else {
      mark.mutate(entries, done);
    }
  };
  const unmarked = record.attendees.filter((a) => a.status === 'expected');
  const { counts } = record;

  return (
    <>
      <Space wrap className="tx-activity-bar" data-testid="attendance-counts">
        <Typography.Text>
          {t('activities.countsFull', {
            expected: counts.expected,
            present: counts.present,
            absent: counts.absent,
            leave: counts.leave,
          })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('activities.votingCounts', {
            present: counts.votingPresent,
            expected: counts.votingExpected,
          })}
        </Typography.Text>
        {editable && !finalised && unmarked.length > 0 && (
          <Button
            size="small"
            data-testid="attendance-mark-rest"
            loading={mark.isPending}
            onClick={() =>
              change(unmarked.map((a) => ({ memberId: a.memberId, status: 'present' as const })))
            }
          >
            {t('activities.markRestPresent', { count: unmarked.length })}
          </Button>
        )}
      </Space>
      <Table<Attendee>
        rowKey="memberId"
        size="small"
        pagination={false}
        scroll={{ x: phone ? 520 : undefined }}
        dataSource={record.attendees}
        data-testid="attendance-sheet"
        columns={[
          {
            title: t('activities.name'),
            dataIndex: 'name',
            render: (name: string, a) => (
              <span data-testid="attendee-name">
                {name}
                {!a.voting && (
                  <Typography.Text type="secondary">
                    {' '}
                    {t('activities.probationary')}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          ...(phone ? [] : [{ title: t('activities.branch'), dataIndex: 'orgName' }]),
          {
            title: t('activities.attendanceStatus'),
            dataIndex: 'status',
            render: (_: unknown, a: Attendee) =>
              editable ? (
                <Select<MarkedAttendance>
                  size="small"
                  className="tx-activity-mark"
                  value={a.status === 'expected' ? undefined : a.status}
                  placeholder={t('activities.attendance.expected')}
                  data-testid="attendance-mark"
                  onChange={(status) => {
                    if (status === 'present') {
                      change([{ memberId: a.memberId, status }]);
                    } else {
                      setNote(a.note ?? '');
                      setNoting({ memberId: a.memberId, status });
                    }
                  }}
                  options={MARKED_ATTENDANCE.map((s) => ({
                    value: s,
                    label: t(`activities.attendance.${s}`),
                  }))}
                />
              ) : (
                <AttendanceTag status={a.status} />
              ),
          },
          {
            title: t('activities.signedIn'),
            dataIndex: 'signedInAt',
            render: (_: unknown, a: Attendee) =>
              a.signedInAt
                ? `${formatStamp(a.signedInAt)}${a.signInMethod === 'qr' ? ` · ${t('activities.byQr')}` : ''}`
                : '',
          },
          { title: t('activities.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
        ]}
      />
      <Modal
        open={noting !== null}
        title={t('activities.absenceReason')}
        onCancel={() => setNoting(null)}
        onOk={() => {
          if (!noting) return;
          const trimmed = note.trim();
          change([{ ...noting, ...(trimmed ? { note: trimmed } : {}) }]);
          setNoting(null);
        }}
      >
        <Input
          maxLength={500}
          value={note}
          data-testid="attendance-note"
          placeholder={t('activities.absenceReasonHint')}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
      <Modal
        open={amending !== null}
        title={t('activities.amend.title')}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        confirmLoading={amend.isPending}
        onCancel={() => setAmending(null)}
        onOk={() =>
          amending &&
          amend.mutate(
            { entries: amending, reason: reason.trim() },
            {
              onSuccess: () => {
                setAmending(null);
                void message.success(t('activities.amend.done'));
              },
              onError: done.onError,
            },
          )
        }
      >
        <Typography.Paragraph>{t('activities.amend.help')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('activities.amend.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}
