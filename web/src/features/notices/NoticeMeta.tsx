import { Progress, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Notice, NoticeCounts } from '@tongxin/contract';

export const formatTime = (iso: string): string =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

/** Tags that say what kind of notice it is and what it asks of the reader. */
export function NoticeTags({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const unread = notice.mine !== null && notice.mine.readAt === null && !notice.withdrawnAt;
  return (
    <Space size={4} wrap>
      {unread && <Tag color="red">{t('notices.unread')}</Tag>}
      {notice.withdrawnAt && <Tag>{t('notices.withdrawn')}</Tag>}
      {notice.requiresAck && (
        <Tag color={notice.mine?.acknowledgedAt ? 'green' : 'orange'}>
          {notice.mine?.acknowledgedAt ? t('notices.acknowledged') : t('notices.requiresAck')}
        </Tag>
      )}
      {notice.deadline && (
        <Tag color="gold">{t('notices.deadlineAt', { time: formatTime(notice.deadline) })}</Tag>
      )}
    </Space>
  );
}

/** Who sent it, from which organisation, to whom, when. */
export function noticeByline(t: TFunction, notice: Notice): string {
  const scope = notice.chosenMembers
    ? t('notices.toChosen')
    : notice.includeSubtree
      ? t('notices.toSubtree')
      : '';
  return [
    `${notice.orgName}${scope ? `（${scope}）` : ''}`,
    notice.senderName,
    formatTime(notice.sentAt),
  ].join(' · ');
}

/** Read and acknowledged progress, for those who track the notice. */
export function NoticeProgress({
  counts,
  requiresAck,
}: {
  counts: NoticeCounts;
  requiresAck: boolean;
}) {
  const { t } = useTranslation();
  const total = counts.recipients;
  const pct = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 100));
  return (
    <div className="tx-notice-progress" data-testid="notice-progress">
      <div>
        <span className="tx-muted">{t('notices.progressRead', { read: counts.read, total })}</span>
        <Progress percent={pct(counts.read)} size="small" showInfo={false} />
      </div>
      {requiresAck && (
        <div>
          <span className="tx-muted">
            {t('notices.progressAck', { ack: counts.acknowledged, total })}
          </span>
          <Progress
            percent={pct(counts.acknowledged)}
            size="small"
            showInfo={false}
            strokeColor="#52c41a"
          />
        </div>
      )}
    </div>
  );
}
