import { useState } from 'react';
import { Drawer, Empty, List, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@tongxin/contract';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { AttendanceTag } from './ActivityMeta.tsx';
import { activityErrorMessage } from './activity-errors.ts';
import { formatSpan, formatStamp } from './activity-time.ts';
import { MinutesView } from './MinutesPanel.tsx';
import { useActivityVersion, useActivityVersions } from './use-activities.ts';

/** 版本记录: the finalised record and each amendment with its reason; any one can be opened. */
export function VersionsPanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const phone = useIsMobile();
  const id = activity.record.id;
  // Refetch when the current version moves (an amendment was saved).
  const versions = useActivityVersions(id, activity.record.status === 'finalised');
  const [open, setOpen] = useState<number | null>(null);
  const version = useActivityVersion(id, open);

  if (activity.record.status !== 'finalised') {
    return <Empty description={t('activities.versions.notYet')} />;
  }
  return (
    <>
      <List
        loading={versions.isPending}
        dataSource={[...(versions.data ?? [])].sort((a, b) => b.version - a.version)}
        data-testid="versions"
        renderItem={(v) => (
          <List.Item
            key={v.version}
            className="tx-activity-item"
            data-testid="version-item"
            onClick={() => setOpen(v.version)}
          >
            <List.Item.Meta
              title={
                <>
                  <Tag color={v.version === activity.record.version ? 'green' : 'default'}>
                    {t('activities.versions.label', { version: v.version })}
                  </Tag>
                  {v.reason ?? t('activities.versions.finalised')}
                </>
              }
              description={`${v.createdByName} · ${formatStamp(v.createdAt)}`}
            />
          </List.Item>
        )}
      />
      <Drawer
        open={open !== null}
        width={phone ? '100%' : 720}
        title={open !== null ? t('activities.versions.label', { version: open }) : ''}
        onClose={() => setOpen(null)}
      >
        {version.isPending ? (
          <Spin />
        ) : version.isError ? (
          <Typography.Text type="danger">{activityErrorMessage(t, version.error)}</Typography.Text>
        ) : version.data ? (
          <div data-testid="version-record">
            <Typography.Title level={5}>{version.data.record.title}</Typography.Title>
            <Typography.Paragraph type="secondary">
              {formatSpan(version.data.record.startsAt, version.data.record.endsAt)} ·{' '}
              {version.data.record.place}
            </Typography.Paragraph>
            {version.data.info.reason && (
              <Typography.Paragraph>
                {t('activities.versions.reason', { reason: version.data.info.reason })}
              </Typography.Paragraph>
            )}
            <Typography.Title level={5}>{t('activities.tabs.attendance')}</Typography.Title>
            <ul className="tx-activity-version-attendees">
              {version.data.record.attendees.map((a) => (
                <li key={a.memberId}>
                  {a.name} <AttendanceTag status={a.status} />
                  {a.note ?? ''}
                </li>
              ))}
            </ul>
            <MinutesView record={version.data.record} />
          </div>
        ) : null}
      </Drawer>
    </>
  );
}
