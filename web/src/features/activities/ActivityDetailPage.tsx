import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Modal,
  Result,
  Space,
  Spin,
  Steps,
  Tabs,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  CommentOutlined,
  DeleteOutlined,
  EditOutlined,
  FileWordOutlined,
  LockOutlined,
  NotificationOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@tongxin/contract';
import {
  deleteActivity,
  finaliseActivity,
  minutesDocxUrl,
  publishActivity,
  requestLeave,
} from '../../api/activities.ts';
import { isApiError } from '../../api/client.ts';
import { useInvalidateOnEvent } from '../../app/realtime.tsx';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { AttendanceTag, StatusTag, TypeTag } from './ActivityMeta.tsx';
import { AttachmentsPanel } from './AttachmentsPanel.tsx';
import { AttendancePanel } from './AttendancePanel.tsx';
import { LeavePanel, LeaveTag } from './LeavePanel.tsx';
import { MakeupPanel } from './MakeupPanel.tsx';
import { MinutesPanel } from './MinutesPanel.tsx';
import { SignInQrPanel } from './SignInQrPanel.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import { activityErrorMessage } from './activity-errors.ts';
import { STEP_KEYS, absenteesWithoutMakeup, currentStep } from './activity-steps.ts';
import { formatSpan, formatStamp } from './activity-time.ts';
import { ACTIVITIES_KEY, useActivity, useActivityMutation } from './use-activities.ts';
import './activities.css';

/** One activity: its plan, where it stands, and every part of its record in tabs. */
export function ActivityDetailPage() {
  const { activityId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [tab, setTab] = useState('attendance');
  const isPhone = useIsMobile();
  // activity.changed reaches every account that may see it: refetch what is on screen.
  useInvalidateOnEvent('activity.', [ACTIVITIES_KEY]);
  // While the QR code is on screen the sheet refreshes often, to show who has signed in.
  const activity = useActivity(activityId, { live: tab === 'qr' });

  if (activity.isPending) return <Spin />;
  if (activity.isError || !activity.data) {
    return (
      <Result
        status={isApiError(activity.error, 'not_found') ? '404' : 'error'}
        title={activityErrorMessage(t, activity.error)}
        extra={<Button onClick={() => void navigate('/activities')}>{t('activities.back')}</Button>}
      />
    );
  }
  const a = activity.data;
  const { record, may } = a;
  const showQr = may.manage && record.status === 'published';

  return (
    <Space direction="vertical" size="middle" className="tx-activity-full">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        className="tx-activity-back"
        onClick={() => void navigate('/activities')}
      >
        {t('activities.back')}
      </Button>
      <Card data-testid="activity-detail">
        <Typography.Title level={4} className="tx-activity-title" data-testid="activity-title">
          {record.title}
        </Typography.Title>
        <Space size={4} wrap className="tx-activity-bar">
          <TypeTag type={record.type} />
          <StatusTag status={record.status} />
          {record.version > 0 && (
            <Typography.Text type="secondary" data-testid="activity-version">
              {t('activities.versions.label', { version: record.version })}
            </Typography.Text>
          )}
        </Space>
        <ActivityFacts activity={a} />
        <ActivityActions activity={a} />
        <MyPart activity={a} />
      </Card>
      <Card>
        <Steps
          size="small"
          current={currentStep(record, new Date())}
          // On a phone the six steps sit on one line as a compact strip, not a tall column.
          responsive={false}
          {...(isPhone ? { type: 'inline' as const } : {})}
          data-testid="activity-steps"
          items={STEP_KEYS.map((key) => ({ title: t(`activities.steps.${key}`) }))}
        />
      </Card>
      {record.status !== 'draft' && (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'attendance',
                label: t('activities.tabs.attendance'),
                children: <AttendancePanel activity={a} />,
              },
              {
                key: 'leave',
                label: t('activities.tabs.leave', {
                  count: a.leaveRequests.filter((r) => r.status === 'pending').length,
                }),
                children: <LeavePanel activity={a} />,
              },
              ...(showQr
                ? [
                    {
                      key: 'qr',
                      label: <span data-testid="activity-tab-qr">{t('activities.tabs.qr')}</span>,
                      children: <SignInQrPanel activity={a} />,
                    },
                  ]
                : []),
              {
                key: 'minutes',
                label: (
                  <span data-testid="activity-tab-minutes">{t('activities.tabs.minutes')}</span>
                ),
                children: <MinutesPanel activity={a} />,
              },
              {
                key: 'attachments',
                label: t('activities.tabs.attachments', { count: record.attachments.length }),
                children: <AttachmentsPanel activity={a} />,
              },
              {
                key: 'makeup',
                label: <span data-testid="activity-tab-makeup">{t('activities.tabs.makeup')}</span>,
                children: <MakeupPanel activity={a} />,
              },
              ...(record.status === 'finalised'
                ? [
                    {
                      key: 'versions',
                      label: (
                        <span data-testid="activity-tab-versions">
                          {t('activities.tabs.versions')}
                        </span>
                      ),
                      children: <VersionsPanel activity={a} />,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function ActivityFacts({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { record } = activity;
  const d = record.details;
  const orgs = [record.orgName, ...record.partnerOrgs.map((o) => o.name)].join('、');
  const items = [
    {
      key: 'time',
      label: t('activities.facts.time'),
      children: formatSpan(record.startsAt, record.endsAt),
    },
    { key: 'place', label: t('activities.facts.place'), children: record.place },
    {
      key: 'org',
      label: record.partnerOrgs.length > 0 ? t('activities.facts.orgs') : t('activities.facts.org'),
      children: orgs,
    },
    { key: 'host', label: t('activities.facts.host'), children: record.host?.name ?? '—' },
    {
      key: 'recorder',
      label: t('activities.facts.recorder'),
      children: record.recorder?.name ?? '—',
    },
    ...(d.type === 'party_lecture'
      ? [
          { key: 'lecturer', label: t('activities.facts.lecturer'), children: d.lecturerName },
          ...(d.materials
            ? [{ key: 'materials', label: t('activities.form.materials'), children: d.materials }]
            : []),
        ]
      : []),
    ...(d.type === 'themed_day'
      ? [
          { key: 'theme', label: t('activities.form.theme'), children: d.theme },
          ...(d.plan ? [{ key: 'plan', label: t('activities.form.plan'), children: d.plan }] : []),
        ]
      : []),
    ...(d.type === 'study_group' && d.studyMaterials
      ? [{ key: 'study', label: t('activities.form.studyMaterials'), children: d.studyMaterials }]
      : []),
    ...('agenda' in d && d.agenda.length > 0
      ? [
          {
            key: 'agenda',
            label: t('activities.form.agenda'),
            children: (
              <ol className="tx-activity-agenda">
                {d.agenda.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ol>
            ),
          },
        ]
      : []),
    {
      key: 'counts',
      label: t('activities.facts.attendance'),
      children: t('activities.countsFull', {
        expected: record.counts.expected,
        present: record.counts.present,
        absent: record.counts.absent,
        leave: record.counts.leave,
      }),
    },
    {
      key: 'created',
      label: t('activities.facts.created'),
      children: `${record.createdByName} · ${formatStamp(record.createdAt)}`,
    },
    ...(record.finalisedAt
      ? [
          {
            key: 'finalised',
            label: t('activities.facts.finalised'),
            children: `${record.finalisedByName ?? ''} · ${formatStamp(record.finalisedAt)}`,
          },
        ]
      : []),
  ];
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={items}
      className="tx-activity-facts"
    />
  );
}

function ActivityActions({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { record, may } = activity;
  const publish = useActivityMutation(() => publishActivity(record.id));
  const finalise = useActivityMutation(() => finaliseActivity(record.id));
  const remove = useActivityMutation(() => deleteActivity(record.id));
  const failed = (e: unknown) => void message.error(activityErrorMessage(t, e));
  const missingMakeup = absenteesWithoutMakeup(record).length;

  return (
    <div className="tx-activity-actions">
      {may.publish && (
        <Button
          type="primary"
          icon={<SendOutlined />}
          data-testid="activity-publish"
          loading={publish.isPending}
          onClick={() =>
            modal.confirm({
              title: t('activities.publishTitle'),
              content: t('activities.publishHelp', { count: record.attendees.length }),
              onOk: () =>
                publish.mutateAsync(undefined, {
                  onSuccess: () => void message.success(t('activities.published')),
                  onError: failed,
                }),
            })
          }
        >
          {t('activities.publish')}
        </Button>
      )}
      {may.edit && (
        <Button
          icon={<EditOutlined />}
          data-testid="activity-edit"
          onClick={() => void navigate(`/activities/${record.id}/edit`)}
        >
          {t('activities.edit')}
        </Button>
      )}
      {may.finalise && (
        <Button
          type="primary"
          icon={<LockOutlined />}
          data-testid="activity-finalise"
          loading={finalise.isPending}
          onClick={() =>
            modal.confirm({
              title: t('activities.finaliseTitle'),
              content: (
                <>
                  <p>{t('activities.finaliseHelp')}</p>
                  {!record.minutes.updatedAt && (
                    <Alert type="warning" showIcon title={t('activities.finaliseNoMinutes')} />
                  )}
                  {missingMakeup > 0 && (
                    <Alert
                      type="warning"
                      showIcon
                      title={t('activities.finaliseMissingMakeup', { count: missingMakeup })}
                    />
                  )}
                </>
              ),
              onOk: () =>
                finalise.mutateAsync(undefined, {
                  onSuccess: () => void message.success(t('activities.finalised')),
                  onError: failed,
                }),
            })
          }
        >
          {t('activities.finalise')}
        </Button>
      )}
      {record.status !== 'draft' && (
        <Button
          icon={<FileWordOutlined />}
          href={minutesDocxUrl(record.id)}
          download
          data-testid="activity-export"
        >
          {t('activities.export')}
        </Button>
      )}
      {record.topics.map((topic) => (
        <Link
          key={topic.topicId}
          to={`/exchange/${topic.spaceId}/${topic.topicId}`}
          data-testid="activity-topic"
        >
          <Button icon={<CommentOutlined />}>
            {record.topics.length > 1
              ? t('activities.discussIn', { org: topic.orgName })
              : t('activities.discuss')}
          </Button>
        </Link>
      ))}
      {record.noticeId && (
        <Link to={`/notices/${record.noticeId}`} data-testid="activity-notice">
          <Button icon={<NotificationOutlined />}>{t('activities.notice')}</Button>
        </Link>
      )}
      {may.delete && (
        <Button
          danger
          icon={<DeleteOutlined />}
          data-testid="activity-delete"
          onClick={() =>
            modal.confirm({
              title: t('activities.deleteTitle'),
              okButtonProps: { danger: true },
              onOk: () =>
                remove.mutateAsync(undefined, {
                  onSuccess: () => void navigate('/activities'),
                  onError: failed,
                }),
            })
          }
        >
          {t('activities.delete')}
        </Button>
      )}
    </div>
  );
}

/** The signed-in member's own part: attendance, leave, how to sign in. */
function MyPart({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSignedInUser();
  const { record, may } = activity;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const ask = useActivityMutation((text: string) => requestLeave(record.id, text));
  const mine = record.attendees.find((a) => a.memberId === me.memberId);
  if (!mine || record.status === 'draft') return null;
  const myLeave = activity.leaveRequests.filter((r) => r.memberId === me.memberId);

  return (
    <div className="tx-activity-mine" data-testid="activity-mine">
      <Space wrap>
        <span>{t('activities.mine')}</span>
        <AttendanceTag status={mine.status} />
        {myLeave.map((r) => (
          <LeaveTag key={r.id} status={r.status} />
        ))}
        {may.requestLeave && mine.status !== 'present' && (
          <Button size="small" data-testid="activity-ask-leave" onClick={() => setAsking(true)}>
            {t('activities.leave.ask')}
          </Button>
        )}
      </Space>
      {may.signIn && mine.status === 'expected' && (
        <Typography.Paragraph type="secondary" className="tx-activity-hint">
          {t('activities.signInHint')}
        </Typography.Paragraph>
      )}
      <Modal
        open={asking}
        title={t('activities.leave.askTitle')}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        confirmLoading={ask.isPending}
        onCancel={() => setAsking(false)}
        onOk={() =>
          ask.mutate(reason.trim(), {
            onSuccess: () => {
              setAsking(false);
              setReason('');
              void message.success(t('activities.leave.asked'));
            },
            onError: (e) => void message.error(activityErrorMessage(t, e)),
          })
        }
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('activities.leave.reason')}
          value={reason}
          data-testid="activity-leave-reason"
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
