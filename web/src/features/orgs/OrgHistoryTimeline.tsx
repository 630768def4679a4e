import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgHistoryEntry } from '@tongxin/contract';

const COLORS: Record<OrgHistoryEntry['action'], string> = {
  create: 'green',
  rename: 'blue',
  move: 'blue',
  term: 'purple',
  dissolve: 'red',
  post_assign: 'gray',
  post_end: 'gray',
};

/** What happened to the organisation, newest first: what, old → new, who, when, why. */
export function OrgHistoryTimeline({ history }: { history: readonly OrgHistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const what = (e: OrgHistoryEntry): string => {
    const post = e.post ? t(`posts.${e.post}`) : '';
    const values = { old: e.oldValue ?? '', new: e.newValue ?? '', post };
    return t(`orgs.historyAction.${e.action}`, values);
  };
  return (
    <Timeline
      data-testid="org-history"
      items={history.map((e) => ({
        key: e.id,
        color: COLORS[e.action],
        content: (
          <div>
            <Typography.Text>{what(e)}</Typography.Text>
            {e.reason && (
              <div>
                <Typography.Text type="secondary">
                  {t('orgs.historyReason', { reason: e.reason })}
                </Typography.Text>
              </div>
            )}
            <div>
              <Typography.Text type="secondary" className="tx-org-history-meta">
                {when.format(new Date(e.at))} · {e.actorName}
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}
