import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  ActivityStatus,
  ActivitySummary,
  ActivityType,
  AttendanceStatus,
} from '@tongxin/contract';

const STATUS_COLOR: Record<ActivityStatus, string> = {
  draft: 'default',
  published: 'blue',
  finalised: 'green',
};

const ATTENDANCE_COLOR: Record<AttendanceStatus, string> = {
  expected: 'default',
  present: 'green',
  absent: 'red',
  leave: 'orange',
};

export function TypeTag({ type }: { type: ActivityType }) {
  const { t } = useTranslation();
  return <Tag color="red">{t(`activities.types.${type}`)}</Tag>;
}

export function StatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="activity-status">
      {t(`activities.statuses.${status}`)}
    </Tag>
  );
}

export function AttendanceTag({ status }: { status: AttendanceStatus }) {
  const { t } = useTranslation();
  return <Tag color={ATTENDANCE_COLOR[status]}>{t(`activities.attendance.${status}`)}</Tag>;
}

/** The tags of a list line: type, status, the caller's own part in it. */
export function SummaryTags({ activity }: { activity: ActivitySummary }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <TypeTag type={activity.type} />
      <StatusTag status={activity.status} />
      {activity.partnerOrgs.length > 0 && <Tag color="purple">{t('activities.joint')}</Tag>}
      {activity.mine?.leave === 'pending' && (
        <Tag color="orange">{t('activities.leave.pendingMine')}</Tag>
      )}
      {activity.mine && activity.mine.status !== 'expected' && (
        <AttendanceTag status={activity.mine.status} />
      )}
    </Space>
  );
}
