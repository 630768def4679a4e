import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgLifeMeeting, OrgLifeStatus } from '@tongxin/contract';

const COLOR: Record<OrgLifeStatus, string> = {
  preparing: 'blue',
  held: 'purple',
  rectifying: 'orange',
  reported: 'green',
};

export function StatusTag({ status }: { status: OrgLifeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[status]} data-testid="orglife-status">
      {t(`orglife.status.${status}`)}
    </Tag>
  );
}

/** Opinions, rectification progress and the overdue count, as a list line shows them. */
export function MeetingCounts({ meeting }: { meeting: OrgLifeMeeting }) {
  const { t } = useTranslation();
  const c = meeting.counts;
  return (
    <Space size={4} wrap>
      <span className="tx-muted">
        {t('orglife.counts', {
          opinions: c.opinions,
          done: c.done,
          rectifications: c.rectifications,
        })}
      </span>
      {c.overdue > 0 && <Tag color="red">{t('orglife.overdueCount', { count: c.overdue })}</Tag>}
    </Space>
  );
}

/** A calendar day (YYYY-MM-DD) as the party writes it: 2026年11月20日 / 20 Nov 2026. */
export const formatDay = (day: string, language: string): string =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(language.startsWith('zh') ? 'zh-CN' : 'en-GB', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });

/** A moment, read in Asia/Shanghai. */
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
